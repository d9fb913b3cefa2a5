package meili_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"reflect"
	"testing"
	"time"

	"hutong/domain"
	"hutong/search"
	"hutong/search/meili"
)

var tiananmen = search.GeoPoint{Lat: 39.9087, Lng: 116.3975}

func eq(field string, values ...any) search.Filter {
	return search.Filter{Field: field, Op: search.OpEq, Values: values}
}

// answer is a search response as the reference documents it, with one
// highlighted hit whose text holds markup and one hit without matches.
var answer = map[string]any{
	"hits": []any{
		map[string]any{
			"id": "o1", "_version": 7, "name": "阳光儿童<b>", "description": "A & B 儿童",
			"_geo": map[string]any{"lat": 39.9177, "lng": 116.3975}, "_rankingScore": 0.93, "_geoDistance": 1000,
			"_formatted": map[string]any{
				"id": "o1", "_version": "7", "name": "阳光<mark>儿童</mark><b>", "description": "A & B <mark>儿童</mark>",
				"_geo": map[string]any{"lat": "39.9177", "lng": "116.3975"},
			},
		},
		map[string]any{
			"id": "o2", "_version": 8, "name": "关爱之家", "description": "", "_rankingScore": 0.5, "_geoDistance": 2000,
			"_formatted": map[string]any{"id": "o2", "_version": "8", "name": "关爱之家", "description": ""},
		},
	},
	"query": "儿童", "processingTimeMs": 2, "limit": 5, "offset": 10, "estimatedTotalHits": 42,
	"facetDistribution": map[string]any{"kind": map[string]any{"social_org": 30, "station": 12}},
	"facetStats":        map[string]any{},
}

func TestSearch(t *testing.T) {
	t.Parallel()
	t.Run("OKSendsQueryAndReadsAnswer", func(t *testing.T) {
		t.Parallel()
		f, idx, typ := initialised(t)
		f.search = func(string, map[string]any) (int, any) { return http.StatusOK, answer }
		res, err := idx.Search(context.Background(), typ, search.Query{
			Text: "儿童",
			Filters: []search.Filter{
				eq("kind", "social_org", "station"),
				{Field: "rating", Op: search.OpGte, Values: []any{4}},
				{Field: "founded", Op: search.OpLte, Values: []any{time.Date(2012, 3, 1, 0, 0, 0, 0, time.UTC)}},
				eq("fundraising", true),
			},
			Geo:    &search.GeoRadius{Center: tiananmen, Meters: 5000},
			Sort:   []search.Sort{{Field: "rating", Desc: true}, {Near: &tiananmen}},
			Facets: []string{"kind", "service_areas"},
			Offset: 10, Limit: 5, Highlight: true,
		})
		if err != nil {
			t.Fatalf("Search: %v", err)
		}
		reqs := f.requestsTo("POST", "/indexes/hutong_organizations/search")
		wantJSON(t, "search body", reqs[0].Body, `{
			"q": "儿童", "offset": 10, "limit": 5,
			"filter": "kind IN [\"social_org\", \"station\"] AND rating >= 4 AND founded <= 1330560000000 AND fundraising = true AND _geoRadius(39.9087, 116.3975, 5000)",
			"sort": ["rating:desc", "_geoPoint(39.9087, 116.3975):asc"],
			"facets": ["kind", "service_areas"],
			"attributesToRetrieve": ["id", "_version", "_geo", "description", "name"],
			"attributesToHighlight": ["description", "name"],
			"highlightPreTag": "<mark>", "highlightPostTag": "</mark>",
			"showRankingScore": true, "locales": ["zho"], "hybrid": null
		}`)
		if res.Total != 42 || len(res.Hits) != 2 {
			t.Fatalf("Total %d with %d hits, want 42 with 2", res.Total, len(res.Hits))
		}
		one, two := res.Hits[0], res.Hits[1]
		if one.ID != "o1" || one.Version != 7 || one.Score != 0.93 || one.DistanceMeters == nil || *one.DistanceMeters != 1000 {
			t.Errorf("first hit = %+v", one)
		}
		wantHighlights := map[string][]string{"name": {"阳光<mark>儿童</mark>&lt;b&gt;"}, "description": {"A &amp; B <mark>儿童</mark>"}}
		if !reflect.DeepEqual(one.Highlights, wantHighlights) {
			t.Errorf("highlights = %q, want %q", one.Highlights, wantHighlights)
		}
		if two.ID != "o2" || two.Highlights != nil || *two.DistanceMeters != 2000 {
			t.Errorf("second hit = %+v, want no highlights", two)
		}
		wantFacets := map[string]map[string]int{"kind": {"social_org": 30, "station": 12}, "service_areas": {}}
		if !reflect.DeepEqual(res.Facets, wantFacets) {
			t.Errorf("facets = %v, want %v", res.Facets, wantFacets)
		}
	})
	t.Run("OKPlainQuerySendsDefaults", func(t *testing.T) {
		t.Parallel()
		f, idx, typ := initialised(t)
		if _, err := idx.Search(context.Background(), typ, search.Query{}); err != nil {
			t.Fatalf("Search: %v", err)
		}
		wantJSON(t, "search body", f.requestsTo("POST", "/indexes/hutong_organizations/search")[0].Body, `{
			"q": "", "limit": 20, "attributesToRetrieve": ["id", "_version", "_geo"],
			"showRankingScore": true, "locales": ["zho"], "hybrid": null
		}`)
	})
	t.Run("OKRadiusWithoutSortComputesDistance", func(t *testing.T) {
		t.Parallel()
		_, idx, typ := initialised(t)
		oneKmNorth := &search.GeoPoint{Lat: tiananmen.Lat + 1000/(6371000*math.Pi/180), Lng: tiananmen.Lng}
		if err := idx.Upsert(context.Background(), typ, search.Document{ID: "a", Geo: oneKmNorth}); err != nil {
			t.Fatalf("Upsert: %v", err)
		}
		res, err := idx.Search(context.Background(), typ, search.Query{Geo: &search.GeoRadius{Center: tiananmen, Meters: 1500}})
		if err != nil {
			t.Fatalf("Search: %v", err)
		}
		if len(res.Hits) != 1 || res.Hits[0].DistanceMeters == nil || math.Abs(*res.Hits[0].DistanceMeters-1000) > 0.01 {
			t.Errorf("hits = %+v, want a at 1000 m", res.Hits)
		}
	})
	t.Run("ErrInvalidFilterIsAPIError", func(t *testing.T) {
		t.Parallel()
		f, idx, typ := initialised(t)
		f.search = func(string, map[string]any) (int, any) {
			return http.StatusBadRequest, newAPIError("invalid_search_filter", "invalid_request",
				"Attribute `kind` is not filterable. Available filterable attributes are: ``.\n1:5 kind = \"x\"")
		}
		_, err := idx.Search(context.Background(), typ, search.Query{Filters: []search.Filter{eq("kind", "x")}})
		var api *meili.APIError
		if !errors.As(err, &api) || api.Status != 400 || api.Code != "invalid_search_filter" || api.Type != "invalid_request" ||
			api.Link != "https://docs.meilisearch.com/errors#invalid_search_filter" {
			t.Fatalf("err = %#v, want the invalid_search_filter error", err)
		}
		if errors.Is(err, search.ErrUnavailable) {
			t.Error("a refused filter is not an outage")
		}
	})
	t.Run("ErrUnknownFieldSendsNothing", func(t *testing.T) {
		t.Parallel()
		f, idx, typ := initialised(t)
		for _, q := range []search.Query{
			{Filters: []search.Filter{eq("name", "x")}},
			{Sort: []search.Sort{{Field: "kind"}}},
			{Facets: []string{"rating"}},
		} {
			if _, err := idx.Search(context.Background(), typ, q); !errors.Is(err, search.ErrUnknownField) {
				t.Errorf("Search(%+v) = %v, want ErrUnknownField", q, err)
			}
		}
		if n := len(f.requestsTo("POST", "/indexes/hutong_organizations/search")); n != 0 {
			t.Errorf("%d searches sent", n)
		}
	})
	t.Run("ErrBadValueSendsNothing", func(t *testing.T) {
		t.Parallel()
		f, idx, typ := initialised(t)
		for _, q := range []search.Query{
			{Filters: []search.Filter{eq("rating", "five")}},
			{Filters: []search.Filter{{Field: "kind", Op: search.OpGte, Values: []any{"a"}}}},
			{Filters: []search.Filter{eq("kind")}},
			{Geo: &search.GeoRadius{Center: search.GeoPoint{Lat: 91}, Meters: 10}},
			{Geo: &search.GeoRadius{Center: tiananmen, Meters: math.NaN()}},
			{Offset: -1},
		} {
			if _, err := idx.Search(context.Background(), typ, q); domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("Search(%+v) = %v, want EINVALID", q, err)
			}
		}
		if n := len(f.requestsTo("POST", "/indexes/hutong_organizations/search")); n != 0 {
			t.Errorf("%d searches sent", n)
		}
	})
}

