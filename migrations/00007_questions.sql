-- Questions: bidders ask about a published project (答疑) and the bureau
-- answers publicly; the bureau may also publish a clarification (澄清)
-- without a question. The asker is kept here for the asker's own view and
-- its notification, and never leaves the database in a public response.
-- +goose Up
CREATE TABLE project_questions (
    id              uuid PRIMARY KEY,
    project_id      uuid NOT NULL REFERENCES projects (id),
    organization_id uuid REFERENCES organizations (id),
    asked_by        uuid REFERENCES users (id),
    text            text NOT NULL CHECK (char_length(text) BETWEEN 5 AND 2000),
    answer          text NOT NULL DEFAULT '' CHECK (answer = '' OR char_length(answer) BETWEEN 5 AND 2000),
    answered_by     uuid REFERENCES users (id),
    asked_at        timestamptz NOT NULL,
    answered_at     timestamptz,
    -- A clarification has no asker and is public (answered) at once.
    CONSTRAINT project_questions_asker_check CHECK ((organization_id IS NULL) = (asked_by IS NULL)),
    CONSTRAINT project_questions_answered_check CHECK ((answered_at IS NULL) = (answer = '')),
    CONSTRAINT project_questions_public_check CHECK (organization_id IS NOT NULL OR answered_at IS NOT NULL)
);

CREATE INDEX project_questions_project_idx ON project_questions (project_id, asked_at, id);
CREATE INDEX project_questions_org_idx ON project_questions (organization_id) WHERE organization_id IS NOT NULL;

-- +goose Down
DROP TABLE project_questions;
