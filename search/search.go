// Package search is Hutong's one search interface. Backends (search/bleve,
// the embedded default, and search/meili, for production) implement Index;
// search/searchtest holds the conformance suite every backend runs. No type
// of either SDK leaves its backend package: callers see only these types.
package search

import (
	"context"
	"errors"
	"strconv"
	"time"
)

// ErrUnavailable is returned (wrapped) when the backend cannot be reached
// or answers that it is down; callers answer 503 and jobs retry.
var ErrUnavailable = errors.New("search backend unavailable")

// FieldKind says how a field is stored and compared.
type FieldKind int

// Field kinds.
const (
	// Text is Chinese or English prose, tokenised for full-text search.
	Text FieldKind = iota
	// Keyword is an exact value (or list of values) for filters and facets.
	Keyword
	// Number is an integer or float, for ranges and sorting.
	Number
	// Time is an RFC 3339 timestamp, for ranges and sorting.
	Time
	// Bool is true or false, for filters.
	Bool
)

// Field describes one field of a document type.
type Field struct {
	Name       string
	Kind       FieldKind
	Searchable bool // part of the full-text query (Text fields)
	Filterable bool // usable in Filter
	Sortable   bool // usable in Sort
	Facet      bool // counted in Facets
	// Weight orders searchable fields by importance (higher first); both
	// backends derive their ranking of attributes from it.
	Weight int
}

// DocType describes a kind of document once; each backend builds its
// index settings from it.
type DocType struct {
	// Name is the index name, e.g. "organizations".
	Name   string
	Fields []Field
	// Geo says documents carry a location (Document.Geo) for radius
	// filters and distance sorting.
	Geo bool
	// Synonyms are groups of words that mean the same to searchers, e.g.
	// {"心理疏导", "心理辅导", "心理咨询"}.
	Synonyms [][]string
}

// Field returns the field named name, or false.
func (t *DocType) Field(name string) (Field, bool) {
	for _, f := range t.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// GeoPoint is a WGS 84 location.
type GeoPoint struct {
	Lat float64 `json:"lat"`
	Lng float64 `json:"lng"`
}

// Document is one indexed object: an id, a version (the entity's
// updated_at in microseconds, so that a stale write never wins and drift
// can be measured), field values and an optional location. Values hold
// string, []string, int64, float64, bool or time.Time.
type Document struct {
	ID      string
	Version int64
	Fields  map[string]any
	Geo     *GeoPoint
}

// Op is a filter comparison.
type Op string

// Filter operators.
const (
	OpEq  Op = "eq"  // field equals (any of) Values
	OpGte Op = "gte" // field >= Values[0]
	OpLte Op = "lte" // field <= Values[0]
)

// Filter restricts results to documents whose field matches; several
// filters all apply (AND); several Values of an OpEq filter are
// alternatives (OR).
type Filter struct {
	Field  string
	Op     Op
	Values []any
}

// GeoRadius restricts results to documents within Meters of Center.
type GeoRadius struct {
	Center GeoPoint
	Meters float64
}

// Sort orders results by a sortable field, or by distance from a point
// when Near is set (Field is then ignored).
type Sort struct {
	Field string
	Desc  bool
	Near  *GeoPoint
}

// Query is one search.
type Query struct {
	Text    string
	Filters []Filter
	Geo     *GeoRadius
	Sort    []Sort // empty: by relevance
	Facets  []string
	Offset  int
	Limit   int
	// Highlight asks for highlighted fragments of the searchable fields.
	Highlight bool
}

// Hit is one result.
type Hit struct {
	ID      string
	Version int64
	Score   float64
	// Highlights maps a field to its fragments, with matches wrapped in
	// <mark>…</mark>; the rest of the text is HTML-escaped.
	Highlights map[string][]string
	// DistanceMeters is set when the query sorts or filters by distance.
	DistanceMeters *float64
}

// Result is one page of hits.
type Result struct {
	Hits []Hit
	// Total is the number of matching documents (estimated by some
	// backends beyond a threshold).
	Total int
	// Facets maps a facet field to value counts.
	Facets map[string]map[string]int
	Took   time.Duration
}

// Index is a search backend holding one index per document type.
type Index interface {
	// Init creates or updates the index of each type with settings built
	// from its description. It is idempotent.
	Init(ctx context.Context, types ...*DocType) error
	// Ping answers nil when the backend is reachable.
	Ping(ctx context.Context) error
	// Upsert writes documents, each replacing any earlier one with its id.
	// It returns once the documents are searchable.
	Upsert(ctx context.Context, t *DocType, docs ...Document) error
	// Delete removes documents by id; missing ids are not an error. It
	// returns once they no longer appear in results.
	Delete(ctx context.Context, t *DocType, ids ...string) error
	// Search runs q on type t.
	Search(ctx context.Context, t *DocType, q Query) (*Result, error)
	// Versions lists every indexed id with its version, for drift checks.
	Versions(ctx context.Context, t *DocType) (map[string]int64, error)
	// Close releases the backend.
	Close() error
}

// ErrUnknownField is matched (through UnknownFieldError) when a query
// filters, sorts or counts facets on a field its DocType does not declare
// for that use; callers answer 422 naming the field.
var ErrUnknownField = errors.New("unknown search field")

// UnknownFieldError names the field a query used wrongly and how, so that
// the API can name it in its 422 answer. errors.Is matches it to
// ErrUnknownField.
type UnknownFieldError struct {
	Field string
	Use   string // "filter", "sort" or "facet"
}

// Error says which field was refused for which use.
func (e *UnknownFieldError) Error() string {
	return "search: field " + strconv.Quote(e.Field) + " cannot be used to " + e.Use
}

// Is makes errors.Is(err, ErrUnknownField) true.
func (e *UnknownFieldError) Is(target error) bool { return target == ErrUnknownField }

// CheckQuery refuses a query that filters on a field that is not
// filterable, sorts on one that is not sortable, or counts facets of one
// that is not a facet. Both backends call it first, so both refuse the
// same queries in the same words.
func (t *DocType) CheckQuery(q Query) error {
	for _, f := range q.Filters {
		if fd, ok := t.Field(f.Field); !ok || !fd.Filterable {
			return &UnknownFieldError{Field: f.Field, Use: "filter"}
		}
	}
	for _, s := range q.Sort {
		if s.Near != nil {
			if !t.Geo {
				return &UnknownFieldError{Field: "_geo", Use: "sort"}
			}
			continue
		}
		if fd, ok := t.Field(s.Field); !ok || !fd.Sortable {
			return &UnknownFieldError{Field: s.Field, Use: "sort"}
		}
	}
	for _, name := range q.Facets {
		if fd, ok := t.Field(name); !ok || !fd.Facet {
			return &UnknownFieldError{Field: name, Use: "facet"}
		}
	}
	if q.Geo != nil && !t.Geo {
		return &UnknownFieldError{Field: "_geo", Use: "filter"}
	}
	return nil
}
