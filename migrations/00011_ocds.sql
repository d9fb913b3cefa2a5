-- OCDS releases: every public change of a project publishes one Open
-- Contracting release, written in the transaction of the change. The
-- table is append-only, like the audit log: a published release is never
-- changed or withdrawn, a later release supersedes it. The JSON is kept
-- as the exact text published (json, not jsonb, which would reorder keys
-- and rewrite numbers), so a consumer fetching it twice gets the same
-- bytes.
-- +goose Up
CREATE TABLE ocds_releases (
    -- The row id (UUIDv7) orders releases of the same date in the feed.
    id         uuid PRIMARY KEY,
    release_id text NOT NULL UNIQUE CHECK (release_id <> '' AND position('#' IN release_id) = 0),
    ocid       text NOT NULL CHECK (ocid <> ''),
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    tags       text[] NOT NULL CHECK (cardinality(tags) >= 1),
    date       timestamptz NOT NULL,
    release    json NOT NULL CHECK (json_typeof(release) = 'object')
);
-- The feed: releases after a date, by (date, id).
CREATE INDEX ocds_releases_feed_idx ON ocds_releases (date, id);
-- One process's record.
CREATE INDEX ocds_releases_ocid_idx ON ocds_releases (ocid, date, id);
CREATE INDEX ocds_releases_project_idx ON ocds_releases (project_id, date);

-- +goose StatementBegin
CREATE FUNCTION ocds_releases_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A project's deletion (a purge, a test) cascades to its releases:
    -- the cascade runs inside the foreign key's trigger, one level down.
    IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'ocds_releases is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER ocds_releases_no_change BEFORE UPDATE OR DELETE ON ocds_releases
    FOR EACH ROW EXECUTE FUNCTION ocds_releases_append_only();

-- +goose Down
DROP TABLE ocds_releases;
DROP FUNCTION ocds_releases_append_only();