// TestSearchFilterEscaping checks the filter expressions sent for values
// holding quotes and backslashes, read as Meilisearch's filter parser
// reads them (see filter_internal_test.go for the parser's rules).
func TestSearchFilterEscaping(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct{ value, filter string }{
		"OKPlain":                     {"social_org", `kind = "social_org"`},
		"OKDoubleQuotesEscaped":       {`他说"你好"`, `kind = "他说\"你好\""`},
		"OKBackslashKept":             {`a\b "c"`, `kind = "a\b \"c\""`},
		"OKBackslashQuoteUsesSingles": {`a\"b`, `kind = 'a\"b'`},
		"OKSingleQuotesInDoubles":     {`it's`, `kind = "it's"`},
		"OKInjectionStaysAValue":      {`x" OR kind = "y`, `kind = "x\" OR kind = \"y"`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, idx, typ := initialised(t)
			if _, err := idx.Search(context.Background(), typ, search.Query{Filters: []search.Filter{eq("kind", c.value)}}); err != nil {
				t.Fatalf("Search: %v", err)
			}
			body, _ := f.requestsTo("POST", "/indexes/hutong_organizations/search")[0].Body.(map[string]any)
			if body["filter"] != c.filter {
				t.Errorf("filter = %s, want %s", body["filter"], c.filter)
			}
		})
	}
	for name, value := range map[string]string{
		"ErrTrailingBackslash": `C:\`,
		"ErrBothEscapes":       `\" and \'`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, idx, typ := initialised(t)
			_, err := idx.Search(context.Background(), typ, search.Query{Filters: []search.Filter{eq("kind", value)}})
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("err = %v, want EINVALID", err)
			}
			if n := len(f.requestsTo("POST", "/indexes/hutong_organizations/search")); n != 0 {
				t.Errorf("%d searches sent", n)
			}
		})
	}
}
