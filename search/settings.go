package search

import (
	"context"
	"slices"
	"sync"
)

// WithSynonyms returns a copy of t whose synonyms are groups; t itself,
// often a package variable such as Organizations, is left as it is.
func WithSynonyms(t *DocType, groups [][]string) *DocType {
	c := *t
	c.Fields = slices.Clone(t.Fields)
	c.Synonyms = make([][]string, len(groups))
	for i, g := range groups {
		c.Synonyms[i] = slices.Clone(g)
	}
	return &c
}

// KeepSettings wraps idx so that every search of a type runs with the
// synonyms of the last successful Init of that type. Meilisearch keeps
// synonyms on the server, but Bleve expands them at query time from the
// DocType it is given; with this wrapper an admin's edit, applied by Init,
// reaches searches on both, whichever DocType the caller holds.
func KeepSettings(idx Index) Index {
	return &settingsIndex{Index: idx, synonyms: map[string][][]string{}}
}

// settingsIndex is the Index KeepSettings returns.
type settingsIndex struct {
	Index
	mu       sync.RWMutex
	synonyms map[string][][]string
}

// Init applies the settings and, once the backend took them, remembers
// each type's synonyms.
func (x *settingsIndex) Init(ctx context.Context, types ...*DocType) error {
	if err := x.Index.Init(ctx, types...); err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, t := range types {
		x.synonyms[t.Name] = WithSynonyms(t, t.Synonyms).Synonyms
	}
	return nil
}

// Search runs q with the remembered synonyms of t's type, if any.
func (x *settingsIndex) Search(ctx context.Context, t *DocType, q Query) (*Result, error) {
	x.mu.RLock()
	groups, ok := x.synonyms[t.Name]
	x.mu.RUnlock()
	if ok {
		// groups is a private copy that no one writes to, so the copy of t
		// can share it.
		c := *t
		c.Synonyms = groups
		t = &c
	}
	return x.Index.Search(ctx, t, q)
}
