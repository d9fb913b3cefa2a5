-- Offline giving: a bank transfer or cash gift the host's finance staff
-- record with its evidence; a second finance person confirms it before it
-- counts (and before it reaches the ledger).
-- +goose Up
CREATE TABLE offline_gifts (
    id            uuid PRIMARY KEY,
    host_id       uuid NOT NULL REFERENCES organizations (id),
    programme_id  uuid NOT NULL REFERENCES programmes (id),
    wish_id       uuid REFERENCES wishes (id),
    amount_fen    bigint NOT NULL CHECK (amount_fen >= 100),
    method        text NOT NULL CHECK (method IN ('bank_transfer', 'cash')),
    payer_name    text NOT NULL,
    anonymous     boolean NOT NULL DEFAULT false,
    received_on   date NOT NULL,
    evidence      text NOT NULL,
    status        text NOT NULL CHECK (status IN ('recorded', 'confirmed', 'rejected')),
    note          text NOT NULL DEFAULT '',
    donation_id   uuid REFERENCES donations (id),
    recorded_by   uuid NOT NULL REFERENCES users (id),
    confirmed_by  uuid REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    decided_at    timestamptz,
    -- Four eyes: whoever records a gift never confirms it.
    CHECK (confirmed_by IS NULL OR confirmed_by <> recorded_by),
    CHECK ((status = 'confirmed') = (donation_id IS NOT NULL))
);
CREATE INDEX offline_gifts_host_idx ON offline_gifts (host_id, created_at DESC);

-- +goose Down
DROP TABLE offline_gifts;
