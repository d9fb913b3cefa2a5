package search_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"hutong/search"
	"hutong/search/bleve"
)

func TestKeepSettings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	inner, err := bleve.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	idx := search.KeepSettings(inner)
	t.Cleanup(func() { _ = idx.Close() })
	if err := idx.Init(ctx, search.Organizations); err != nil {
		t.Fatal(err)
	}
	doc := search.Document{ID: "0197a000-0000-7000-8000-000000000001", Version: 1, Fields: map[string]any{
		"name": "梁溪区儿童主任工作站", "kind": "station", "verified_at": time.Now().UTC(),
	}}
	if err := idx.Upsert(ctx, search.Organizations, doc); err != nil {
		t.Fatal(err)
	}
	found := func(text string) int {
		t.Helper()
		res, err := idx.Search(ctx, search.Organizations, search.Query{Text: text, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := found("儿童督导员"); n != 0 {
		t.Fatalf("before the edit, 儿童督导员 finds %d documents", n)
	}
	defaults := search.WithSynonyms(search.Organizations, search.Synonyms).Synonyms
	edited := search.WithSynonyms(search.Organizations, [][]string{{"儿童主任", "儿童督导员"}})
	if err := idx.Init(ctx, edited); err != nil {
		t.Fatal(err)
	}
	t.Run("SearchesUseTheLastInit", func(t *testing.T) {
		if n := found("儿童督导员"); n != 1 {
			t.Fatalf("after the edit, 儿童督导员 finds %d documents, want 1", n)
		}
	})
	t.Run("PackageTypeUntouched", func(t *testing.T) {
		if !reflect.DeepEqual(search.Organizations.Synonyms, defaults) || &edited.Fields[0] == &search.Organizations.Fields[0] {
			t.Fatal("WithSynonyms changed or shares the package's DocType")
		}
	})
}
