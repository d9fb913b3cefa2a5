-- In-kind claims of goods wishes and the evidence of delivery: a donor
-- claims, buys and sends; the station receives and delivers, with a photo
-- whose uploader confirmed it shows no child's face (its metadata is
-- stripped before it is stored).
-- +goose Up
CREATE TABLE wish_claims (
    id            uuid PRIMARY KEY,
    wish_id       uuid NOT NULL REFERENCES wishes (id),
    donor_id      uuid NOT NULL REFERENCES users (id),
    donor_name    text NOT NULL DEFAULT '',
    anonymous     boolean NOT NULL DEFAULT false,
    status        text NOT NULL CHECK (status IN ('claimed', 'bought', 'received', 'delivered', 'released', 'cancelled')),
    deadline      timestamptz NOT NULL,
    tracking_note text NOT NULL DEFAULT '',
    bought_at     timestamptz,
    received_at   timestamptz,
    delivered_at  timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
-- One live claim per wish: a second claimant is a conflict.
CREATE UNIQUE INDEX wish_claims_live_idx ON wish_claims (wish_id) WHERE status IN ('claimed', 'bought', 'received');
CREATE INDEX wish_claims_donor_idx ON wish_claims (donor_id, created_at DESC);

CREATE TABLE wish_evidence (
    id                uuid PRIMARY KEY,
    wish_id           uuid NOT NULL REFERENCES wishes (id),
    blob_key          text NOT NULL UNIQUE,
    sha256            text NOT NULL,
    content_type      text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    width             int NOT NULL,
    height            int NOT NULL,
    note              text NOT NULL DEFAULT '',
    -- The uploader confirmed that no child's face can be seen.
    no_face_confirmed boolean NOT NULL CHECK (no_face_confirmed),
    uploaded_by       uuid REFERENCES users (id),
    created_at        timestamptz NOT NULL
);
CREATE INDEX wish_evidence_wish_idx ON wish_evidence (wish_id, created_at);

-- +goose Down
DROP TABLE wish_evidence;
DROP TABLE wish_claims;
