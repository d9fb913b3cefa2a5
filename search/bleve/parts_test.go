package bleve_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"hutong/search"
	"hutong/search/bleve"
	"hutong/search/searchtest"
)

// TestPartsAgreeWithOnePass runs the same searches in one pass and split
// into parts searched at once: the pages, totals, scores and facet
// counts must be the same, since the parts read one snapshot.
func TestPartsAgreeWithOnePass(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	idx, err := bleve.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	docs := searchtest.GenerateOrganizations(3000, 7)
	for chunk := range slices.Chunk(docs, 700) { // several segments
		if err := idx.Upsert(ctx, search.Organizations, chunk...); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Delete(ctx, search.Organizations, "gen-0000010", "gen-0002000"); err != nil {
		t.Fatal(err)
	}
	// Merges renumber documents, which reorders equal scores: compare
	// searches of one layout.
	if err := bleve.Settle(idx, search.Organizations, time.Minute); err != nil {
		t.Fatal(err)
	}
	kind := search.Filter{Field: "kind", Op: search.OpEq, Values: []any{"social_org", "station"}}
	queries := map[string]search.Query{
		"TextFilterFacet": {Text: "心理疏导", Filters: []search.Filter{kind}, Facets: []string{"service_areas", "kind"}},
		"SingleCharacter": {Text: "童", Facets: []string{"kind", "region_codes"}, Offset: 35, Limit: 30},
		"TwoWordsSorted": {Text: "困境儿童 个案", Sort: []search.Sort{{Field: "verified_at", Desc: true}}, Limit: 50,
			Filters: []search.Filter{{Field: "region_codes", Op: search.OpEq, Values: []any{"320000"}}}},
		"FilterOnly": {Filters: []search.Filter{kind, {Field: "rating_level", Op: search.OpGte, Values: []any{4}}},
			Facets: []string{"region_codes", "rating"}, Offset: 100, Limit: 40},
		"Everything":  {Facets: []string{"rating"}, Limit: 1000},
		"BeyondTotal": {Text: "心理疏导", Offset: 100_000},
	}
	for name, q := range queries {
		bleve.SetParts(idx, 1, 1)
		one, err := idx.Search(ctx, search.Organizations, q)
		if err != nil {
			t.Fatalf("%s in one pass: %v", name, err)
		}
		for _, n := range []int{2, 3, 5} {
			bleve.SetParts(idx, n, 100)
			split, err := idx.Search(ctx, search.Organizations, q)
			if err != nil {
				t.Fatalf("%s in %d parts: %v", name, n, err)
			}
			t.Run(name+"/SameAsOnePass", func(t *testing.T) { sameResult(t, one, split) })
		}
	}
}

// sameResult fails unless got and want hold the same page in the same
// order, with the same scores, total and facet counts.
func sameResult(t *testing.T, want, got *search.Result) {
	t.Helper()
	if got.Total != want.Total {
		t.Errorf("Total = %d, want %d", got.Total, want.Total)
	}
	if len(got.Hits) != len(want.Hits) {
		t.Fatalf("%d hits, want %d", len(got.Hits), len(want.Hits))
	}
	for i := range want.Hits {
		g, w := got.Hits[i], want.Hits[i]
		if g.ID != w.ID || g.Version != w.Version || g.Score != w.Score {
			t.Errorf("hit %d = %s v%d %.6f, want %s v%d %.6f", i, g.ID, g.Version, g.Score, w.ID, w.Version, w.Score)
		}
	}
	if !maps.EqualFunc(got.Facets, want.Facets, maps.Equal) {
		t.Errorf("Facets = %v, want %v", got.Facets, want.Facets)
	}
}
