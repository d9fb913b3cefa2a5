package bleve

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// minPartDocs is the fewest documents a part is given by default: below
// it, a search runs in one goroutine, as starting others costs more than
// it saves.
const minPartDocs = 20_000

// plan is a search ready to run: the Bleve query, how hits are scored
// and ordered, the page, the stored fields hits need, and the keyword
// filters and facets the columns answer.
type plan struct {
	// text, when set, is matched by a textSearcher over textFields, and
	// filter (if any) narrows its matches; otherwise filter is the query.
	text       *textMatch
	textFields []textField
	filter     query.Query
	score      string                   // "" (relevance) or blevesearch.ScoreNone
	order      func() bsearch.SortOrder // a fresh order per part: sorts keep state
	offset     int
	limit      int
	fields     []string
	filters    []keywordFilter
	facets     []string
}

// outcome is what the parts found together.
type outcome struct {
	hits   []*bsearch.DocumentMatch
	total  int
	facets map[string]map[string]int
}

// partResult is what one part found.
type partResult struct {
	hits  []*bsearch.DocumentMatch
	total uint64
	ps    *partSearcher
	err   error
}

// run searches one snapshot of idx in up to x.parts ranges of document
// numbers at once, merges their pages into one, and loads the stored
// fields of the page's hits.
func (x *Index) run(ctx context.Context, idx blevesearch.Index, cache *columns, p *plan) (*outcome, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer func() { _ = r.Close() }()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("bleve: unexpected index reader %T", r)
	}
	segs, err := loadSegments(snap, cache, p.columnFields())
	if err != nil {
		return nil, err
	}
	cache.prune(snap, len(p.columnFields()))
	x.searching.Add(1)
	defer x.searching.Add(-1)
	bounds := split(segs.maxDoc, x.partCount(), x.minPartDocs())
	parts, err := p.openParts(ctx, snap, idx.Mapping(), segs, bounds)
	if err != nil {
		return nil, err
	}
	results := make([]partResult, len(parts))
	if len(parts) == 1 {
		results[0] = runPart(ctx, r, p, parts[0])
	} else {
		var wg sync.WaitGroup
		for i, ps := range parts {
			wg.Go(func() { results[i] = runPart(ctx, r, p, ps) })
		}
		wg.Wait()
	}
	out, err := merge(results, p)
	if err != nil {
		return nil, err
	}
	out.hits = page(out.hits, p)
	out.facets = trimFacets(out.facets)
	req := &blevesearch.SearchRequest{Fields: p.fields}
	for _, h := range out.hits {
		if err, _ := blevesearch.LoadAndHighlightFields(h, req, "", r, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// openParts opens the searchers of each part, one after the other, so
// that the parts share each term's postings lists, opened once.
func (p *plan) openParts(ctx context.Context, snap *scorch.IndexSnapshot, m mapping.IndexMapping, segs *segments, bounds []uint64) ([]*partSearcher, error) {
	var terms *termCache
	var total uint64
	if p.text != nil {
		var err error
		if total, err = snap.DocCount(); err != nil {
			return nil, err
		}
		terms = &termCache{view: newSnapshotView(snap), lists: map[[2]string]*termLists{}}
	}
	var parts []*partSearcher
	for i := range len(bounds) - 1 {
		s, filter, err := p.searchers(ctx, snap, m, terms, total)
		if err != nil {
			for _, ps := range parts {
				_ = ps.Close()
			}
			return nil, err
		}
		ps := newPartSearcher(s, segs, bounds[i], bounds[i+1], p.facets, p.filters)
		ps.filter = filter
		parts = append(parts, ps)
	}
	return parts, nil
}

// merge adds up the parts' totals and facet counts and gathers their
// hits, numbered so that ties keep the index's order.
func merge(results []partResult, p *plan) (*outcome, error) {
	out := &outcome{}
	if len(p.facets) > 0 {
		out.facets = make(map[string]map[string]int, len(p.facets))
		for _, f := range p.facets {
			out.facets[f] = map[string]int{}
		}
	}
	var errs []error
	for i, res := range results {
		if res.err != nil {
			errs = append(errs, res.err)
			continue
		}
		out.total += int(res.total)
		res.ps.facetCounts(out.facets)
		for _, h := range res.hits {
			h.HitNumber += uint64(i) << 40 // a later part's documents come later
			out.hits = append(out.hits, h)
		}
	}
	return out, errors.Join(errs...)
}

// runPart collects the best offset+limit hits of one part.
func runPart(ctx context.Context, r index.IndexReader, p *plan, ps *partSearcher) partResult {
	coll := collector.NewTopNCollector(p.offset+p.limit, 0, p.order())
	err := coll.Collect(ctx, ps, r)
	if cerr := ps.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return partResult{err: err}
	}
	return partResult{hits: coll.Results(), total: coll.Total(), ps: ps}
}

// searchers opens the plan's searchers on r: the one finding matches
// and, under text, the unscored one of the filters that narrows them.
func (p *plan) searchers(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, terms *termCache, total uint64) (bsearch.Searcher, bsearch.Searcher, error) {
	if p.text == nil {
		s, err := p.filter.Searcher(ctx, r, m, bsearch.SearcherOptions{Score: p.score})
		return s, nil, err
	}
	s, err := newTextSearcher(terms, total, p.text, p.textFields)
	if err != nil || p.filter == nil {
		return s, nil, err
	}
	f, err := p.filter.Searcher(ctx, r, m, bsearch.SearcherOptions{Score: blevesearch.ScoreNone})
	if err != nil {
		_ = s.Close()
		return nil, nil, err
	}
	return s, f, nil
}

// page orders the parts' hits as one pass would have and cuts the page.
func page(hits []*bsearch.DocumentMatch, p *plan) []*bsearch.DocumentMatch {
	order := p.order()
	scoring, desc := order.CacheIsScore(), order.CacheDescending()
	slices.SortStableFunc(hits, func(a, b *bsearch.DocumentMatch) int {
		return order.Compare(scoring, desc, a, b)
	})
	if p.offset >= len(hits) {
		return nil
	}
	return hits[p.offset:min(p.offset+p.limit, len(hits))]
}

// trimFacets keeps the facetSize most frequent values of each facet, as
// Bleve's facet builder did.
func trimFacets(facets map[string]map[string]int) map[string]map[string]int {
	for name, counts := range facets {
		if len(counts) <= facetSize {
			continue
		}
		values := make([]string, 0, len(counts))
		for v := range counts {
			values = append(values, v)
		}
		slices.SortFunc(values, func(a, b string) int {
			if counts[a] != counts[b] {
				return counts[b] - counts[a]
			}
			return cmpString(a, b)
		})
		kept := make(map[string]int, facetSize)
		for _, v := range values[:facetSize] {
			kept[v] = counts[v]
		}
		facets[name] = kept
	}
	return facets
}

// cmpString orders strings bytewise.
func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// split cuts document numbers 0 to maxDoc into up to n ranges, each of
// at least minDocs documents; it returns the n+1 bounds.
func split(maxDoc uint64, n int, minDocs uint64) []uint64 {
	n = max(1, min(n, int(maxDoc/max(minDocs, 1))))
	bounds := make([]uint64, n+1)
	for i := range n {
		bounds[i] = maxDoc * uint64(i) / uint64(n)
	}
	bounds[n] = ^uint64(0)
	return bounds
}

// partCount is how many parts a search may run at once: the cores
// shared among the searches running now (parts only shorten a search
// while cores sit idle; they cost some CPU), unless a test set a count.
func (x *Index) partCount() int {
	if x.parts > 0 {
		return x.parts
	}
	return max(1, runtime.GOMAXPROCS(0)/max(1, int(x.searching.Load())))
}

// minPartDocs is the fewest documents a part is given.
func (x *Index) minPartDocs() uint64 {
	if x.parts > 0 {
		return x.minPart
	}
	return minPartDocs
}

// columnFields are the fields whose columns the plan reads.
func (p *plan) columnFields() []string {
	fields := slices.Clone(p.facets)
	for _, f := range p.filters {
		if !slices.Contains(fields, f.field) {
			fields = append(fields, f.field)
		}
	}
	return fields
}
