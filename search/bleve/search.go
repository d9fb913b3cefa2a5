package bleve

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"hutong/search"
)

// Page sizes: the default when a query sets none, and the most one query
// may ask for.
const (
	defaultLimit = 20
	maxLimit     = 1000
	// facetSize is how many values of a facet are counted; facets hold
	// small vocabularies (kinds, regions, service areas).
	facetSize = 500
)

// Search runs q on t's index.
func (x *Index) Search(ctx context.Context, t *search.DocType, q search.Query) (*search.Result, error) {
	if err := t.CheckQuery(q); err != nil {
		return nil, err
	}
	idx, err := x.get(t)
	if err != nil {
		return nil, err
	}
	m := idx.Mapping()
	text := parseText(t, m.AnalyzerNamed(cjk.AnalyzerName), q.Text)
	p, err := makePlan(t, q, text)
	if err != nil {
		return nil, err
	}
	started := time.Now()
	res, err := x.runOpen(ctx, t, idx, p)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		if errors.Is(err, errClosed) || errors.Is(err, blevesearch.ErrorIndexClosed) {
			return nil, fmt.Errorf("%w: %w", search.ErrUnavailable, err)
		}
		return nil, fmt.Errorf("bleve: search %s: %w", t.Name, err)
	}
	out := &search.Result{Total: res.total, Facets: res.facets}
	from := distanceFrom(q)
	an := analyzers{pairs: m.AnalyzerNamed(cjk.AnalyzerName), singles: m.AnalyzerNamed(unigramAnalyzer)}
	for _, h := range res.hits {
		out.Hits = append(out.Hits, hit(h, from))
		if q.Highlight && text != nil {
			out.Hits[len(out.Hits)-1].Highlights = text.highlights(t, an, h.ID, h.Fields)
		}
	}
	out.Took = time.Since(started)
	return out, nil
}

// runOpen runs p while holding the index open: Close waits for searches
// that read Bleve's segments directly.
func (x *Index) runOpen(ctx context.Context, t *search.DocType, idx blevesearch.Index, p *plan) (*outcome, error) {
	cols := x.columnsOf(t)
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return nil, errClosed
	}
	return x.run(ctx, idx, cols, p)
}

// makePlan builds the search for q: the query, the page, the order, the
// facets and the stored fields hits need (their text only for
// highlights: fields are loaded for the page's hits alone).
func makePlan(t *search.DocType, q search.Query, text *textMatch) (*plan, error) {
	p := &plan{offset: max(q.Offset, 0), limit: q.Limit}
	if p.limit <= 0 {
		p.limit = defaultLimit
	}
	p.limit = min(p.limit, maxLimit)
	for _, name := range q.Facets {
		if !slices.Contains(p.facets, name) {
			p.facets = append(p.facets, name)
		}
	}
	var err error
	p.filter, p.filters, err = buildFilter(t, q, text != nil)
	if err != nil {
		return nil, err
	}
	if text != nil {
		p.text, p.textFields = text, textFields(t)
	} else if p.filter == nil {
		p.filter = query.NewMatchAllQuery()
	}
	p.fields = []string{versionField}
	if distanceFrom(q) != nil {
		p.fields = append(p.fields, geoField)
	}
	if q.Highlight && text != nil {
		for _, f := range t.Fields {
			if f.Searchable && f.Kind == search.Text {
				p.fields = append(p.fields, f.Name)
			}
		}
	}
	sorts := q.Sort
	switch {
	case text == nil:
		// Without text every match scores the same: skip scoring, and
		// order by id rather than by score, which would let Bleve stop
		// early and miscount Total.
		p.score = blevesearch.ScoreNone
		p.order = func() bsearch.SortOrder {
			if len(sorts) == 0 {
				return bsearch.SortOrder{&bsearch.SortDocID{}}
			}
			return sortOrder(sorts)
		}
	case len(sorts) > 0:
		p.order = func() bsearch.SortOrder { return sortOrder(sorts) }
	default:
		p.order = func() bsearch.SortOrder { return bsearch.SortOrder{&bsearch.SortScore{Desc: true}} }
	}
	return p, nil
}

// buildFilter ANDs the filters and the radius into one Bleve query; nil
// when there are none. With columns, equality filters on keywords are
// returned apart, for the in-memory columns to check. Under a text query
// filters narrow the matches without being scored, so a filter does not
// nudge relevance (a multi-valued keyword's norm used to).
func buildFilter(t *search.DocType, q search.Query, columns bool) (query.Query, []keywordFilter, error) {
	var filters []query.Query
	var columnar []keywordFilter
	for _, flt := range q.Filters {
		f, _ := t.Field(flt.Field)
		if kf, ok := asKeywordFilter(f, flt); ok && columns {
			columnar = append(columnar, kf)
			continue
		}
		fq, err := filterQuery(f, flt)
		if err != nil {
			return nil, nil, err
		}
		filters = append(filters, fq)
	}
	if q.Geo != nil {
		filters = append(filters, geoQuery(q.Geo))
	}
	switch len(filters) {
	case 0:
		return nil, columnar, nil
	case 1:
		return filters[0], columnar, nil
	}
	return query.NewConjunctionQuery(filters), columnar, nil
}

// sortOrder turns q's sorts into Bleve's, ending with relevance and then
// the id so that equal documents keep a stable order across pages.
func sortOrder(sorts []search.Sort) bsearch.SortOrder {
	var order bsearch.SortOrder
	for _, s := range sorts {
		if s.Near != nil {
			g, _ := bsearch.NewSortGeoDistance(geoField, "m", s.Near.Lng, s.Near.Lat, s.Desc)
			order = append(order, g)
			continue
		}
		order = append(order, &bsearch.SortField{Field: s.Field, Desc: s.Desc, Missing: bsearch.SortFieldMissingLast})
	}
	return append(order, &bsearch.SortScore{Desc: true}, &bsearch.SortDocID{})
}
