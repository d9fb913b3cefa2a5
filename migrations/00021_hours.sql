-- Attendance and volunteer hours. A sign-up is attended once: by QR
-- check-in and check-out, or marked by the organisation's staff, and the
-- method says which. Hours are an append-only ledger: entries from
-- check-outs are kept apart from entries typed by staff, a correction is
-- a new entry pointing at the one it corrects, and the only change an
-- entry ever takes is its one-time verification by the organisation.
-- +goose Up
CREATE TABLE attendance (
    signup_id      uuid PRIMARY KEY REFERENCES signups (id) ON DELETE CASCADE,
    shift_id       uuid NOT NULL REFERENCES shifts (id) ON DELETE CASCADE,
    volunteer_id   uuid NOT NULL REFERENCES users (id),
    method         text NOT NULL CHECK (method IN ('qr', 'staff')),
    checked_in_at  timestamptz NOT NULL,
    checked_out_at timestamptz CHECK (checked_out_at > checked_in_at),
    recorded_by    uuid NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX attendance_shift_idx ON attendance (shift_id);

CREATE TABLE volunteer_hours (
    id              uuid PRIMARY KEY,
    -- The order entries were written in, for the ledger's listings.
    seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    volunteer_id    uuid NOT NULL REFERENCES users (id),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    activity_id     uuid NOT NULL REFERENCES activities (id),
    shift_id        uuid NOT NULL REFERENCES shifts (id),
    contract_id     uuid REFERENCES contracts (id),
    -- Negative only for a correction; never zero; at most a week either way.
    minutes         int NOT NULL CHECK (minutes <> 0 AND minutes BETWEEN -10080 AND 10080),
    source          text NOT NULL CHECK (source IN ('checkin', 'staff', 'correction')),
    corrects_id     uuid REFERENCES volunteer_hours (id),
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    verified_at     timestamptz,
    verified_by     uuid REFERENCES users (id),
    created_by      uuid NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    CONSTRAINT volunteer_hours_correction_check CHECK ((source = 'correction') = (corrects_id IS NOT NULL)),
    CONSTRAINT volunteer_hours_sign_check CHECK (source = 'correction' OR minutes > 0),
    CONSTRAINT volunteer_hours_verified_check CHECK ((verified_at IS NULL) = (verified_by IS NULL))
);
CREATE INDEX volunteer_hours_volunteer_idx ON volunteer_hours (volunteer_id, seq);
CREATE INDEX volunteer_hours_org_idx ON volunteer_hours (organization_id, seq);
CREATE INDEX volunteer_hours_unverified_idx ON volunteer_hours (organization_id, seq) WHERE verified_at IS NULL;
CREATE INDEX volunteer_hours_shift_idx ON volunteer_hours (shift_id, volunteer_id);
CREATE INDEX volunteer_hours_activity_idx ON volunteer_hours (activity_id);
CREATE INDEX volunteer_hours_contract_idx ON volunteer_hours (contract_id) WHERE contract_id IS NOT NULL;
CREATE INDEX volunteer_hours_corrects_idx ON volunteer_hours (corrects_id) WHERE corrects_id IS NOT NULL;

-- The ledger refuses every DELETE and every UPDATE except the one that
-- verifies an unverified entry: verified_at and verified_by go from NULL
-- to a value, and nothing else in the row moves. Comparing the rows as
-- jsonb without those two keys keeps the rule true for columns added
-- later.
-- +goose StatementBegin
CREATE FUNCTION volunteer_hours_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.verified_at IS NULL AND OLD.verified_by IS NULL
       AND NEW.verified_at IS NOT NULL AND NEW.verified_by IS NOT NULL
       AND (to_jsonb(NEW) - 'verified_at' - 'verified_by') = (to_jsonb(OLD) - 'verified_at' - 'verified_by') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'volunteer_hours is append-only: add a correction instead'
        USING ERRCODE = 'P0001';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER volunteer_hours_append_only BEFORE UPDATE OR DELETE ON volunteer_hours
    FOR EACH ROW EXECUTE FUNCTION volunteer_hours_append_only();

-- +goose Down
DROP TRIGGER volunteer_hours_append_only ON volunteer_hours;
DROP FUNCTION volunteer_hours_append_only();
DROP TABLE volunteer_hours;
DROP TABLE attendance;
