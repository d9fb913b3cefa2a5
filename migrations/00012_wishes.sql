-- Micro-wishes (微心愿): programmes with their fundraising host, children
-- known only by a pseudonym with their guardians' consent, wishes with
-- their four-eyes review, and the money: donations, holds, an append-only
-- ledger, Stripe events recorded once, and receipt numbers per host and
-- year.
-- +goose Up
ALTER TABLE organizations ADD COLUMN stripe_account_id text NOT NULL DEFAULT ''
    CHECK (stripe_account_id = '' OR stripe_account_id ~ '^acct_[A-Za-z0-9]{1,64}$');

CREATE TABLE programmes (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    -- The organisation licensed for public fundraising (公募资格) that
    -- receives the money; NULL until one accepts, and then cash giving
    -- is possible.
    host_id         uuid REFERENCES organizations (id),
    host_status     text NOT NULL DEFAULT 'none' CHECK (host_status IN ('none', 'invited', 'accepted', 'declined')),
    invited_host_id uuid REFERENCES organizations (id),
    title           text NOT NULL,
    description     text NOT NULL,
    region_code     text NOT NULL REFERENCES regions (code),
    starts_on       date NOT NULL,
    ends_on         date NOT NULL CHECK (ends_on >= starts_on),
    goal_fen        bigint NOT NULL CHECK (goal_fen >= 0),
    raised_fen      bigint NOT NULL DEFAULT 0 CHECK (raised_fen >= 0),
    status          text NOT NULL CHECK (status IN ('draft', 'active', 'closed')),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CHECK ((host_status = 'accepted') = (host_id IS NOT NULL))
);
CREATE INDEX programmes_organization_idx ON programmes (organization_id, created_at DESC);
CREATE INDEX programmes_public_idx ON programmes (status, created_at DESC, id);

-- A child is known on the platform by a pseudonym (化名) and an age band;
-- the real name is never stored, the ID-card number only as a keyed hash.
CREATE TABLE children (
    id            uuid PRIMARY KEY,
    station_id    uuid NOT NULL REFERENCES organizations (id),
    pseudonym     text NOT NULL,
    age_band      text NOT NULL CHECK (age_band IN ('0-3', '4-6', '7-9', '10-12', '13-15', '16-17')),
    gender        text NOT NULL DEFAULT '' CHECK (gender IN ('', 'female', 'male')),
    file_ref      text NOT NULL DEFAULT '',
    id_hash       bytea,
    created_by    uuid REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX children_station_idx ON children (station_id, created_at DESC);
CREATE INDEX children_id_hash_idx ON children (id_hash) WHERE id_hash IS NOT NULL;

CREATE TABLE child_consents (
    id            uuid PRIMARY KEY,
    child_id      uuid NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    guardian_name text NOT NULL,
    relation      text NOT NULL,
    consented_on  date NOT NULL,
    scope         text[] NOT NULL,
    evidence      text NOT NULL,
    recorded_by   uuid REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    revoked_at    timestamptz
);
CREATE INDEX child_consents_child_idx ON child_consents (child_id);

CREATE TABLE wishes (
    id               uuid PRIMARY KEY,
    programme_id     uuid NOT NULL REFERENCES programmes (id),
    child_id         uuid NOT NULL REFERENCES children (id),
    station_id       uuid NOT NULL REFERENCES organizations (id),
    kind             text NOT NULL CHECK (kind IN ('goods', 'experience', 'cash')),
    title            text NOT NULL,
    story            text NOT NULL,
    category         text NOT NULL,
    region_code      text NOT NULL REFERENCES regions (code),
    amount_fen       bigint NOT NULL CHECK (amount_fen > 0),
    quantity         int NOT NULL CHECK (quantity >= 1),
    deadline         date NOT NULL,
    experience_on    date,
    experience_place text NOT NULL DEFAULT '',
    status           text NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'funded', 'claimed',
                         'purchased', 'delivered', 'thanked', 'closed', 'cancelled')),
    -- funded_fen is the sum of the wish's ledger entries, kept in the same
    -- transaction as each entry; held_fen is what donors paying right now
    -- have reserved. Together they never pass the amount.
    funded_fen       bigint NOT NULL DEFAULT 0 CHECK (funded_fen >= 0),
    held_fen         bigint NOT NULL DEFAULT 0 CHECK (held_fen >= 0),
    submitted_by     uuid REFERENCES users (id),
    reviewed_by      uuid REFERENCES users (id),
    review_note      text NOT NULL DEFAULT '',
    published_at     timestamptz,
    cancel_reason    text NOT NULL DEFAULT '',
    created_by       uuid REFERENCES users (id),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CHECK (funded_fen + held_fen <= amount_fen),
    CHECK (reviewed_by IS NULL OR submitted_by IS NULL OR reviewed_by <> submitted_by)
);
CREATE INDEX wishes_public_idx ON wishes (status, deadline, id);
CREATE INDEX wishes_programme_idx ON wishes (programme_id, created_at DESC);
CREATE INDEX wishes_station_idx ON wishes (station_id, created_at DESC);
CREATE INDEX wishes_child_idx ON wishes (child_id);

