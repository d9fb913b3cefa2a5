package jobs

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"hutong/domain"
	"hutong/search"
)

// IndexWorker brings one entity's search document up to date. It rebuilds
// the document from the database each time, so retries and duplicate jobs
// write the newest state; while the index is down the job fails and River
// retries it with growing back-off until the index is back.
type IndexWorker struct {
	river.WorkerDefaults[domain.IndexArgs]
	index   search.Index
	sources map[string]search.Source
}

// Work loads the entity and upserts or deletes its document.
func (w *IndexWorker) Work(ctx context.Context, job *river.Job[domain.IndexArgs]) error {
	src, ok := w.sources[job.Args.Type]
	if !ok {
		return river.JobCancel(fmt.Errorf("no search source for type %q", job.Args.Type))
	}
	doc, err := src.Load(ctx, job.Args.ID)
	if err != nil {
		return fmt.Errorf("load %s %s: %w", job.Args.Type, job.Args.ID, err)
	}
	if doc == nil {
		return w.index.Delete(ctx, src.Type, job.Args.ID)
	}
	return w.index.Upsert(ctx, src.Type, *doc)
}
