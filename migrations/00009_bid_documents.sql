-- Bid documents. The bytes live in blob storage (gocloud.dev/blob), each
-- sealed with AES-GCM under its project's data key (project_keys); the
-- row holds the blob's key and the document's name, type, size and hash,
-- sealed the same way, so that neither the bucket nor this table tells
-- anything about a document before the opening. A row is written only
-- after its blob, and deleted before it, so no row points at a missing
-- file. bid_id is set while a bid names the document; the rest are pruned
-- once bidding has closed.
-- +goose Up
CREATE TABLE bid_documents (
    id              uuid PRIMARY KEY,
    project_id      uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    bid_id          uuid REFERENCES bids (id) ON DELETE SET NULL,
    blob_key        text NOT NULL UNIQUE CHECK (blob_key <> ''),
    -- nonce (12 bytes) || AES-GCM sealed JSON {name, content_type, size, sha256}
    sealed_meta     bytea NOT NULL CHECK (octet_length(sealed_meta) > 12 + 16),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bid_documents_org_idx ON bid_documents (project_id, organization_id);
CREATE INDEX bid_documents_bid_idx ON bid_documents (bid_id);

-- +goose Down
DROP TABLE bid_documents;
