package bleve

import (
	"context"
	"errors"
	"fmt"
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
	req, err := request(t, q, text)
	if err != nil {
		return nil, err
	}
	started := time.Now()
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, fmt.Errorf("bleve: search %s: %w", t.Name, err)
	}
	out := &search.Result{Total: int(res.Total), Facets: facets(res)}
	from := distanceFrom(q)
	an := analyzers{pairs: m.AnalyzerNamed(cjk.AnalyzerName), singles: m.AnalyzerNamed(unigramAnalyzer)}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, hit(h, from))
		if q.Highlight && text != nil {
			out.Hits[len(out.Hits)-1].Highlights = text.highlights(t, an, h.ID, h.Fields)
		}
	}
	out.Took = time.Since(started)
	return out, nil
}

// request builds the Bleve request for q: the query, the page, the sort,
// the facets and the stored fields hits need (their text, for
// highlights: Bleve loads stored fields for the page's hits only).
func request(t *search.DocType, q search.Query, text *textMatch) (*blevesearch.SearchRequest, error) {
	qq, err := buildQuery(t, q, text)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	req := blevesearch.NewSearchRequestOptions(qq, min(limit, maxLimit), max(q.Offset, 0), false)
	req.Fields = []string{versionField}
	if distanceFrom(q) != nil {
		req.Fields = append(req.Fields, geoField)
	}
	if q.Highlight && text != nil {
		for _, f := range t.Fields {
			if f.Searchable && f.Kind == search.Text {
				req.Fields = append(req.Fields, f.Name)
			}
		}
	}
	if len(q.Sort) > 0 {
		req.SortByCustom(sortOrder(q.Sort))
	}
	if text == nil {
		// Without text every match scores the same: skip scoring, and
		// order by id rather than by score, which would let Bleve stop
		// early and miscount Total.
		req.Score = blevesearch.ScoreNone
		if len(q.Sort) == 0 {
			req.SortByCustom(bsearch.SortOrder{&bsearch.SortDocID{}})
		}
	}
	for _, name := range q.Facets {
		req.AddFacet(name, blevesearch.NewFacetRequest(name, facetSize))
	}
	return req, nil
}

// buildQuery ANDs the text query, the filters and the radius; with none
// of them every document matches. Under a text query the filters and the
// radius are a Bleve filter: they narrow the matches without being scored,
// so Bleve checks them with unscored searchers (intersecting their
// postings directly) for the text's matches only, and a filter no longer
// nudges relevance (a multi-valued keyword's norm used to).
func buildQuery(t *search.DocType, q search.Query, text *textMatch) (query.Query, error) {
	var filters []query.Query
	for _, flt := range q.Filters {
		f, _ := t.Field(flt.Field)
		fq, err := filterQuery(f, flt)
		if err != nil {
			return nil, err
		}
		filters = append(filters, fq)
	}
	if q.Geo != nil {
		filters = append(filters, geoQuery(q.Geo))
	}
	var filter query.Query
	switch len(filters) {
	case 0:
	case 1:
		filter = filters[0]
	default:
		filter = query.NewConjunctionQuery(filters)
	}
	switch {
	case text == nil && filter == nil:
		return query.NewMatchAllQuery(), nil
	case text == nil:
		return filter, nil
	case filter == nil:
		return text.query(t), nil
	}
	b := query.NewBooleanQuery([]query.Query{text.query(t)}, nil, nil)
	b.AddFilter(filter)
	return b, nil
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

// facets copies the counted facet values.
func facets(res *blevesearch.SearchResult) map[string]map[string]int {
	if len(res.Facets) == 0 {
		return nil
	}
	out := make(map[string]map[string]int, len(res.Facets))
	for name, fr := range res.Facets {
		counts := map[string]int{}
		if fr.Terms != nil {
			for _, tf := range fr.Terms.Terms() {
				counts[tf.Term] = tf.Count
			}
		}
		out[name] = counts
	}
	return out
}
