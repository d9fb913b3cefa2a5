package jobs

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"hutong/domain"
	"hutong/search"
)

// SearchSettingsWorker applies the index settings after a platform admin
// changes them: it loads the synonyms from the database and re-runs Init
// for every search type with them. It always applies the newest list, so
// duplicate or late jobs are harmless; while the index is down it fails
// and River retries it.
type SearchSettingsWorker struct {
	river.WorkerDefaults[domain.SearchSettingsArgs]
	index    search.Index
	synonyms domain.SynonymService
	types    []*search.DocType
}

// Work loads the synonyms and applies them to every type.
func (w *SearchSettingsWorker) Work(ctx context.Context, _ *river.Job[domain.SearchSettingsArgs]) error {
	groups, err := w.synonyms.FindSynonyms(ctx)
	if err != nil {
		return fmt.Errorf("load synonyms: %w", err)
	}
	types := make([]*search.DocType, len(w.types))
	for i, t := range w.types {
		types[i] = search.WithSynonyms(t, groups)
	}
	return w.index.Init(ctx, types...)
}
