package search

import (
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"hutong/domain"
)

// Limits of a search request, checked before any backend sees it.
const (
	MaxQueryRunes = 200
	DefaultLimit  = 20
	MaxLimit      = 50
	// MaxOffset bounds deep paging, which costs every backend more the
	// deeper it goes; nobody reads past a thousand results.
	MaxOffset   = 1000
	MaxRadiusKM = 500
)

// Sort names every type offers.
const (
	SortRelevance = "relevance"
	SortDistance  = "distance"
)

// RequestType is one value of ?type=: the document type searched, the
// filter parameters it takes and the orders it offers besides relevance
// (and distance, for types with a location).
type RequestType struct {
	Doc     *DocType
	Filters []FilterParam
	Sorts   map[string]Sort
	// Browse is the order of a search without text, where relevance means
	// nothing; "" keeps relevance.
	Browse string
}

// requestTypes are the searchable types by name. A feature adds its type
// with one line here, naming its filter parameters and sorts.
var requestTypes = map[string]RequestType{
	domain.SearchOrganizations: {Doc: Organizations, Filters: organizationFilters, Sorts: organizationSorts, Browse: "newest"},
	domain.SearchProjects:      {Doc: Projects, Filters: projectFilters, Sorts: projectSorts, Browse: "newest"},
	domain.SearchWishes:        {Doc: Wishes, Filters: wishFilters, Sorts: wishSorts, Browse: "deadline"},
	domain.SearchProgrammes:    {Doc: Programmes, Filters: programmeFilters, Sorts: programmeSorts, Browse: "newest"},
}

// organizationFilters are the filter parameters of organisations.
var organizationFilters = []FilterParam{
	KeywordParam("kind", "kind", func(s string) bool { return domain.OrgKind(s).Valid() }),
	RegionParam("region", "region_codes"),
	KeywordParam("service_area", "service_areas", func(s string) bool { return slices.Contains(domain.ServiceAreas, s) }),
	MinParam("rating_min", "rating_level", 1, 5),
	BoolParam("public_fundraising", "public_fundraising"),
}

// organizationSorts are the orders of organisations besides relevance.
var organizationSorts = map[string]Sort{
	"newest": {Field: "verified_at", Desc: true},
	"rating": {Field: "rating_level", Desc: true},
}

// RequestTypeNames lists the values ?type= accepts, sorted.
func RequestTypeNames() []string {
	names := make([]string, 0, len(requestTypes))
	for n := range requestTypes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// commonParams are the parameters of every type; geoParams those of types
// with a location.
var (
	commonParams = []string{"q", "type", "sort", "limit", "offset"}
	geoParams    = []string{"lat", "lng", "radius_km"}
)

// ParseRequest turns the query string of GET /api/v1/search (and of the
// search page) into the document type and query to run. Every problem is
// EINVALID naming the parameter: an unknown type or parameter, a query
// over 200 characters, a bad page, location or sort, or a filter value the
// type does not know. Empty values count as absent, as a form sends them.
// The query always asks for highlights and for the type's facets.
func ParseRequest(typ string, params url.Values) (*DocType, Query, error) {
	rt, ok := requestTypes[typ]
	if !ok {
		return nil, Query{}, domain.Invalid("type", "must be one of: "+strings.Join(RequestTypeNames(), ", "))
	}
	q, err := rt.Parse(params)
	if err != nil {
		return nil, Query{}, err
	}
	return rt.Doc, q, nil
}

// Parse reads a query of this type from params; see ParseRequest.
func (rt RequestType) Parse(params url.Values) (Query, error) {
	p := &parser{rt: rt, params: params}
	q := Query{Highlight: true, Facets: rt.facets()}
	p.checkKeys()
	q.Text = p.text()
	q.Limit = p.int("limit", DefaultLimit, 1, MaxLimit)
	q.Offset = p.int("offset", 0, 0, MaxOffset)
	q.Geo = p.geo()
	for _, fp := range rt.Filters {
		if f, ok := p.filter(fp); ok {
			q.Filters = append(q.Filters, f)
		}
	}
	q.Sort = p.sort(q.Text, q.Geo)
	if err := p.v.Err(); err != nil {
		return Query{}, err
	}
	return q, nil
}

// facets are the type's facet fields, always counted so that a page can
// show how many results each filter value would leave.
func (rt RequestType) facets() []string {
	var out []string
	for _, f := range rt.Doc.Fields {
		if f.Facet {
			out = append(out, f.Name)
		}
	}
	return out
}

// allowed lists every parameter the type takes.
func (rt RequestType) allowed() []string {
	out := slices.Clone(commonParams)
	if rt.Doc.Geo {
		out = append(out, geoParams...)
	}
	for _, f := range rt.Filters {
		out = append(out, f.Name)
	}
	return out
}

// parser collects every problem of one request.
type parser struct {
	rt     RequestType
	params url.Values
	v      domain.Validation
}

// checkKeys refuses parameters the type does not take, in sorted order.
func (p *parser) checkKeys() {
	allowed := p.rt.allowed()
	keys := make([]string, 0, len(p.params))
	for k := range p.params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			p.v.Add(k, "unknown parameter; this type takes: "+strings.Join(allowed, ", "))
		}
	}
}

