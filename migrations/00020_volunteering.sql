-- Volunteering: volunteer profiles, safeguarding checks (入职查询: only the
-- result is kept), activities with their shifts, and sign-ups that never
-- overbook: a shift's confirmed count moves by conditional updates and a
-- CHECK holds it at or under the capacity.
-- +goose Up
CREATE TABLE volunteer_profiles (
    user_id        uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    skills         text[] NOT NULL DEFAULT '{}',
    languages      text[] NOT NULL DEFAULT '{}',
    region_code    text REFERENCES regions (code),
    -- An approximate location (to about 1 km), never an address.
    lat            double precision CHECK (lat BETWEEN -90 AND 90),
    lng            double precision CHECK (lng BETWEEN -180 AND 180),
    availability   jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(availability) = 'array'),
    certificates   text[] NOT NULL DEFAULT '{}',
    birth_year     int NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
    guardian_consent_on date,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE safeguarding_checks (
    id              uuid PRIMARY KEY,
    volunteer_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    inquiring_unit  text NOT NULL,
    checked_on      date NOT NULL,
    result          text NOT NULL CHECK (result IN ('clear', 'not_clear')),
    expires_on      date NOT NULL CHECK (expires_on > checked_on),
    recorded_by     uuid REFERENCES users (id),
    created_at      timestamptz NOT NULL
);
CREATE INDEX safeguarding_volunteer_idx ON safeguarding_checks (volunteer_id, expires_on DESC);

CREATE TABLE activities (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    contract_id     uuid REFERENCES contracts (id),
    title           text NOT NULL,
    description     text NOT NULL,
    category        text NOT NULL,
    skills          text[] NOT NULL DEFAULT '{}',
    region_code     text NOT NULL REFERENCES regions (code),
    address         text NOT NULL DEFAULT '',
    lat             double precision CHECK (lat BETWEEN -90 AND 90),
    lng             double precision CHECK (lng BETWEEN -180 AND 180),
    child_facing    boolean NOT NULL DEFAULT false,
    min_age         int NOT NULL DEFAULT 0 CHECK (min_age BETWEEN 0 AND 100),
    approval        text NOT NULL DEFAULT 'automatic' CHECK (approval IN ('automatic', 'staff')),
    status          text NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
    created_by      uuid REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX activities_public_idx ON activities (status, created_at DESC, id);
CREATE INDEX activities_org_idx ON activities (organization_id, created_at DESC);

CREATE TABLE shifts (
    id              uuid PRIMARY KEY,
    activity_id     uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL CHECK (ends_at > starts_at),
    capacity        int NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    two_adults      boolean NOT NULL DEFAULT false,
    -- Confirmed sign-ups, moved only by conditional updates in the
    -- transaction of each sign-up, cancellation and promotion.
    confirmed       int NOT NULL DEFAULT 0 CHECK (confirmed >= 0 AND confirmed <= capacity),
    -- The next waitlist position handed out, so the waitlist keeps order.
    next_position   bigint NOT NULL DEFAULT 1,
    cancelled_at    timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX shifts_activity_idx ON shifts (activity_id, starts_at);
CREATE INDEX shifts_time_idx ON shifts (starts_at);

CREATE TABLE signups (
    id           uuid PRIMARY KEY,
    shift_id     uuid NOT NULL REFERENCES shifts (id) ON DELETE CASCADE,
    volunteer_id uuid NOT NULL REFERENCES users (id),
    status       text NOT NULL CHECK (status IN ('pending', 'confirmed', 'waitlisted', 'cancelled', 'declined')),
    position     bigint NOT NULL,
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
-- One live sign-up per volunteer and shift.
CREATE UNIQUE INDEX signups_live_idx ON signups (shift_id, volunteer_id) WHERE status IN ('pending', 'confirmed', 'waitlisted');
CREATE INDEX signups_waitlist_idx ON signups (shift_id, position) WHERE status = 'waitlisted';
CREATE INDEX signups_volunteer_idx ON signups (volunteer_id, starts_at) WHERE status IN ('pending', 'confirmed', 'waitlisted');

-- +goose Down
DROP TABLE signups;
DROP TABLE shifts;
DROP TABLE activities;
DROP TABLE safeguarding_checks;
DROP TABLE volunteer_profiles;
