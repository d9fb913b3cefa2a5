package bleve

import (
	"github.com/blevesearch/bleve/v2/geo"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"hutong/search"
)

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
