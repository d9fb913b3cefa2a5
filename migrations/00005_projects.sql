-- Projects: a bureau's government-purchased service projects (政府购买服务),
-- from draft through publication to their end. The schema backs the rules
-- domain/project*.go checks first, so that no code path can store a
-- project whose weights, payments or timeline do not add up.
-- +goose Up

-- project_points_total is the price weight plus every technical item's
-- maximum points of a criteria document; 综合评分法 needs exactly 100.
-- +goose StatementBegin
CREATE FUNCTION project_points_total(criteria jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT (criteria ->> 'price_weight')::integer
         + COALESCE((SELECT sum((item ->> 'max_points')::integer)
                     FROM jsonb_array_elements(CASE jsonb_typeof(criteria -> 'technical')
                         WHEN 'array' THEN criteria -> 'technical' ELSE '[]' END) AS item), 0)::integer
$$;
-- +goose StatementEnd

-- project_percent_total is the sum of the milestones' percents, which
-- must pay out the whole price: 100.
-- +goose StatementBegin
CREATE FUNCTION project_percent_total(milestones jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT COALESCE(sum((m ->> 'percent')::integer), 0)::integer
    FROM jsonb_array_elements(CASE jsonb_typeof(milestones) WHEN 'array' THEN milestones ELSE '[]' END) AS m
$$;
-- +goose StatementEnd

CREATE TABLE projects (
    id            uuid PRIMARY KEY,
    bureau_id     uuid NOT NULL REFERENCES organizations (id),
    title         text NOT NULL CHECK (char_length(title) BETWEEN 4 AND 200),
    description   text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 20000),
    category      text NOT NULL,
    region_code   char(6) NOT NULL REFERENCES regions (code),
    budget_fen    bigint NOT NULL CHECK (budget_fen > 0 AND budget_fen <= 100000000000),
    currency      text NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY'),
    method        text NOT NULL CHECK (method IN ('open_tender', 'competitive_consultation', 'single_source')),
    status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'bidding_closed', 'opened',
                      'evaluated', 'awarded', 'contracted', 'in_service', 'completed', 'cancelled', 'failed')),
    eligibility   jsonb NOT NULL CHECK (jsonb_typeof(eligibility) = 'object'),
    criteria      jsonb NOT NULL CHECK (jsonb_typeof(criteria) = 'object' AND COALESCE(project_points_total(criteria), 0) = 100),
    targets       jsonb NOT NULL CHECK (jsonb_typeof(targets) = 'array' AND jsonb_array_length(targets) >= 1),
    milestones    jsonb NOT NULL CHECK (jsonb_typeof(milestones) = 'array' AND COALESCE(project_percent_total(milestones), 0) = 100),
    service_start date NOT NULL,
    service_end   date NOT NULL,
    published_at  timestamptz,
    bid_deadline  timestamptz,
    opening_at    timestamptz,
    cancel_reason text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    -- The list order: newest publication first, drafts by creation.
    listed_at     timestamptz NOT NULL GENERATED ALWAYS AS (COALESCE(published_at, created_at)) STORED,
    CONSTRAINT projects_service_end_check CHECK (service_end >= service_start),
    -- A draft has no timeline; anything past publication has all of it.
    -- Only a cancellation may come from either side.
    CONSTRAINT projects_timeline_check CHECK (
        (status = 'draft' AND published_at IS NULL AND bid_deadline IS NULL AND opening_at IS NULL)
        OR (status = 'cancelled' AND published_at IS NULL AND bid_deadline IS NULL AND opening_at IS NULL)
        OR (status <> 'draft' AND published_at IS NOT NULL AND bid_deadline IS NOT NULL
            AND opening_at IS NOT NULL AND bid_deadline > published_at AND opening_at >= bid_deadline)),
    CONSTRAINT projects_cancel_reason_check CHECK ((status = 'cancelled') = (cancel_reason <> ''))
);

-- The public list reads published projects by listed_at with keyset
-- pagination on (listed_at, id); each filter has an index leading with it.
CREATE INDEX projects_public_idx ON projects (listed_at DESC, id DESC) WHERE published_at IS NOT NULL;
CREATE INDEX projects_bureau_idx ON projects (bureau_id, listed_at DESC, id DESC);
CREATE INDEX projects_status_idx ON projects (status, listed_at DESC, id DESC);
CREATE INDEX projects_category_idx ON projects (category, listed_at DESC, id DESC) WHERE published_at IS NOT NULL;
CREATE INDEX projects_method_idx ON projects (method, listed_at DESC, id DESC) WHERE published_at IS NOT NULL;
CREATE INDEX projects_region_idx ON projects (region_code bpchar_pattern_ops) WHERE published_at IS NOT NULL;
CREATE INDEX projects_budget_idx ON projects (budget_fen) WHERE published_at IS NOT NULL;
-- Bidding that should have closed: a sweep after an outage finds it here.
CREATE INDEX projects_open_bidding_idx ON projects (bid_deadline) WHERE status = 'published';

-- +goose Down
DROP TABLE projects;
DROP FUNCTION project_percent_total(jsonb);
DROP FUNCTION project_points_total(jsonb);
