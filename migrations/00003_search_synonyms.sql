-- Search synonyms: groups of words searchers treat as one, kept as data so
-- that a platform admin can edit them; both search backends apply them.
-- Ids are UUID v7, so ordering by id keeps the order the groups were
-- saved in; the seeded groups carry fixed v7 ids from before any edit.
-- +goose Up
CREATE TABLE search_synonyms (
    id         uuid PRIMARY KEY,
    words      text[] NOT NULL CHECK (cardinality(words) BETWEEN 2 AND 20),
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO search_synonyms (id, words) VALUES
    ('01900000-0000-7000-8000-000000000001', ARRAY['心理疏导', '心理辅导', '心理咨询']),
    ('01900000-0000-7000-8000-000000000002', ARRAY['留守儿童', '农村留守儿童']),
    ('01900000-0000-7000-8000-000000000003', ARRAY['困境儿童', '困难儿童']),
    ('01900000-0000-7000-8000-000000000004', ARRAY['课业辅导', '作业辅导', '学业辅导']),
    ('01900000-0000-7000-8000-000000000005', ARRAY['未保站', '未成年人保护工作站']),
    ('01900000-0000-7000-8000-000000000006', ARRAY['社工', '社会工作者']);

-- +goose Down
DROP TABLE search_synonyms;
