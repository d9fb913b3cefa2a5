package domain

// Searchable document types. Each names an index and the entity it is
// built from; later features add theirs.
const (
	SearchOrganizations = "organizations"
)

// IndexArgs is the job that brings one entity's search document up to
// date: the worker loads the entity and writes its document, or removes
// it when the entity is gone or no longer public. Services insert it in
// the same transaction as the change, so no change is lost.
type IndexArgs struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Kind names the job for the queue.
func (IndexArgs) Kind() string { return "search_index" }
