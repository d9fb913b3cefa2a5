-- Sealed bids. A bid's price, proposal and team are stored only as
-- AES-GCM ciphertext under its project's data key; the data keys live in
-- project_keys, wrapped with a key derived from the platform secret, so
-- that a copy of the bids table alone opens nothing. The opening record
-- (bidders and prices) is published into bid_openings at the opening.
-- +goose Up
CREATE TABLE project_keys (
    project_id  uuid PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    -- nonce (12 bytes) || AES-GCM sealed 32-byte data key
    wrapped_key bytea NOT NULL CHECK (octet_length(wrapped_key) = 12 + 32 + 16),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bids (
    id                    uuid PRIMARY KEY,
    project_id            uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    organization_id       uuid NOT NULL REFERENCES organizations (id),
    consortium_member_ids jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(consortium_member_ids) = 'array'),
    status                text NOT NULL CHECK (status IN ('submitted', 'withdrawn', 'invalid', 'needs_confirmation')),
    content_sha256        text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    nonce                 bytea NOT NULL CHECK (octet_length(nonce) = 12),
    ciphertext            bytea NOT NULL CHECK (octet_length(ciphertext) > 16),
    submitted_at          timestamptz NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    -- One bid per organisation per project: a resubmission replaces it.
    CONSTRAINT bids_project_org_key UNIQUE (project_id, organization_id)
);
CREATE INDEX bids_org_idx ON bids (organization_id, project_id);

CREATE TABLE bid_openings (
    bid_id                uuid PRIMARY KEY REFERENCES bids (id) ON DELETE CASCADE,
    project_id            uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    organization_id       uuid NOT NULL REFERENCES organizations (id),
    organization_name     text NOT NULL,
    consortium_member_ids jsonb NOT NULL DEFAULT '[]',
    price_fen             bigint NOT NULL CHECK (price_fen > 0),
    content_sha256        text NOT NULL,
    submitted_at          timestamptz NOT NULL,
    opened_at             timestamptz NOT NULL
);
CREATE INDEX bid_openings_project_idx ON bid_openings (project_id, price_fen, submitted_at);

-- +goose Down
DROP TABLE bid_openings;
DROP TABLE bids;
DROP TABLE project_keys;
