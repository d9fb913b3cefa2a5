package bleve_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"hutong/search"
	"hutong/search/bleve"
	"hutong/search/searchtest"
)

// open gives a fresh index in a temporary directory, closed at cleanup.
func open(t *testing.T) search.Index {
	t.Helper()
	idx, err := bleve.Open(t.TempDir(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := idx.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return idx
}

func TestConformance(t *testing.T) {
	t.Parallel()
	searchtest.Run(t, open, searchtest.Options{Typos: false})
}

// orgType is a small description for the restart tests.
func orgType(fields ...search.Field) *search.DocType {
	return &search.DocType{
		Name:   "organizations",
		Fields: append([]search.Field{{Name: "name", Kind: search.Text, Searchable: true, Weight: 1}}, fields...),
	}
}

// reopen closes idx and opens the same directory again.
func reopen(t *testing.T, idx *bleve.Index, dir string) *bleve.Index {
	t.Helper()
	if err := idx.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	again, err := bleve.Open(dir, nil)
	if err != nil {
		t.Fatalf("Open again: %v", err)
	}
	t.Cleanup(func() { _ = again.Close() })
	return again
}

func TestRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	doc := search.Document{ID: "a", Version: 42, Fields: map[string]any{"name": "阳光儿童服务中心"}}
	setup := func(t *testing.T) (*bleve.Index, string) {
		dir := t.TempDir()
		idx, err := bleve.Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := idx.Upsert(ctx, orgType(), doc); err != nil {
			t.Fatal(err)
		}
		return idx, dir
	}
	t.Run("DocumentsSurvive", func(t *testing.T) {
		t.Parallel()
		idx, dir := setup(t)
		idx = reopen(t, idx, dir)
		if err := idx.Init(ctx, orgType()); err != nil {
			t.Fatal(err)
		}
		res, err := idx.Search(ctx, orgType(), search.Query{Text: "童"})
		if err != nil || res.Total != 1 || res.Hits[0].ID != "a" || res.Hits[0].Version != 42 {
			t.Fatalf("after restart: %+v, %v", res, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "organizations.bleve")); err != nil {
			t.Errorf("index directory: %v", err)
		}
	})
	t.Run("ChangedDescriptionRebuildsEmpty", func(t *testing.T) {
		t.Parallel()
		idx, dir := setup(t)
		idx = reopen(t, idx, dir)
		changed := orgType(search.Field{Name: "kind", Kind: search.Keyword, Filterable: true})
		if err := idx.Init(ctx, changed); err != nil {
			t.Fatal(err)
		}
		v, err := idx.Versions(ctx, changed)
		if err != nil || len(v) != 0 {
			t.Fatalf("Versions after rebuild = %v, %v; want empty", v, err)
		}
		res, err := idx.Search(ctx, changed, search.Query{Filters: []search.Filter{{Field: "kind", Op: search.OpEq, Values: []any{"x"}}}})
		if err != nil || res.Total != 0 {
			t.Fatalf("filter on the new field: %+v, %v", res, err)
		}
	})
}

func TestClosed(t *testing.T) {
	t.Parallel()
	idx, err := bleve.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrUnavailable", func(t *testing.T) {
		t.Parallel()
		if err := idx.Ping(context.Background()); !errors.Is(err, search.ErrUnavailable) {
			t.Errorf("Ping = %v", err)
		}
		if _, err := idx.Search(context.Background(), orgType(), search.Query{}); !errors.Is(err, search.ErrUnavailable) {
			t.Errorf("Search = %v", err)
		}
	})
}
