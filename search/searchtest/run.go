// Package searchtest is the conformance suite every search.Index backend
// runs, so that Bleve on a laptop and Meilisearch in production answer the
// same queries the same way. A backend's test calls Run with a function
// giving a fresh, empty index.
package searchtest

import (
	"context"
	"slices"
	"testing"

	"hutong/search"
)

// Options switch on the checks only some backends can pass.
type Options struct {
	// Typos says the backend forgives typing mistakes in Latin words
	// (Meilisearch does, Bleve does not), so the typo checks run.
	Typos bool
}

// check is one read-only conformance check against the seeded fixtures.
type check struct {
	name string
	run  func(t *testing.T, f *fixture)
}

// fixture is an index seeded with the fixture documents.
type fixture struct {
	idx search.Index
	typ *search.DocType
}

// Run runs the conformance suite against indexes made by open. open must
// return a fresh, empty, usable index and arrange its closing through
// t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) search.Index, opts Options) {
	t.Run("Read", func(t *testing.T) {
		t.Parallel()
		f := seed(t, open(t))
		for _, c := range readChecks(opts) {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				c.run(t, f)
			})
		}
	})
	for _, c := range writeChecks() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, open(t))
		})
	}
}

// readChecks lists every check that only reads the fixtures.
func readChecks(opts Options) []check {
	checks := slices.Concat(textChecks(), filterChecks(), facetSortChecks(), geoChecks(), highlightChecks())
	if opts.Typos {
		checks = append(checks, typoChecks()...)
	}
	return checks
}

// seed initialises a fresh type on idx and writes the fixtures.
func seed(t *testing.T, idx search.Index) *fixture {
	t.Helper()
	typ := newType()
	ctx := context.Background()
	if err := idx.Init(ctx, typ); err != nil {
		t.Fatalf("Init: %v", err)
	}
	if err := idx.Upsert(ctx, typ, documents()...); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	return &fixture{idx: idx, typ: typ}
}

// search runs q (with a generous limit when none is set) and fails the
// test on error.
func (f *fixture) search(t *testing.T, q search.Query) *search.Result {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 100
	}
	res, err := f.idx.Search(context.Background(), f.typ, q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

// ids lists the hit ids in order.
func ids(res *search.Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

// wantSet fails unless the hits are exactly want, in any order, and Total
// agrees.
func wantSet(t *testing.T, res *search.Result, want []string) {
	t.Helper()
	got := slices.Sorted(slices.Values(ids(res)))
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("hits = %v, want %v", got, want)
	}
	if res.Total != len(want) {
		t.Errorf("Total = %d, want %d", res.Total, len(want))
	}
}

// wantOrder fails unless the hits are exactly want, in that order.
func wantOrder(t *testing.T, res *search.Result, want []string) {
	t.Helper()
	if got := ids(res); !slices.Equal(got, want) {
		t.Errorf("hits = %v, want %v", got, want)
	}
}
