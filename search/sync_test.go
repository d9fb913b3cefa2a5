package search_test

import (
	"context"
	"testing"
	"time"

	"hutong/search"
	"hutong/search/bleve"
	"hutong/search/searchtest"
)

// sliceSource serves documents from memory in pages, as the database
// sources do.
func sliceSource(docs []search.Document, page int) search.Source {
	return search.Source{
		Type:  search.Organizations,
		Count: func(context.Context) (int, error) { return len(docs), nil },
		All: func(_ context.Context, fn func([]search.Document) error) error {
			for i := 0; i < len(docs); i += page {
				if err := fn(docs[i:min(i+page, len(docs))]); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func openBleve(tb testing.TB) search.Index {
	idx, err := bleve.Open(tb.TempDir(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	return idx
}

// TestReindexAndVerify: a rebuild writes every document and removes the
// ones no longer public; Verify finds stale, missing and extra documents
// and repairs them.
func TestReindexAndVerify(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	idx := openBleve(t)
	docs := searchtest.GenerateOrganizations(250, 1)
	if n, err := search.Reindex(ctx, idx, sliceSource(docs, 100), nil); err != nil || n != 250 {
		t.Fatalf("reindex wrote %d (%v), want 250", n, err)
	}
	// The database moves on: one document is gone, one changed, one new.
	gone, changed := docs[0], docs[1]
	changed.Version++
	fresh := searchtest.GenerateOrganizations(251, 2)[250]
	fresh.ID = "fresh-org"
	now := append([]search.Document{changed, fresh}, docs[2:]...)
	d, err := search.Verify(ctx, idx, sliceSource(now, 100), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Missing) != 1 || d.Missing[0] != "fresh-org" || len(d.Stale) != 1 || d.Stale[0] != changed.ID ||
		len(d.Extra) != 1 || d.Extra[0] != gone.ID || d.Clean() {
		t.Fatalf("drift: %s %+v", d, d)
	}
	if _, err := search.Verify(ctx, idx, sliceSource(now, 100), true); err != nil {
		t.Fatal(err)
	}
	if d, err := search.Verify(ctx, idx, sliceSource(now, 100), false); err != nil || !d.Clean() || d.Indexed != 250 {
		t.Fatalf("after fix: %s, %v", d, err)
	}
	if n, err := search.Reindex(ctx, idx, sliceSource(now[:10], 100), nil); err != nil || n != 10 {
		t.Fatalf("rebuild to 10: %d, %v", n, err)
	}
	if v, err := idx.Versions(ctx, search.Organizations); err != nil || len(v) != 10 {
		t.Fatalf("after rebuilding to 10 documents, %d indexed (%v)", len(v), err)
	}
}

// BenchmarkReindex100k rebuilds a Bleve index of 100,000 organisation
// documents in pages of 100, as `hutong reindex` reads them from the
// database, and reports documents per second.
func BenchmarkReindex100k(b *testing.B) {
	docs := searchtest.GenerateOrganizations(100_000, 7)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		idx := openBleve(b)
		start := time.Now()
		if _, err := search.Reindex(ctx, idx, sliceSource(docs, 100), nil); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(docs))/time.Since(start).Seconds(), "docs/s")
	}
}
