package searchtest

import (
	"cmp"
	"math"
	"slices"
	"testing"

	"hutong/search"
)

// wantDistances fails unless every hit carries its distance from center,
// within 1% (backends round coordinates and the Earth's radius
// differently).
func wantDistances(t *testing.T, res *search.Result) {
	t.Helper()
	for _, h := range res.Hits {
		want := byID(h.ID).km * 1000
		if h.DistanceMeters == nil {
			t.Errorf("%s: no distance, want %.0f m", h.ID, want)
			continue
		}
		if got := *h.DistanceMeters; math.Abs(got-want) > want*0.01+1 {
			t.Errorf("%s: distance %.1f m, want %.0f m", h.ID, got, want)
		}
	}
}

// geoChecks cover radius filters and distance sorting.
func geoChecks() []check {
	near := func(a, b org) int { return cmp.Compare(a.km, b.km) }
	return []check{
		{"GeoRadiusKeepsNearby", func(t *testing.T, f *fixture) {
			res := f.search(t, search.Query{Geo: &search.GeoRadius{Center: center, Meters: 5000}})
			wantSet(t, res, where(func(o org) bool { return o.km < 5 }))
			wantDistances(t, res)
		}},
		{"GeoSortNearestFirst", func(t *testing.T, f *fixture) {
			res := f.search(t, search.Query{Sort: []search.Sort{{Near: &center}}})
			wantOrder(t, res, ordered(near))
			wantDistances(t, res)
		}},
		{"GeoRadiusWithTextAndFieldSort", func(t *testing.T, f *fixture) {
			q := search.Query{
				Text: "童", Geo: &search.GeoRadius{Center: center, Meters: 7000},
				Sort: []search.Sort{{Field: "founded", Desc: true}},
			}
			in := containing("童")
			want := slices.DeleteFunc(ordered(func(a, b org) int { return byFounded(b, a) }), func(id string) bool {
				return !slices.Contains(in, id) || byID(id).km >= 7
			})
			res := f.search(t, q)
			wantOrder(t, res, want)
			wantDistances(t, res)
		}},
	}
}
