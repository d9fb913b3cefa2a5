-- The public wish list reads the newest wishes first, page by page; this
-- index serves that order (and the cursor) without sorting the table.
-- +goose Up
CREATE INDEX wishes_newest_idx ON wishes (created_at DESC, id DESC);

-- +goose Down
DROP INDEX wishes_newest_idx;
