package jobs

import (
	"context"
	"sync"
	"testing"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"hutong/domain"
	"hutong/search"
	"hutong/search/bleve"
)

// TestIndexWorkerRewritesWhenTheEntityChangedMeanwhile: a job that loaded
// version 1 while version 2 was committing writes 1, finds 2 on its check
// and writes 2, so a late stale write never stays in the index.
func TestIndexWorkerRewritesWhenTheEntityChangedMeanwhile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	idx, err := bleve.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if err := idx.Init(ctx, search.Organizations); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	loads := []int64{1, 2, 2} // what the database holds at each load
	src := search.Source{Type: search.Organizations, Load: func(context.Context, string) (*search.Document, error) {
		mu.Lock()
		defer mu.Unlock()
		v := loads[0]
		if len(loads) > 1 {
			loads = loads[1:]
		}
		return &search.Document{ID: "org-1", Version: v, Fields: map[string]any{"name": "星火"}}, nil
	}}
	w := &IndexWorker{index: idx, sources: map[string]search.Source{src.Type.Name: src}}
	job := &river.Job[domain.IndexArgs]{JobRow: &rivertype.JobRow{}, Args: domain.IndexArgs{Type: src.Type.Name, ID: "org-1"}}
	if err := w.Work(ctx, job); err != nil {
		t.Fatal(err)
	}
	versions, err := idx.Versions(ctx, search.Organizations)
	if err != nil || versions["org-1"] != 2 {
		t.Fatalf("indexed %v (%v), want org-1 at version 2", versions, err)
	}
}
