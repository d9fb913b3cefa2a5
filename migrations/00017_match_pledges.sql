-- Matching funds (配捐): a foundation pledges to match gifts to a
-- programme at a ratio, up to a cap. Each eligible gift adds a matched
-- ledger entry until the cap is reached.
-- +goose Up
CREATE TABLE match_pledges (
    id            uuid PRIMARY KEY,
    programme_id  uuid NOT NULL REFERENCES programmes (id),
    foundation_id uuid NOT NULL REFERENCES organizations (id),
    ratio_pct     int NOT NULL CHECK (ratio_pct BETWEEN 1 AND 300),
    cap_fen       bigint NOT NULL CHECK (cap_fen >= 100),
    matched_fen   bigint NOT NULL DEFAULT 0 CHECK (matched_fen >= 0 AND matched_fen <= cap_fen),
    created_by    uuid REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    UNIQUE (programme_id, foundation_id)
);

-- +goose Down
DROP TABLE match_pledges;