CREATE TABLE donations (
    id                 uuid PRIMARY KEY,
    wish_id            uuid REFERENCES wishes (id),
    programme_id       uuid NOT NULL REFERENCES programmes (id),
    host_id            uuid NOT NULL REFERENCES organizations (id),
    donor_id           uuid REFERENCES users (id),
    -- Shown on the donor wall unless anonymous (爱心人士); the email is
    -- for the receipt only and never public.
    donor_name         text NOT NULL DEFAULT '',
    donor_email        text NOT NULL DEFAULT '',
    anonymous          boolean NOT NULL DEFAULT false,
    amount_fen         bigint NOT NULL CHECK (amount_fen >= 100),
    refunded_fen       bigint NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= amount_fen),
    currency           text NOT NULL DEFAULT 'CNY',
    method             text NOT NULL CHECK (method IN ('stripe', 'offline')),
    -- Where money goes when the wish is already full or cancelled.
    overflow           text NOT NULL DEFAULT 'programme' CHECK (overflow IN ('programme', 'refund')),
    status             text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'expired',
                           'refunded', 'partially_refunded', 'disputed', 'redirected')),
    hold_expires_at    timestamptz,
    stripe_session_id  text UNIQUE,
    stripe_intent_id   text UNIQUE,
    stripe_charge_id   text,
    receipt_year       int,
    receipt_seq        int,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (host_id, receipt_year, receipt_seq)
);
CREATE INDEX donations_wish_idx ON donations (wish_id, created_at DESC);
CREATE INDEX donations_donor_idx ON donations (donor_id, created_at DESC);
CREATE INDEX donations_holds_idx ON donations (hold_expires_at) WHERE status = 'pending';

-- Every movement of money is one entry: positive in, negative out. A
-- wish's funded_fen is always the sum of its entries (hutong ledger
-- verify checks it). Entries are never changed or deleted.
CREATE TABLE ledger_entries (
    id           uuid PRIMARY KEY,
    seq          bigserial UNIQUE,
    programme_id uuid NOT NULL REFERENCES programmes (id),
    wish_id      uuid REFERENCES wishes (id),
    donation_id  uuid REFERENCES donations (id),
    kind         text NOT NULL CHECK (kind IN ('donation', 'refund', 'redirect_out', 'redirect_in', 'match', 'offline')),
    amount_fen   bigint NOT NULL CHECK (amount_fen <> 0),
    source       text NOT NULL,
    created_at   timestamptz NOT NULL,
    -- One entry per kind per source: a webhook delivered twice writes once.
    UNIQUE (kind, source)
);
CREATE INDEX ledger_wish_idx ON ledger_entries (wish_id) WHERE wish_id IS NOT NULL;
CREATE INDEX ledger_programme_idx ON ledger_entries (programme_id);

-- +goose StatementBegin
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only';
END $$;
-- +goose StatementEnd
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- Stripe events, recorded once in the transaction of their effect.
CREATE TABLE stripe_events (
    id          text PRIMARY KEY,
    type        text NOT NULL,
    received_at timestamptz NOT NULL
);

-- Receipt numbers run per fundraising host and year, without gaps.
CREATE TABLE receipt_counters (
    host_id uuid NOT NULL REFERENCES organizations (id),
    year    int NOT NULL,
    last    int NOT NULL DEFAULT 0,
    PRIMARY KEY (host_id, year)
);

-- +goose Down
DROP TABLE receipt_counters;
DROP TABLE stripe_events;
DROP TRIGGER ledger_append_only ON ledger_entries;
DROP FUNCTION ledger_append_only();
DROP TABLE ledger_entries;
DROP TABLE donations;
DROP TABLE wishes;
DROP TABLE child_consents;
DROP TABLE children;
DROP TABLE programmes;
ALTER TABLE organizations DROP COLUMN stripe_account_id;
