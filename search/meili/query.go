package meili

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"hutong/domain"
	"hutong/search"
)

// defaultLimit is Meilisearch's own page size, used when Query.Limit is 0.
const defaultLimit = 20

// Search runs q on the type's index (POST /indexes/{uid}/search).
func (ix *Index) Search(ctx context.Context, t *search.DocType, q search.Query) (*search.Result, error) {
	started := time.Now()
	req, err := searchRequest(t, q)
	if err != nil {
		return nil, err
	}
	resp, err := ix.client.Index(ix.uid(t)).SearchWithContext(ctx, q.Text, req)
	if err != nil {
		return nil, wrap("search "+ix.uid(t), err)
	}
	res := &search.Result{Total: int(resp.EstimatedTotalHits), Hits: make([]search.Hit, 0, len(resp.Hits))}
	if res.Facets, err = facets(q.Facets, resp.FacetDistribution); err != nil {
		return nil, fmt.Errorf("meili: facets of %s: %w", ix.uid(t), err)
	}
	for _, h := range resp.Hits {
		hit, err := toHit(t, q, h)
		if err != nil {
			return nil, fmt.Errorf("meili: a hit of %s: %w", ix.uid(t), err)
		}
		res.Hits = append(res.Hits, hit)
	}
	res.Took = time.Since(started)
	return res, nil
}

// searchRequest translates q, refusing fields the type does not allow.
func searchRequest(t *search.DocType, q search.Query) (*meilisearch.SearchRequest, error) {
	if err := t.CheckQuery(q); err != nil {
		return nil, err
	}
	if q.Offset < 0 || q.Limit < 0 {
		return nil, domain.Invalid("offset", "offset and limit cannot be negative")
	}
	filter, err := filterExpr(t, q)
	if err != nil {
		return nil, err
	}
	sort, err := sortRules(t, q.Sort)
	if err != nil {
		return nil, err
	}
	if err := checkFacets(t, q.Facets); err != nil {
		return nil, err
	}
	req := &meilisearch.SearchRequest{
		Query:                q.Text,
		Offset:               int64(q.Offset),
		Limit:                int64(cmpOr(q.Limit, defaultLimit)),
		Sort:                 sort,
		Facets:               q.Facets,
		AttributesToRetrieve: []string{attrID, attrVersion},
		ShowRankingScore:     true,
	}
	if filter != "" {
		req.Filter = filter
	}
	if t.Geo {
		req.AttributesToRetrieve = append(req.AttributesToRetrieve, attrGeo)
	}
	if len(textFields(t)) > 0 {
		req.Locales = chineseLocales
	}
	if q.Highlight {
		fields := attributes(t, func(f search.Field) bool { return f.Searchable })
		req.AttributesToRetrieve = append(req.AttributesToRetrieve, fields...)
		req.AttributesToHighlight = fields
		req.HighlightPreTag, req.HighlightPostTag = preTag, postTag
	}
	return req, nil
}

func cmpOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// sortRules formats "field:asc" and "_geoPoint(lat, lng):asc" rules.
func sortRules(t *search.DocType, sorts []search.Sort) ([]string, error) {
	var out []string
	for _, s := range sorts {
		dir := "asc"
		if s.Desc {
			dir = "desc"
		}
		if s.Near != nil {
			if !t.Geo {
				return nil, domain.Invalid("sort", fmt.Sprintf("%s documents have no location", t.Name))
			}
			if err := checkPoint(*s.Near); err != nil {
				return nil, err
			}
			lat, _ := floatLiteral(s.Near.Lat)
			lng, _ := floatLiteral(s.Near.Lng)
			out = append(out, fmt.Sprintf("_geoPoint(%s, %s):%s", lat, lng, dir))
			continue
		}
		f, ok := t.Field(s.Field)
		if !ok || !f.Sortable {
			return nil, domain.Invalid("sort", fmt.Sprintf("%s cannot be sorted by %q", t.Name, s.Field))
		}
		out = append(out, f.Name+":"+dir)
	}
	return out, nil
}

func checkFacets(t *search.DocType, names []string) error {
	for _, n := range names {
		if f, ok := t.Field(n); !ok || !f.Facet {
			return domain.Invalid("facets", fmt.Sprintf("%s has no facet %q", t.Name, n))
		}
	}
	return nil
}

// facets decodes facetDistribution, giving every asked facet a map even
// when no document has a value for it.
func facets(asked []string, raw json.RawMessage) (map[string]map[string]int, error) {
	if len(asked) == 0 {
		return nil, nil
	}
	dist := map[string]map[string]int{}
	if len(raw) > 0 && string(raw) != "null" {
		if err := json.Unmarshal(raw, &dist); err != nil {
			return nil, err
		}
	}
	out := make(map[string]map[string]int, len(asked))
	for _, name := range asked {
		out[name] = dist[name]
		if out[name] == nil {
			out[name] = map[string]int{}
		}
	}
	return out, nil
}

// rawHit is the part of a Meilisearch hit Hutong reads.
type rawHit struct {
	ID          string                     `json:"id"`
	Version     int64                      `json:"_version"`
	Score       float64                    `json:"_rankingScore"`
	GeoDistance *float64                   `json:"_geoDistance"`
	Geo         *search.GeoPoint           `json:"_geo"`
	Formatted   map[string]json.RawMessage `json:"_formatted"`
}

// toHit converts a hit. The distance is Meilisearch's _geoDistance when
// the query sorts by distance; with only a radius filter Meilisearch does
// not return one, so it is computed from the hit's _geo.
func toHit(t *search.DocType, q search.Query, h meilisearch.Hit) (search.Hit, error) {
	raw, err := json.Marshal(h)
	if err != nil {
		return search.Hit{}, err
	}
	var rh rawHit
	if err := json.Unmarshal(raw, &rh); err != nil {
		return search.Hit{}, err
	}
	hit := search.Hit{ID: rh.ID, Version: rh.Version, Score: rh.Score, DistanceMeters: rh.GeoDistance}
	if hit.DistanceMeters == nil && q.Geo != nil && rh.Geo != nil {
		d := haversine(q.Geo.Center, *rh.Geo)
		hit.DistanceMeters = &d
	}
	if q.Highlight {
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(raw, &doc); err != nil {
			return search.Hit{}, err
		}
		hit.Highlights = highlights(t, q.Text, doc, rh.Formatted)
	}
	return hit, nil
}

// earthRadius in meters is the one of the geoutils haversine Meilisearch
// uses for _geoDistance, so computed and returned distances agree.
const earthRadius = 6371e3

// haversine is the great-circle distance between two points in meters.
func haversine(a, b search.GeoPoint) float64 {
	rad := func(d float64) float64 { return d * math.Pi / 180 }
	dLat, dLng := rad(b.Lat-a.Lat), rad(b.Lng-a.Lng)
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(rad(a.Lat))*math.Cos(rad(b.Lat))*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(h)))
}
