package searchtest

import (
	"cmp"
	"maps"
	"slices"
	"testing"

	"hutong/search"
)

// counts tallies the fixtures kept by keep by the values of one facet.
func counts(keep func(o org) bool, values func(o org) []string) map[string]int {
	out := map[string]int{}
	for _, o := range orgs {
		if keep(o) {
			for _, v := range values(o) {
				out[v]++
			}
		}
	}
	return out
}

func kindOf(o org) []string   { return []string{o.kind} }
func areasOf(o org) []string  { return o.areas }
func regionOf(o org) []string { return []string{o.region} }

// wantFacet fails unless the facet counts of field are want.
func wantFacet(t *testing.T, res *search.Result, field string, want map[string]int) {
	t.Helper()
	if got := res.Facets[field]; !maps.Equal(got, want) {
		t.Errorf("facet %s = %v, want %v", field, got, want)
	}
}

// ordered lists fixture ids sorted by cmpFn.
func ordered(cmpFn func(a, b org) int) []string {
	sorted := slices.Clone(orgs)
	slices.SortStableFunc(sorted, cmpFn)
	out := make([]string, len(sorted))
	for i, o := range sorted {
		out[i] = o.id
	}
	return out
}

func byFounded(a, b org) int { return cmp.Compare(a.founded, b.founded) }

// facetSortChecks cover facet counts, sorting and pagination.
func facetSortChecks() []check {
	all := func(org) bool { return true }
	return []check{
		{"FacetsCountEveryValue", func(t *testing.T, f *fixture) {
			res := f.search(t, search.Query{Facets: []string{"kind", "service_areas"}, Limit: 1})
			wantFacet(t, res, "kind", counts(all, kindOf))
			wantFacet(t, res, "service_areas", counts(all, areasOf))
		}},
		{"FacetsCountOnlyMatches", func(t *testing.T, f *fixture) {
			res := f.search(t, search.Query{Filters: []search.Filter{eq("kind", "station")}, Facets: []string{"region_code"}})
			wantFacet(t, res, "region_code", counts(func(o org) bool { return o.kind == "station" }, regionOf))
			text := f.search(t, search.Query{Text: "童", Facets: []string{"kind"}})
			in := containing("童")
			wantFacet(t, text, "kind", counts(func(o org) bool { return slices.Contains(in, o.id) }, kindOf))
		}},
		{"SortByTimeAscending", func(t *testing.T, f *fixture) {
			wantOrder(t, f.search(t, search.Query{Sort: []search.Sort{{Field: "founded"}}}), ordered(byFounded))
		}},
		{"SortByNumberDescendingThenTime", func(t *testing.T, f *fixture) {
			q := search.Query{Sort: []search.Sort{{Field: "rating", Desc: true}, {Field: "founded"}}}
			wantOrder(t, f.search(t, q), ordered(func(a, b org) int {
				return cmp.Or(cmp.Compare(b.rating, a.rating), byFounded(a, b))
			}))
		}},
		{"SortAppliesToTextMatches", func(t *testing.T, f *fixture) {
			q := search.Query{Text: "童", Sort: []search.Sort{{Field: "founded", Desc: true}}}
			in := containing("童")
			want := slices.DeleteFunc(ordered(func(a, b org) int { return byFounded(b, a) }),
				func(id string) bool { return !slices.Contains(in, id) })
			wantOrder(t, f.search(t, q), want)
		}},
		{"PageSkipsAndLimits", func(t *testing.T, f *fixture) {
			order := ordered(byFounded)
			page := f.search(t, search.Query{Sort: []search.Sort{{Field: "founded"}}, Offset: 3, Limit: 3})
			wantOrder(t, page, order[3:6])
			if page.Total != len(orgs) {
				t.Errorf("Total = %d, want %d", page.Total, len(orgs))
			}
			past := f.search(t, search.Query{Sort: []search.Sort{{Field: "founded"}}, Offset: 50, Limit: 3})
			if len(past.Hits) != 0 || past.Total != len(orgs) {
				t.Errorf("past the end: hits %v, Total %d", ids(past), past.Total)
			}
		}},
	}
}
