-- The privacy check of wish text looks for a child's real name without
-- the platform ever storing it: a keyed hash (HMAC-SHA256 under a key
-- derived from the platform secret) of the normalised name and its length
-- in runes, so that every window of that length of a story can be hashed
-- and compared.
-- +goose Up
ALTER TABLE children ADD COLUMN name_hash bytea;
ALTER TABLE children ADD COLUMN name_len int NOT NULL DEFAULT 0 CHECK (name_len >= 0 AND name_len <= 30);

-- +goose Down
ALTER TABLE children DROP COLUMN name_len;
ALTER TABLE children DROP COLUMN name_hash;
