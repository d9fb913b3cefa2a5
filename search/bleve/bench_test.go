package bleve_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"hutong/search"
	"hutong/search/bleve"
	"hutong/search/searchtest"
)

// bench100k is one index of 100,000 generated organisations, built once
// for every search benchmark of a run.
var bench100k struct {
	once sync.Once
	dir  string
	idx  *bleve.Index
	err  error
}

// TestMain removes the benchmark index (over 100 MB) when the run ends,
// so that repeated runs do not fill the temporary directory.
func TestMain(m *testing.M) {
	code := m.Run()
	if bench100k.idx != nil {
		_ = bench100k.idx.Close()
	}
	if bench100k.dir != "" {
		_ = os.RemoveAll(bench100k.dir)
	}
	os.Exit(code)
}

// index100k builds (once) and returns the 100,000-document index. Its
// directory lives until TestMain removes it at the end of the run.
func index100k(b *testing.B) *bleve.Index {
	b.Helper()
	bench100k.once.Do(func() {
		dir, err := os.MkdirTemp("", "hutong-bleve-bench-")
		if err != nil {
			bench100k.err = err
			return
		}
		bench100k.dir = dir
		idx, err := bleve.Open(dir, nil)
		if err != nil {
			bench100k.err = err
			return
		}
		docs := searchtest.GenerateOrganizations(100_000, 1)
		started := time.Now()
		for chunk := range slices.Chunk(docs, 5000) {
			if err := idx.Upsert(context.Background(), search.Organizations, chunk...); err != nil {
				bench100k.err = err
				return
			}
		}
		b.Logf("built 100,000 documents in %s", time.Since(started).Round(time.Millisecond))
		if err := bleve.Settle(idx, search.Organizations, 2*time.Minute); err != nil {
			bench100k.err = err
			return
		}
		bench100k.idx = idx
	})
	if bench100k.err != nil {
		b.Fatal(bench100k.err)
	}
	return bench100k.idx
}

// BenchmarkSearch100k times typical searches on 100,000 organisations and
// reports the 99th percentile beside the mean.
func BenchmarkSearch100k(b *testing.B) {
	idx := index100k(b)
	kind := search.Filter{Field: "kind", Op: search.OpEq, Values: []any{"social_org"}}
	queries := map[string]search.Query{
		"TextFilterFacet": {Text: "心理疏导", Filters: []search.Filter{kind}, Facets: []string{"service_areas"}, Limit: 20},
		"SingleCharacter": {Text: "童", Facets: []string{"kind"}, Limit: 20},
		"TwoWordsSorted": {Text: "困境儿童 个案", Sort: []search.Sort{{Field: "verified_at", Desc: true}}, Limit: 20,
			Filters: []search.Filter{{Field: "region_codes", Op: search.OpEq, Values: []any{"320000"}}}},
		"Highlight":  {Text: "留守儿童 陪伴", Highlight: true, Limit: 20},
		"TextOnly":   {Text: "心理疏导", Limit: 20},
		"FilterOnly": {Filters: []search.Filter{kind, {Field: "rating_level", Op: search.OpGte, Values: []any{4}}}, Facets: []string{"region_codes", "rating"}, Limit: 20},
	}
	b.Cleanup(func() {
		b.Logf("in-memory keyword columns: %.1f MB", float64(bleve.ColumnBytes(idx, search.Organizations))/(1<<20))
	})
	for name, q := range queries {
		b.Run(name, func(b *testing.B) { timeSearches(b, idx, q) })
	}
}

// timeSearches runs q until the benchmark stops and reports the
// latency percentiles and the CPU time per search.
func timeSearches(b *testing.B, idx *bleve.Index, q search.Query) {
	var took []time.Duration
	cpu := cpuTime()
	for b.Loop() {
		started := time.Now()
		res, err := idx.Search(context.Background(), search.Organizations, q)
		took = append(took, time.Since(started))
		if err != nil || len(res.Hits) == 0 {
			b.Fatalf("Search: %v (%v)", err, res)
		}
	}
	cpu = cpuTime() - cpu
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
	// CPU time per search (all goroutines, GC included) varies far
	// less than latency with what else the machine runs.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(took)), "cpu-ms/op")
}

// BenchmarkSearch100kOnePart times the text searches in one goroutine,
// to show what searching parts of the index at once brings.
func BenchmarkSearch100kOnePart(b *testing.B) {
	idx := index100k(b)
	bleve.SetParts(idx, 1, 1)
	b.Cleanup(func() { bleve.SetParts(idx, 0, 0) })
	kind := search.Filter{Field: "kind", Op: search.OpEq, Values: []any{"social_org"}}
	queries := map[string]search.Query{
		"TextFilterFacet": {Text: "心理疏导", Filters: []search.Filter{kind}, Facets: []string{"service_areas"}, Limit: 20},
		"TextOnly":        {Text: "心理疏导", Limit: 20},
	}
	for name, q := range queries {
		b.Run(name, func(b *testing.B) { timeSearches(b, idx, q) })
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkIndex measures writing documents in batches of 1,000, as a
// reindex does, into a growing index.
func BenchmarkIndex(b *testing.B) {
	idx, err := bleve.Open(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = idx.Close() })
	const batch = 1000
	pool := searchtest.GenerateOrganizations(20*batch, 2)
	n := 0
	for b.Loop() {
		docs := slices.Clone(pool[(n*batch)%len(pool):][:batch])
		for i := range docs {
			docs[i].ID = fmt.Sprintf("batch%d-%d", n, i)
		}
		if err := idx.Upsert(context.Background(), search.Organizations, docs...); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n*batch)/b.Elapsed().Seconds(), "docs/s")
}
