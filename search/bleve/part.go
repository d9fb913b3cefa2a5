package bleve

import (
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// keywordFilter keeps documents whose keyword field holds one of values.
// Under a text query such filters are checked against the in-memory
// columns rather than by a Bleve searcher advancing beside the text.
type keywordFilter struct {
	field  string
	values []string
}

// segments is a snapshot's segments as the parts see them: where each
// starts in the snapshot's document numbers and the columns each needs.
type segments struct {
	offsets []uint64
	// cols[i][field] is segment i's column of a filter or facet field.
	cols   []map[string]*column
	maxDoc uint64
}

// loadSegments reads snap's segment layout and the columns of fields,
// building those not cached yet.
func loadSegments(snap *scorch.IndexSnapshot, cache *columns, fields []string) (*segments, error) {
	segs := snap.Segments()
	out := &segments{offsets: make([]uint64, len(segs)), cols: make([]map[string]*column, len(segs))}
	for i, s := range segs {
		out.offsets[i] = out.maxDoc
		out.maxDoc += s.Segment().Count() // deleted documents keep their numbers
		out.cols[i] = make(map[string]*column, len(fields))
		for _, f := range fields {
			col, err := cache.get(s.Segment(), f)
			if err != nil {
				return nil, err
			}
			out.cols[i][f] = col
		}
	}
	return out, nil
}

// segmentState is what a part needs of the segment it is reading: the
// facet columns with their counts and, per filter, the accepted ordinals.
type segmentState struct {
	facets []*column
	counts [][]uint32
	filter []*column
	accept [][]bool
}

// partSearcher reads the matches of one range of document numbers,
// [lo, hi), from the searcher it wraps: it drops documents the keyword
// filters refuse and counts the facets of the rest. Several parts over
// one snapshot run at once, each with its own searcher, and together see
// every match exactly once, with the scores a single pass would give
// (they share the snapshot's statistics).
type partSearcher struct {
	bsearch.Searcher
	lo, hi  uint64
	started bool
	done    bool

	segs    *segments
	facets  []string
	filters []keywordFilter
	seg     int // the segment of the last document read, or -1
	state   []*segmentState

	// filter, when set, is an unscored searcher every kept document must
	// also match; fdoc is the document it stands on.
	filter bsearch.Searcher
	fdoc   uint64
}

// newPartSearcher wraps s to read documents lo to hi (exclusive).
func newPartSearcher(s bsearch.Searcher, segs *segments, lo, hi uint64, facets []string, filters []keywordFilter) *partSearcher {
	return &partSearcher{Searcher: s, lo: lo, hi: hi, segs: segs, facets: facets, filters: filters,
		seg: -1, state: make([]*segmentState, len(segs.offsets)), fdoc: unread}
}

// Next returns the next match of the part that the filters keep.
func (p *partSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if p.done {
		return nil, nil
	}
	var dm *bsearch.DocumentMatch
	var err error
	if !p.started && p.lo > 0 {
		dm, err = p.Searcher.Advance(ctx, index.NewIndexInternalID(nil, p.lo))
	} else {
		dm, err = p.Searcher.Next(ctx)
	}
	p.started = true
	return p.keep(ctx, dm, err)
}

// Advance moves to the first kept match at or after id.
func (p *partSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if p.done {
		return nil, nil
	}
	if n := id.Value(); n < p.lo {
		id = index.NewIndexInternalID(nil, p.lo)
	}
	p.started = true
	dm, err := p.Searcher.Advance(ctx, id)
	return p.keep(ctx, dm, err)
}

// keep returns dm, or the first match after it, that lies in the part
// and passes the filters, counting its facets.
func (p *partSearcher) keep(ctx *bsearch.SearchContext, dm *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	for ; err == nil && dm != nil; dm, err = p.Searcher.Next(ctx) {
		n := dm.IndexInternalID.Value()
		if n >= p.hi {
			ctx.DocumentMatchPool.Put(dm)
			p.done = true
			return nil, nil
		}
		st, local := p.locate(n)
		if st.pass(local) {
			in, ferr := p.inFilter(ctx, dm.IndexInternalID)
			if ferr != nil {
				return nil, ferr
			}
			if in {
				st.count(local)
				return dm, nil
			}
		}
		ctx.DocumentMatchPool.Put(dm)
	}
	if err == nil {
		p.done = true
	}
	return nil, err
}

// inFilter reports whether the filter searcher matches document id,
// moving it forward to id when it is behind.
func (p *partSearcher) inFilter(ctx *bsearch.SearchContext, id index.IndexInternalID) (bool, error) {
	if p.filter == nil {
		return true, nil
	}
	n := id.Value()
	if p.fdoc == eof {
		return false, nil
	}
	if p.fdoc == unread || p.fdoc < n {
		dm, err := p.filter.Advance(ctx, id)
		if err != nil {
			return false, err
		}
		if dm == nil {
			p.fdoc = eof
			return false, nil
		}
		p.fdoc = dm.IndexInternalID.Value()
		ctx.DocumentMatchPool.Put(dm)
	}
	return p.fdoc == n, nil
}

// Close closes the wrapped searchers.
func (p *partSearcher) Close() error {
	err := p.Searcher.Close()
	if p.filter != nil {
		if ferr := p.filter.Close(); err == nil {
			err = ferr
		}
	}
	return err
}

// DocumentMatchPoolSize adds what the filter searcher holds.
func (p *partSearcher) DocumentMatchPoolSize() int {
	n := p.Searcher.DocumentMatchPoolSize()
	if p.filter != nil {
		n += p.filter.DocumentMatchPoolSize()
	}
	return n
}

// locate finds the segment of document n (documents come in order, so
// this moves forward only) and n's number within it.
func (p *partSearcher) locate(n uint64) (*segmentState, uint64) {
	offs := p.segs.offsets
	if p.seg < 0 || n < offs[p.seg] {
		p.seg = 0
	}
	for p.seg+1 < len(offs) && offs[p.seg+1] <= n {
		p.seg++
	}
	st := p.state[p.seg]
	if st == nil {
		st = p.newState(p.seg)
		p.state[p.seg] = st
	}
	return st, n - offs[p.seg]
}

// newState prepares the counts and the accepted ordinals of segment i.
func (p *partSearcher) newState(i int) *segmentState {
	cols := p.segs.cols[i]
	st := &segmentState{}
	for _, f := range p.facets {
		c := cols[f]
		st.facets = append(st.facets, c)
		st.counts = append(st.counts, make([]uint32, len(c.terms)))
	}
	for _, flt := range p.filters {
		c := cols[flt.field]
		ok := make([]bool, len(c.terms))
		for o, term := range c.terms {
			for _, v := range flt.values {
				if term == v {
					ok[o] = true
				}
			}
		}
		st.filter = append(st.filter, c)
		st.accept = append(st.accept, ok)
	}
	return st
}

// pass reports whether document d of the segment passes every filter.
func (st *segmentState) pass(d uint64) bool {
	for i, c := range st.filter {
		ok := st.accept[i]
		found := false
		for _, o := range c.ords[c.start[d]:c.start[d+1]] {
			if ok[o] {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// count adds document d's facet values.
func (st *segmentState) count(d uint64) {
	for i, c := range st.facets {
		counts := st.counts[i]
		for _, o := range c.ords[c.start[d]:c.start[d+1]] {
			counts[o]++
		}
	}
}

// facetCounts adds the part's counts, by value, into out.
func (p *partSearcher) facetCounts(out map[string]map[string]int) {
	for _, st := range p.state {
		if st == nil {
			continue
		}
		for i, f := range p.facets {
			for o, n := range st.counts[i] {
				if n > 0 {
					out[f][st.facets[i].terms[o]] += int(n)
				}
			}
		}
	}
}
