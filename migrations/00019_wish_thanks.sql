-- The end of a wish's story: a thank-you note from the child (written by
-- the station, checked for privacy like the story), then closed.
-- +goose Up
ALTER TABLE wishes ADD COLUMN thanks_note text NOT NULL DEFAULT '',
    ADD COLUMN thanked_at timestamptz;

-- +goose Down
ALTER TABLE wishes DROP COLUMN thanked_at, DROP COLUMN thanks_note;
