-- Evaluation (评标): evaluators' declarations of interest, their score
-- sheets per bid, and the finalised result with its ranking.
-- +goose Up
CREATE TABLE evaluation_declarations (
    project_id  uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id),
    conflict    boolean NOT NULL,
    note        text NOT NULL DEFAULT '',
    declared_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, user_id)
);

CREATE TABLE evaluation_scores (
    bid_id       uuid NOT NULL REFERENCES bids (id) ON DELETE CASCADE,
    evaluator_id uuid NOT NULL REFERENCES users (id),
    project_id   uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    scores       jsonb NOT NULL CHECK (jsonb_typeof(scores) = 'object'),
    submitted_at timestamptz NOT NULL,
    -- One sheet per evaluator per bid: a resubmission replaces it.
    PRIMARY KEY (bid_id, evaluator_id)
);
CREATE INDEX evaluation_scores_project_idx ON evaluation_scores (project_id);

CREATE TABLE evaluation_results (
    project_id   uuid PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    status       text NOT NULL CHECK (status IN ('evaluated', 'failed')),
    outcome      jsonb NOT NULL CHECK (jsonb_typeof(outcome) = 'object'),
    finalized_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE evaluation_results;
DROP TABLE evaluation_scores;
DROP TABLE evaluation_declarations;
