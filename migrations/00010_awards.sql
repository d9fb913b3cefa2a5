-- Awards (中标结果) with their complaint window (质疑期), complaints,
-- the contracts final awards create, their payment milestones, outcome
-- reports and evaluation grades.
-- +goose Up
CREATE TABLE awards (
    id                 uuid PRIMARY KEY,
    project_id         uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    bid_id             uuid NOT NULL REFERENCES bids (id),
    organization_id    uuid NOT NULL REFERENCES organizations (id),
    price_fen          bigint NOT NULL CHECK (price_fen > 0),
    total_score        bigint NOT NULL,
    -- The evaluation's outcome the award followed, kept because an upheld
    -- complaint sends the project back to a new evaluation.
    outcome            jsonb NOT NULL CHECK (jsonb_typeof(outcome) = 'object'),
    status             text NOT NULL CHECK (status IN ('pending', 'final', 'cancelled')),
    published_at       timestamptz NOT NULL,
    complaint_deadline timestamptz NOT NULL CHECK (complaint_deadline > published_at),
    finalized_at       timestamptz,
    cancelled_at       timestamptz,
    published_by       uuid REFERENCES users (id),
    CHECK ((status = 'final') = (finalized_at IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
-- At most one live award per project: a second award is a conflict.
CREATE UNIQUE INDEX awards_live_idx ON awards (project_id) WHERE status <> 'cancelled';
CREATE INDEX awards_project_idx ON awards (project_id, published_at DESC);

CREATE TABLE complaints (
    id              uuid PRIMARY KEY,
    project_id      uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    award_id        uuid NOT NULL REFERENCES awards (id) ON DELETE CASCADE,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    grounds         text NOT NULL,
    status          text NOT NULL CHECK (status IN ('pending', 'upheld', 'rejected', 'superseded')),
    response        text NOT NULL DEFAULT '',
    filed_at        timestamptz NOT NULL,
    filed_by        uuid REFERENCES users (id),
    answered_at     timestamptz,
    answered_by     uuid REFERENCES users (id),
    -- One complaint per organisation and award.
    UNIQUE (award_id, organization_id)
);
CREATE INDEX complaints_project_idx ON complaints (project_id, filed_at);

CREATE TABLE contracts (
    id              uuid PRIMARY KEY,
    project_id      uuid NOT NULL UNIQUE REFERENCES projects (id) ON DELETE CASCADE,
    award_id        uuid NOT NULL UNIQUE REFERENCES awards (id),
    bureau_id       uuid NOT NULL REFERENCES organizations (id),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    price_fen       bigint NOT NULL CHECK (price_fen > 0),
    currency        text NOT NULL DEFAULT 'CNY',
    service_start   date,
    service_end     date,
    targets         jsonb NOT NULL CHECK (jsonb_typeof(targets) = 'array'),
    status          text NOT NULL CHECK (status IN ('active', 'completed')),
    signed_at       timestamptz NOT NULL,
    completed_at    timestamptz
);
CREATE INDEX contracts_organization_idx ON contracts (organization_id, signed_at DESC);
CREATE INDEX contracts_bureau_idx ON contracts (bureau_id, signed_at DESC);

CREATE TABLE contract_milestones (
    contract_id uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    idx         int NOT NULL CHECK (idx >= 0),
    name        text NOT NULL,
    percent     int NOT NULL CHECK (percent BETWEEN 1 AND 100),
    amount_fen  bigint NOT NULL CHECK (amount_fen >= 0),
    due         date,
    status      text NOT NULL CHECK (status IN ('pending', 'released')),
    released_at timestamptz,
    report_id   uuid,
    PRIMARY KEY (contract_id, idx),
    CHECK ((status = 'released') = (released_at IS NOT NULL AND report_id IS NOT NULL))
);

CREATE TABLE contract_reports (
    id              uuid PRIMARY KEY,
    contract_id     uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    milestone_index int NOT NULL,
    version         int NOT NULL CHECK (version >= 1),
    period_start    date NOT NULL,
    period_end      date NOT NULL CHECK (period_end >= period_start),
    actuals         jsonb NOT NULL CHECK (jsonb_typeof(actuals) = 'array'),
    persons         bigint NOT NULL CHECK (persons >= 0),
    person_times    bigint NOT NULL CHECK (person_times >= persons),
    narrative       text NOT NULL,
    evidence        jsonb NOT NULL CHECK (jsonb_typeof(evidence) = 'array'),
    status          text NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned')),
    comment         text NOT NULL DEFAULT '',
    submitted_at    timestamptz NOT NULL,
    submitted_by    uuid REFERENCES users (id),
    reviewed_at     timestamptz,
    reviewed_by     uuid REFERENCES users (id),
    FOREIGN KEY (contract_id, milestone_index) REFERENCES contract_milestones (contract_id, idx),
    UNIQUE (contract_id, milestone_index, version)
);
-- One report awaits review at a time, and one is accepted per milestone.
CREATE UNIQUE INDEX contract_reports_pending_idx ON contract_reports (contract_id) WHERE status = 'submitted';
CREATE UNIQUE INDEX contract_reports_accepted_idx ON contract_reports (contract_id, milestone_index) WHERE status = 'accepted';

CREATE TABLE contract_grades (
    contract_id uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    stage       text NOT NULL CHECK (stage IN ('mid_term', 'final')),
    grade       text NOT NULL CHECK (grade IN ('excellent', 'good', 'pass', 'fail')),
    comment     text NOT NULL DEFAULT '',
    graded_at   timestamptz NOT NULL,
    graded_by   uuid REFERENCES users (id),
    PRIMARY KEY (contract_id, stage)
);
CREATE INDEX contract_grades_fail_idx ON contract_grades (graded_at) WHERE grade = 'fail';

-- +goose Down
DROP TABLE contract_grades;
DROP TABLE contract_reports;
DROP TABLE contract_milestones;
DROP TABLE contracts;
DROP TABLE complaints;
DROP TABLE awards;
