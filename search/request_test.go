package search_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"hutong/domain"
	"hutong/search"
)

// orgFacets are the facets every organisation search counts.
var orgFacets = []string{"kind", "region_codes", "service_areas", "rating"}

// orgQuery is the query of a plain organisation search, changed by edit.
func orgQuery(edit func(q *search.Query)) search.Query {
	q := search.Query{Limit: 20, Facets: orgFacets, Highlight: true}
	edit(&q)
	return q
}

func TestParseRequest(t *testing.T) {
	t.Parallel()
	eq := func(field string, vs ...any) search.Filter {
		return search.Filter{Field: field, Op: search.OpEq, Values: vs}
	}
	newest := []search.Sort{{Field: "verified_at", Desc: true}}
	long := strings.Repeat("童", 201)
	for _, tc := range []struct {
		name  string
		typ   string
		query string
		want  search.Query
		field string // the parameter a 422 names
	}{
		{name: "OKText", typ: "organizations", query: "q=+心理疏导+",
			want: orgQuery(func(q *search.Query) { q.Text = "心理疏导" })},
		{name: "OKNoTextBrowsesNewest", typ: "organizations", query: "",
			want: orgQuery(func(q *search.Query) { q.Sort = newest })},
		{name: "OKTwoHundredCharacters", typ: "organizations", query: "q=" + long[:len(long)-len("童")],
			want: orgQuery(func(q *search.Query) { q.Text = long[:len(long)-len("童")] })},
		{name: "OKEveryFilter", typ: "organizations",
			query: "q=童&type=organizations&kind=station&kind=social_org&kind=station&region=320200&service_area=tutoring" +
				"&rating_min=4&public_fundraising=true&sort=rating&limit=50&offset=1000",
			want: orgQuery(func(q *search.Query) {
				q.Text, q.Limit, q.Offset = "童", 50, 1000
				q.Filters = []search.Filter{eq("kind", "station", "social_org"), eq("region_codes", "320200"),
					eq("service_areas", "tutoring"), {Field: "rating_level", Op: search.OpGte, Values: []any{int64(4)}},
					eq("public_fundraising", true)}
				q.Sort = []search.Sort{{Field: "rating_level", Desc: true}}
			})},
		{name: "OKEmptyValuesIgnored", typ: "organizations", query: "q=&kind=&region=&rating_min=&public_fundraising=&sort=&limit=",
			want: orgQuery(func(q *search.Query) { q.Sort = newest })},
		{name: "OKRelevanceWithoutText", typ: "organizations", query: "sort=relevance",
			want: orgQuery(func(q *search.Query) {})},
		{name: "OKNewestWithText", typ: "organizations", query: "q=社工&sort=newest&public_fundraising=false",
			want: orgQuery(func(q *search.Query) {
				q.Text, q.Sort, q.Filters = "社工", newest, []search.Filter{eq("public_fundraising", false)}
			})},
		{name: "ErrTypeUnknown", typ: "unicorns", field: "type"},
		{name: "ErrTypeMissing", typ: "", field: "type"},
		{name: "ErrUnknownParameter", typ: "organizations", query: "q=童&colour=red", field: "colour"},
		{name: "ErrGeoOnTypeWithoutLocation", typ: "organizations", query: "lat=31.5&lng=120.3&radius_km=5", field: "lat"},
		{name: "ErrQueryTooLong", typ: "organizations", query: "q=" + long, field: "q"},
		{name: "ErrQueryTwice", typ: "organizations", query: "q=a&q=b", field: "q"},
		{name: "ErrLimitZero", typ: "organizations", query: "limit=0", field: "limit"},
		{name: "ErrLimitTooBig", typ: "organizations", query: "limit=51", field: "limit"},
		{name: "ErrLimitNotNumber", typ: "organizations", query: "limit=ten", field: "limit"},
		{name: "ErrOffsetNegative", typ: "organizations", query: "offset=-1", field: "offset"},
		{name: "ErrOffsetTooDeep", typ: "organizations", query: "offset=1001", field: "offset"},
		{name: "ErrSortUnknown", typ: "organizations", query: "sort=name", field: "sort"},
		{name: "ErrSortDistanceWithoutLocation", typ: "organizations", query: "sort=distance", field: "sort"},
		{name: "ErrKindUnknown", typ: "organizations", query: "kind=station&kind=school", field: "kind"},
		{name: "ErrRegionNotCode", typ: "organizations", query: "region=32020", field: "region"},
		{name: "ErrRegionLetters", typ: "organizations", query: "region=32020x", field: "region"},
		{name: "ErrRegionTwice", typ: "organizations", query: "region=320200&region=320500", field: "region"},
		{name: "ErrServiceAreaUnknown", typ: "organizations", query: "service_area=astrology", field: "service_area"},
		{name: "ErrRatingTooLow", typ: "organizations", query: "rating_min=0", field: "rating_min"},
		{name: "ErrRatingTooHigh", typ: "organizations", query: "rating_min=6", field: "rating_min"},
		{name: "ErrFundraisingNotBool", typ: "organizations", query: "public_fundraising=maybe", field: "public_fundraising"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			params, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			doc, q, err := search.ParseRequest(tc.typ, params)
			if tc.field != "" {
				wantInvalid(t, err, tc.field)
				return
			}
			if err != nil || doc != search.Organizations {
				t.Fatalf("ParseRequest = %v, %v; want the organisations type", doc, err)
			}
			if !reflect.DeepEqual(q, tc.want) {
				t.Fatalf("query\n got %+v\nwant %+v", q, tc.want)
			}
			if err := doc.CheckQuery(q); err != nil {
				t.Fatalf("the backends would refuse the parsed query: %v", err)
			}
		})
	}
}

