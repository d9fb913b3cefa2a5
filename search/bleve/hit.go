package bleve

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/geo"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplefrag "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simplehl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	"github.com/blevesearch/bleve/v2/search/query"

	"hutong/search"
)

// Highlights: up to maxFragments pieces of about fragmentRunes characters
// per field.
const (
	maxFragments  = 3
	fragmentRunes = 120
)

// highlighter marks matches with <mark> and HTML-escapes everything else.
// It is stateless, so one serves every search.
var highlighter = simplehl.NewHighlighter(simplefrag.NewFragmenter(fragmentRunes),
	html.NewFragmentFormatter("<mark>", "</mark>"), "…")

// hit converts one Bleve hit, measuring its distance from from when the
// query filters or sorts by distance.
func hit(h *bsearch.DocumentMatch, from *search.GeoPoint) search.Hit {
	out := search.Hit{ID: h.ID, Score: h.Score}
	if v, ok := h.Fields[versionField].(float64); ok {
		out.Version = int64(v)
	}
	if from != nil {
		if lonlat, ok := h.Fields[geoField].([]float64); ok && len(lonlat) == 2 {
			d := geo.Haversin(from.Lng, from.Lat, lonlat[0], lonlat[1]) * 1000
			out.DistanceMeters = &d
		}
	}
	return out
}

// highlightHits runs text again over just the page's hits, this time
// with match locations and stored text, and highlights each hit.
func highlightHits(ctx context.Context, idx blevesearch.Index, t *search.DocType, text query.Query, hits []search.Hit) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	q := query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), text})
	req := blevesearch.NewSearchRequestOptions(q, len(ids), 0, false)
	req.IncludeLocations = true
	for _, f := range t.Fields {
		if f.Searchable && f.Kind == search.Text {
			req.Fields = append(req.Fields, f.Name)
		}
	}
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return err
	}
	byID := make(map[string]*bsearch.DocumentMatch, len(res.Hits))
	for _, m := range res.Hits {
		byID[m.ID] = m
	}
	for i := range hits {
		if m, ok := byID[hits[i].ID]; ok {
			hits[i].Highlights = highlights(t, m)
		}
	}
	return nil
}

// distanceFrom is the point distances are measured from: the first
// distance sort's, or else the radius filter's centre.
func distanceFrom(q search.Query) *search.GeoPoint {
	for _, s := range q.Sort {
		if s.Near != nil {
			return s.Near
		}
	}
	if q.Geo != nil {
		return &q.Geo.Center
	}
	return nil
}

// highlights marks, in each searchable field, the matches found through
// the field itself (pairs of characters) and through its unigram twin
// (single characters); both report offsets into the same stored text.
func highlights(t *search.DocType, h *bsearch.DocumentMatch) map[string][]string {
	out := map[string][]string{}
	for _, f := range t.Fields {
		text, ok := h.Fields[f.Name].(string)
		if !ok || !f.Searchable || f.Kind != search.Text {
			continue
		}
		spans := mergeSpans(h.Locations[f.Name], h.Locations[uniField(f.Name)])
		if len(spans) == 0 {
			continue
		}
		tlm := bsearch.TermLocationMap{}
		for i, s := range spans {
			tlm[strconv.Itoa(i)] = bsearch.Locations{s}
		}
		dm := &bsearch.DocumentMatch{ID: h.ID, Locations: bsearch.FieldTermLocationMap{f.Name: tlm}}
		doc := document.NewDocument(h.ID)
		doc.AddField(document.NewTextField(f.Name, nil, []byte(text)))
		if frags := highlighter.BestFragmentsInField(dm, doc, f.Name, maxFragments); len(frags) > 0 {
			out[f.Name] = frags
		}
	}
	return out
}

// mergeSpans joins overlapping and touching matches (the pairs 留守, 守儿
// and 儿童 become one mark over 留守儿童), since Bleve's own merging keeps
// only the first run of overlaps.
func mergeSpans(maps ...bsearch.TermLocationMap) []*bsearch.Location {
	var all []*bsearch.Location
	for _, m := range maps {
		for _, locs := range m {
			for _, l := range locs {
				if len(l.ArrayPositions) == 0 {
					all = append(all, &bsearch.Location{Start: l.Start, End: l.End})
				}
			}
		}
	}
	slices.SortFunc(all, func(a, b *bsearch.Location) int { return cmp.Compare(a.Start, b.Start) })
	var out []*bsearch.Location
	for _, l := range all {
		if n := len(out); n > 0 && l.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, l.End)
			continue
		}
		l.Pos = uint64(len(out) + 1)
		out = append(out, l)
	}
	return out
}
