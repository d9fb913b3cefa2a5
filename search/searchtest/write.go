package searchtest

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"hutong/search"
)

// writeCheck is one check that changes an index of its own.
type writeCheck struct {
	name string
	run  func(t *testing.T, idx search.Index)
}

// initType initialises a fresh type on idx.
func initType(t *testing.T, idx search.Index) *search.DocType {
	t.Helper()
	typ := newType()
	if err := idx.Init(context.Background(), typ); err != nil {
		t.Fatalf("Init: %v", err)
	}
	return typ
}

// upsert writes docs and fails the test on error.
func upsert(t *testing.T, idx search.Index, typ *search.DocType, docs ...search.Document) {
	t.Helper()
	if err := idx.Upsert(context.Background(), typ, docs...); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
}

// doc builds a small document.
func doc(id string, version int64, name, kind string) search.Document {
	return search.Document{ID: id, Version: version, Fields: map[string]any{"name": name, "kind": kind}}
}

// versions reads Versions and fails the test on error.
func versions(t *testing.T, idx search.Index, typ *search.DocType) map[string]int64 {
	t.Helper()
	got, err := idx.Versions(context.Background(), typ)
	if err != nil {
		t.Fatalf("Versions: %v", err)
	}
	return got
}

// writeChecks cover writes, deletes, versions, Init and Ping.
func writeChecks() []writeCheck {
	return []writeCheck{
		{"PingAnswersNil", func(t *testing.T, idx search.Index) {
			if err := idx.Ping(context.Background()); err != nil {
				t.Errorf("Ping: %v", err)
			}
		}},
		{"InitIsIdempotent", checkInitTwice},
		{"UpsertReplacesDocument", checkUpsertReplaces},
		{"DeleteRemovesAndIgnoresMissing", checkDelete},
		{"VersionsListsEveryDocument", checkVersions},
		{"SparseDocumentIsIndexed", checkSparse},
	}
}

func checkInitTwice(t *testing.T, idx search.Index) {
	typ := initType(t, idx)
	upsert(t, idx, typ, doc("a", 1, "阳光儿童", "station"))
	if err := idx.Init(context.Background(), typ); err != nil {
		t.Fatalf("second Init: %v", err)
	}
	f := &fixture{idx: idx, typ: typ}
	wantSet(t, f.search(t, search.Query{Text: "儿童"}), []string{"a"})
}

func checkUpsertReplaces(t *testing.T, idx search.Index) {
	typ := initType(t, idx)
	upsert(t, idx, typ, doc("a", 1, "甲乙机构", "station"), doc("b", 1, "其他机构", "bureau"))
	upsert(t, idx, typ, doc("a", 2, "丙丁机构", "foundation"))
	f := &fixture{idx: idx, typ: typ}
	wantSet(t, f.search(t, search.Query{Text: "甲乙"}), nil)
	wantSet(t, f.search(t, search.Query{Text: "丙丁"}), []string{"a"})
	wantSet(t, f.search(t, search.Query{Filters: []search.Filter{eq("kind", "station")}}), nil)
	wantSet(t, f.search(t, search.Query{Filters: []search.Filter{eq("kind", "foundation")}}), []string{"a"})
	if got, want := versions(t, idx, typ), map[string]int64{"a": 2, "b": 1}; !maps.Equal(got, want) {
		t.Errorf("Versions = %v, want %v", got, want)
	}
}

func checkDelete(t *testing.T, idx search.Index) {
	typ := initType(t, idx)
	upsert(t, idx, typ, doc("a", 1, "儿童甲", "station"), doc("b", 2, "儿童乙", "station"), doc("c", 3, "儿童丙", "bureau"))
	if err := idx.Delete(context.Background(), typ, "b", "missing"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := idx.Delete(context.Background(), typ); err != nil {
		t.Fatalf("Delete of nothing: %v", err)
	}
	f := &fixture{idx: idx, typ: typ}
	wantSet(t, f.search(t, search.Query{Text: "儿童"}), []string{"a", "c"})
	wantSet(t, f.search(t, search.Query{Text: "乙"}), nil)
	if got, want := versions(t, idx, typ), map[string]int64{"a": 1, "c": 3}; !maps.Equal(got, want) {
		t.Errorf("Versions = %v, want %v", got, want)
	}
}

// checkVersions writes more documents than one page of any backend's
// listing, with versions as large as real microsecond timestamps.
func checkVersions(t *testing.T, idx search.Index) {
	typ := initType(t, idx)
	want := map[string]int64{}
	docs := make([]search.Document, 1500)
	for i := range docs {
		id := fmt.Sprintf("org-%04d", i)
		want[id] = 1_767_225_600_000_000 + int64(i)*7919
		docs[i] = doc(id, want[id], fmt.Sprintf("第%d个儿童服务机构", i), "social_org")
	}
	upsert(t, idx, typ, docs...)
	if got := versions(t, idx, typ); !maps.Equal(got, want) {
		t.Errorf("Versions holds %d ids, want %d (or versions differ)", len(got), len(want))
	}
	f := &fixture{idx: idx, typ: typ}
	if res := f.search(t, search.Query{Text: "儿童", Limit: 5}); res.Total != len(docs) || len(res.Hits) != 5 {
		t.Errorf("Total = %d with %d hits, want %d with 5", res.Total, len(res.Hits), len(docs))
	}
}

// checkSparse: a document lacking most fields, and no location, is still
// found, listed and counted, and sorts after documents that have the
// field, whichever the direction.
func checkSparse(t *testing.T, idx search.Index) {
	typ := initType(t, idx)
	rated := func(id string, rating int64) search.Document {
		return search.Document{ID: id, Version: 1, Fields: map[string]any{"name": "儿童之家", "rating": rating}}
	}
	upsert(t, idx, typ, search.Document{ID: "s", Version: 9, Fields: map[string]any{"name": "关爱之家"}}, rated("r1", 1), rated("r5", 5))
	f := &fixture{idx: idx, typ: typ}
	wantSet(t, f.search(t, search.Query{Text: "关爱"}), []string{"s"})
	wantSet(t, f.search(t, search.Query{Facets: []string{"kind"}}), []string{"s", "r1", "r5"})
	wantOrder(t, f.search(t, search.Query{Sort: []search.Sort{{Field: "rating"}}}), []string{"r1", "r5", "s"})
	wantOrder(t, f.search(t, search.Query{Sort: []search.Sort{{Field: "rating", Desc: true}}}), []string{"r5", "r1", "s"})
	if got := versions(t, idx, typ); !maps.Equal(got, map[string]int64{"s": 9, "r1": 1, "r5": 1}) {
		t.Errorf("Versions = %v", got)
	}
}