// wantInvalid fails unless err is EINVALID naming field.
func wantInvalid(tb testing.TB, err error, field string) {
	tb.Helper()
	e := domain.AsError(err)
	if e == nil || e.Code != domain.EINVALID {
		tb.Fatalf("err = %v, want EINVALID naming %q", err, field)
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return
		}
	}
	tb.Fatalf("err fields = %+v, want %q", e.Fields, field)
}

// places is a type with a location, as activities will be.
var places = search.RequestType{
	Doc: &search.DocType{Name: "places", Geo: true, Fields: []search.Field{
		{Name: "name", Kind: search.Text, Searchable: true},
		{Name: "created", Kind: search.Time, Sortable: true},
	}},
	Sorts:  map[string]search.Sort{"newest": {Field: "created", Desc: true}},
	Browse: "newest",
}

func TestParseGeo(t *testing.T) {
	t.Parallel()
	wuxi := search.GeoPoint{Lat: 31.49, Lng: 120.31}
	radius := &search.GeoRadius{Center: wuxi, Meters: 5000}
	for _, tc := range []struct {
		name  string
		query string
		geo   *search.GeoRadius
		sort  []search.Sort
		field string
	}{
		{name: "OKNoLocation", query: "", sort: []search.Sort{{Field: "created", Desc: true}}},
		{name: "OKRadiusSortsByDistance", query: "lat=31.49&lng=120.31&radius_km=5", geo: radius, sort: []search.Sort{{Near: &wuxi}}},
		{name: "OKRadiusWithTextByRelevance", query: "q=童&lat=31.49&lng=120.31&radius_km=5", geo: radius},
		{name: "OKDistanceSortWithText", query: "q=童&lat=31.49&lng=120.31&radius_km=5&sort=distance", geo: radius, sort: []search.Sort{{Near: &wuxi}}},
		{name: "OKLargestRadius", query: "lat=-90&lng=180&radius_km=500", geo: &search.GeoRadius{Center: search.GeoPoint{Lat: -90, Lng: 180}, Meters: 500000},
			sort: []search.Sort{{Near: &search.GeoPoint{Lat: -90, Lng: 180}}}},
		{name: "ErrLatTooFarNorth", query: "lat=90.5&lng=120&radius_km=5", field: "lat"},
		{name: "ErrLatNaN", query: "lat=NaN&lng=120&radius_km=5", field: "lat"},
		{name: "ErrLngTooFarWest", query: "lat=31&lng=-180.01&radius_km=5", field: "lng"},
		{name: "ErrLngInfinite", query: "lat=31&lng=Inf&radius_km=5", field: "lng"},
		{name: "ErrRadiusZero", query: "lat=31&lng=120&radius_km=0", field: "radius_km"},
		{name: "ErrRadiusTooLarge", query: "lat=31&lng=120&radius_km=500.1", field: "radius_km"},
		{name: "ErrLngMissing", query: "lat=31&radius_km=5", field: "lng"},
		{name: "ErrRadiusMissing", query: "lat=31&lng=120", field: "radius_km"},
		{name: "ErrLatMissing", query: "lng=120&radius_km=5", field: "lat"},
		{name: "ErrDistanceWithoutLocation", query: "sort=distance", field: "sort"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			params, _ := url.ParseQuery(tc.query)
			q, err := places.Parse(params)
			if tc.field != "" {
				wantInvalid(t, err, tc.field)
				return
			}
			if err != nil || !reflect.DeepEqual(q.Geo, tc.geo) || !reflect.DeepEqual(q.Sort, tc.sort) {
				t.Fatalf("Parse = geo %+v sort %+v, %v; want geo %+v sort %+v", q.Geo, q.Sort, err, tc.geo, tc.sort)
			}
			if err := places.Doc.CheckQuery(q); err != nil {
				t.Fatalf("the backends would refuse the parsed query: %v", err)
			}
		})
	}
}

func TestParseRequestNamesEveryProblem(t *testing.T) {
	t.Parallel()
	params, _ := url.ParseQuery("limit=0&offset=5000&kind=school&colour=red")
	_, _, err := search.ParseRequest("organizations", params)
	for _, f := range []string{"limit", "offset", "kind", "colour"} {
		wantInvalid(t, err, f)
	}
}
