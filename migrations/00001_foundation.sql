-- +goose Up
CREATE TABLE regions (
    code        char(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    name        text NOT NULL,
    parent_code char(6) REFERENCES regions (code),
    level       smallint NOT NULL CHECK (level BETWEEN 1 AND 3)
);
CREATE INDEX regions_parent_idx ON regions (parent_code);

CREATE TABLE users (
    id                uuid PRIMARY KEY,
    email             text UNIQUE CHECK (email = lower(email)),
    phone             text UNIQUE CHECK (phone ~ '^1[3-9][0-9]{9}$'),
    password_hash     text NOT NULL,
    display_name      text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
    locale            text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
    is_platform_admin boolean NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (email IS NOT NULL OR phone IS NOT NULL)
);

CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_hash  bytea NOT NULL UNIQUE,
    scopes       text[] NOT NULL DEFAULT '{}',
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

CREATE TABLE sessions (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    secret_hash  bytea NOT NULL UNIQUE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Failed sign-ins, for throttling per account and per address. Old rows are
-- pruned by a periodic job.
CREATE TABLE login_failures (
    id         bigserial PRIMARY KEY,
    login_key  text NOT NULL,
    addr       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_login_idx ON login_failures (login_key, created_at);
CREATE INDEX login_failures_addr_idx ON login_failures (addr, created_at);

CREATE TABLE organizations (
    id                  uuid PRIMARY KEY,
    kind                text NOT NULL CHECK (kind IN ('bureau', 'social_org', 'alliance', 'foundation', 'station')),
    name                text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
    credit_code         char(18) NOT NULL UNIQUE,
    region_code         char(6) NOT NULL REFERENCES regions (code),
    service_areas       text[] NOT NULL DEFAULT '{}',
    rating              text NOT NULL DEFAULT '' CHECK (rating IN ('', '1A', '2A', '3A', '4A', '5A')),
    public_fundraising  boolean NOT NULL DEFAULT false,
    description         text NOT NULL DEFAULT '',
    website             text NOT NULL DEFAULT '',
    contact_email       text NOT NULL DEFAULT '',
    contact_phone       text NOT NULL DEFAULT '',
    verification_status text NOT NULL DEFAULT 'pending' CHECK (verification_status IN ('pending', 'verified', 'rejected')),
    verification_note   text NOT NULL DEFAULT '',
    verified_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organizations_region_idx ON organizations (region_code);
CREATE INDEX organizations_list_idx ON organizations (created_at DESC, id DESC);
CREATE INDEX organizations_pending_idx ON organizations (created_at) WHERE verification_status = 'pending';

CREATE TABLE memberships (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    roles           text[] NOT NULL CHECK (cardinality(roles) > 0
        AND roles <@ ARRAY['owner', 'admin', 'staff', 'evaluator', 'finance', 'child_director']),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE alliance_members (
    alliance_id     uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    status          text NOT NULL CHECK (status IN ('invited', 'confirmed')),
    invited_at      timestamptz NOT NULL DEFAULT now(),
    confirmed_at    timestamptz,
    PRIMARY KEY (alliance_id, organization_id),
    CHECK (alliance_id <> organization_id),
    CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL))
);
CREATE INDEX alliance_members_org_idx ON alliance_members (organization_id);

-- The audit log is append-only and hash-chained. audit_head holds the
-- chain's tip; writers lock it, which orders appends.
CREATE TABLE audit_log (
    seq             bigint PRIMARY KEY,
    actor_id        uuid,
    organization_id uuid,
    action          text NOT NULL,
    object_type     text NOT NULL,
    object_id       text NOT NULL,
    data            jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL,
    prev_hash       bytea,
    hash            bytea NOT NULL
);
CREATE INDEX audit_log_org_idx ON audit_log (organization_id, seq DESC);

CREATE TABLE audit_head (
    id   boolean PRIMARY KEY DEFAULT true CHECK (id),
    seq  bigint NOT NULL,
    hash bytea
);
INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, NULL);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE notifications (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       text NOT NULL,
    params     jsonb NOT NULL DEFAULT '{}',
    link       text NOT NULL DEFAULT '',
    read_at    timestamptz,
    emailed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC);

-- +goose Down
DROP TABLE notifications;
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE alliance_members;
DROP TABLE memberships;
DROP TABLE organizations;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE api_tokens;
DROP TABLE users;
DROP TABLE regions;