// values returns a parameter's non-empty values.
func (p *parser) values(name string) []string {
	var out []string
	for _, v := range p.params[name] {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// one returns a parameter that may be given once, or "".
func (p *parser) one(name string) string {
	vs := p.values(name)
	if len(vs) > 1 {
		p.v.Add(name, "must be given once")
		return ""
	}
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

func (p *parser) text() string {
	s := p.one("q")
	if utf8.RuneCountInString(s) > MaxQueryRunes {
		p.v.Add("q", "must be at most 200 characters")
		return ""
	}
	return s
}

// int reads an integer parameter between lo and hi, or def when absent.
func (p *parser) int(name string, def, lo, hi int) int {
	s := p.one(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		p.v.Add(name, "must be between "+strconv.Itoa(lo)+" and "+strconv.Itoa(hi))
		return def
	}
	return n
}

// float parses a number within [lo, hi], or within (lo, hi] when open,
// naming the parameter when it is refused.
func (p *parser) float(name, s string, lo, hi float64, open bool) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	// NaN fails every comparison, so it is refused with the rest.
	if err != nil || !(f >= lo && f <= hi) || open && f == lo {
		p.v.Add(name, "must be a number between "+strconv.FormatFloat(lo, 'f', -1, 64)+" and "+strconv.FormatFloat(hi, 'f', -1, 64))
		return 0, false
	}
	return f, true
}

// geo reads lat, lng and radius_km, which come together or not at all.
func (p *parser) geo() *GeoRadius {
	if !p.rt.Doc.Geo {
		return nil
	}
	raw := make([]string, len(geoParams))
	given := 0
	for i, name := range geoParams {
		if raw[i] = p.one(name); raw[i] != "" {
			given++
		}
	}
	if given == 0 {
		return nil
	}
	if given < len(geoParams) {
		for i, name := range geoParams {
			if raw[i] == "" {
				p.v.Add(name, "lat, lng and radius_km go together")
			}
		}
		return nil
	}
	lat, okLat := p.float("lat", raw[0], -90, 90, false)
	lng, okLng := p.float("lng", raw[1], -180, 180, false)
	km, okKM := p.float("radius_km", raw[2], 0, MaxRadiusKM, true)
	if !okLat || !okLng || !okKM {
		return nil
	}
	return &GeoRadius{Center: GeoPoint{Lat: lat, Lng: lng}, Meters: km * 1000}
}

// sort reads the order; without one, a search with text is by relevance
// and a search without is by the type's browse order, or by distance when
// a location is given.
func (p *parser) sort(text string, geo *GeoRadius) []Sort {
	name := p.one("sort")
	if name == "" {
		switch {
		case text != "":
			return nil
		case geo != nil:
			name = SortDistance
		default:
			name = p.rt.Browse
		}
	}
	switch {
	case name == "" || name == SortRelevance:
		return nil
	case name == SortDistance && geo != nil:
		center := geo.Center
		return []Sort{{Near: &center}}
	}
	if s, ok := p.rt.Sorts[name]; ok {
		return []Sort{s}
	}
	p.v.Add("sort", "must be one of: "+strings.Join(p.sortNames(geo != nil), ", "))
	return nil
}

// sortNames lists the orders available to this request.
func (p *parser) sortNames(geo bool) []string {
	out := []string{SortRelevance}
	for n := range p.rt.Sorts {
		out = append(out, n)
	}
	sort.Strings(out[1:])
	if geo {
		out = append(out, SortDistance)
	}
	return out
}

// FilterParam is one filter parameter of a type: its name in the query
// string, the field it filters, and how one value is read. Build it with
// KeywordParam, RegionParam, MinParam or BoolParam.
type FilterParam struct {
	Name   string
	Field  string
	op     Op
	repeat bool
	// parse reads one value, or says what is wrong with it.
	parse func(s string) (any, string)
}

// KeywordParam filters field on any of the given values (the parameter
// may repeat), each of which valid must accept.
func KeywordParam(name, field string, valid func(string) bool) FilterParam {
	return FilterParam{Name: name, Field: field, op: OpEq, repeat: true, parse: func(s string) (any, string) {
		if !valid(s) {
			return nil, "unknown value " + s
		}
		return s, ""
	}}
}

// RegionParam filters field (a region and its ancestors) on one six-digit
// division code, so that a province finds everything under it.
func RegionParam(name, field string) FilterParam {
	return FilterParam{Name: name, Field: field, op: OpEq, parse: func(s string) (any, string) {
		if len(s) != 6 || strings.Trim(s, "0123456789") != "" {
			return nil, "must be a 6-digit administrative division code"
		}
		return s, ""
	}}
}

// MinParam keeps documents whose number field is at least the value, an
// integer from lo to hi.
func MinParam(name, field string, lo, hi int) FilterParam {
	return FilterParam{Name: name, Field: field, op: OpGte, parse: func(s string) (any, string) {
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi {
			return nil, "must be between " + strconv.Itoa(lo) + " and " + strconv.Itoa(hi)
		}
		return int64(n), ""
	}}
}

// BoolParam filters a bool field on true or false.
func BoolParam(name, field string) FilterParam {
	return FilterParam{Name: name, Field: field, op: OpEq, parse: func(s string) (any, string) {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, "must be true or false"
		}
		return b, ""
	}}
}

// filter reads one filter parameter; ok is false when it is absent or
// refused.
func (p *parser) filter(fp FilterParam) (Filter, bool) {
	raw := p.values(fp.Name)
	if !fp.repeat {
		if s := p.one(fp.Name); s != "" {
			raw = []string{s}
		} else {
			raw = nil
		}
	}
	f := Filter{Field: fp.Field, Op: fp.op}
	for _, s := range raw {
		v, msg := fp.parse(s)
		if msg != "" {
			p.v.Add(fp.Name, msg)
			return Filter{}, false
		}
		f.Values = append(f.Values, v)
	}
	return f, len(f.Values) > 0
}
