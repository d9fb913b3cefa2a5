package meili_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"sync"
	"testing"
	"time"

	"hutong/search"
	"hutong/search/meili"
	"hutong/search/searchtest"
)

// TestConformance runs the shared suite against a real Meilisearch, which
// cannot run on the development machine; set TEST_MEILISEARCH_URL to run
// it. Each index gets its own prefix and is deleted afterwards, so several
// runs can share one server.
func TestConformance(t *testing.T) {
	url := os.Getenv("TEST_MEILISEARCH_URL")
	if url == "" {
		t.Skip("no Meilisearch server: start one with " +
			"`docker run --rm -p 7700:7700 -e MEILI_MASTER_KEY=testkey-at-least-16-bytes getmeili/meilisearch:v1.16.0` " +
			"and run with TEST_MEILISEARCH_URL=http://localhost:7700 TEST_MEILISEARCH_API_KEY=testkey-at-least-16-bytes")
	}
	t.Parallel()
	key := os.Getenv("TEST_MEILISEARCH_API_KEY")
	searchtest.Run(t, func(t *testing.T) search.Index {
		idx, err := meili.Open(url, key, meili.Options{IndexPrefix: uniquePrefix(), TaskTimeout: time.Minute})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		rec := &recordingIndex{Index: idx}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := idx.DeleteIndexes(ctx, rec.initialised()...); err != nil {
				t.Errorf("deleting the test indexes: %v", err)
			}
			_ = idx.Close()
		})
		return rec
	}, searchtest.Options{Typos: true})
}

// uniquePrefix is a fresh index prefix, e.g. "hutongtest_3f9a1c2b_".
func uniquePrefix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "hutongtest_" + hex.EncodeToString(b) + "_"
}

// recordingIndex remembers the types Init created, so that the test can
// delete their indexes at cleanup.
type recordingIndex struct {
	*meili.Index
	mu    sync.Mutex
	types []*search.DocType
}

func (r *recordingIndex) Init(ctx context.Context, types ...*search.DocType) error {
	r.mu.Lock()
	r.types = append(r.types, types...)
	r.mu.Unlock()
	return r.Index.Init(ctx, types...)
}

func (r *recordingIndex) initialised() []*search.DocType {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.types
}
