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

// maxIndexRounds bounds how often one job rewrites a document that keeps
// changing under it; a later job carries on after that.
const maxIndexRounds = 3

// Work loads the entity and upserts or deletes its document. Two jobs for
// one entity may run at once, and the one that loaded older state may
// write last; so after writing, the worker loads again and, if the entity
// changed meanwhile, writes again. Whichever job writes last has then
// checked the database after its write, and the index ends at the newest
// state.
func (w *IndexWorker) Work(ctx context.Context, job *river.Job[domain.IndexArgs]) error {
	src, ok := w.sources[job.Args.Type]
	if !ok {
		return river.JobCancel(fmt.Errorf("no search source for type %q", job.Args.Type))
	}
	doc, err := w.load(ctx, src, job.Args.ID)
	for round := 0; err == nil && round < maxIndexRounds; round++ {
		if err = w.write(ctx, src, job.Args.ID, doc); err != nil {
			return err
		}
		var now *search.Document
		if now, err = w.load(ctx, src, job.Args.ID); err == nil && sameVersion(doc, now) {
			return nil
		}
		doc = now
	}
	return err
}

func (w *IndexWorker) load(ctx context.Context, src search.Source, id string) (*search.Document, error) {
	doc, err := src.Load(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("load %s %s: %w", src.Type.Name, id, err)
	}
	return doc, nil
}

func (w *IndexWorker) write(ctx context.Context, src search.Source, id string, doc *search.Document) error {
	if doc == nil {
		return w.index.Delete(ctx, src.Type, id)
	}
	return w.index.Upsert(ctx, src.Type, *doc)
}

// sameVersion reports whether two loads of an entity found the same state:
// both absent, or both present at one version.
func sameVersion(a, b *search.Document) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Version == b.Version
}
