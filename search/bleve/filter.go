package bleve

import (
	"fmt"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"hutong/search"
)

// filterQuery turns one filter into a Bleve query by the field's kind.
// The caller has checked the field is filterable.
func filterQuery(f search.Field, flt search.Filter) (query.Query, error) {
	if len(flt.Values) == 0 {
		return nil, fmt.Errorf("bleve: filter on %s without a value", f.Name)
	}
	switch flt.Op {
	case search.OpEq:
		alts := make([]query.Query, len(flt.Values))
		for i, v := range flt.Values {
			q, err := rangeQuery(f, v, v)
			if err != nil {
				return nil, err
			}
			alts[i] = q
		}
		if len(alts) == 1 {
			return alts[0], nil
		}
		return query.NewDisjunctionQuery(alts), nil
	case search.OpGte:
		return rangeQuery(f, flt.Values[0], nil)
	case search.OpLte:
		return rangeQuery(f, nil, flt.Values[0])
	}
	return nil, fmt.Errorf("bleve: unknown filter operator %q on %s", flt.Op, f.Name)
}

// rangeQuery matches values of f from lo to hi inclusive; a nil bound is
// open. Keywords and bools with lo == hi match exactly, text when it
// holds every token of lo.
func rangeQuery(f search.Field, lo, hi any) (query.Query, error) {
	switch f.Kind {
	case search.Number:
		return numberRange(f.Name, lo, hi)
	case search.Time:
		return timeRange(f.Name, lo, hi)
	}
	if lo == nil || hi == nil {
		return nil, fmt.Errorf("bleve: field %s takes only equality filters", f.Name)
	}
	switch f.Kind {
	case search.Bool:
		b, ok := lo.(bool)
		if !ok {
			return nil, fmt.Errorf("bleve: field %s takes true or false, not %v", f.Name, lo)
		}
		q := query.NewBoolFieldQuery(b)
		q.SetField(f.Name)
		return q, nil
	case search.Text:
		q := query.NewMatchQuery(fmt.Sprint(lo))
		q.SetField(f.Name)
		q.SetOperator(query.MatchQueryOperatorAnd)
		return q, nil
	}
	q := query.NewTermQuery(fmt.Sprint(lo))
	q.SetField(f.Name)
	return q, nil
}

// numberRange matches numbers between lo and hi inclusive.
func numberRange(field string, lo, hi any) (query.Query, error) {
	var bounds [2]*float64
	for i, v := range []any{lo, hi} {
		if v == nil {
			continue
		}
		n, err := toFloat(v)
		if err != nil {
			return nil, fmt.Errorf("bleve: field %s: %w", field, err)
		}
		bounds[i] = &n
	}
	yes := true
	q := query.NewNumericRangeInclusiveQuery(bounds[0], bounds[1], &yes, &yes)
	q.SetField(field)
	return q, nil
}

// timeRange matches times between lo and hi inclusive.
func timeRange(field string, lo, hi any) (query.Query, error) {
	var bounds [2]time.Time
	for i, v := range []any{lo, hi} {
		if v == nil {
			continue
		}
		tm, err := toTime(v)
		if err != nil {
			return nil, fmt.Errorf("bleve: field %s: %w", field, err)
		}
		bounds[i] = tm
	}
	yes := true
	q := query.NewDateRangeInclusiveQuery(bounds[0], bounds[1], &yes, &yes)
	q.SetField(field)
	return q, nil
}

// toFloat reads a number given as any Go numeric type or a decimal string.
func toFloat(v any) (float64, error) {
	switch n := v.(type) {
	case int:
		return float64(n), nil
	case int32:
		return float64(n), nil
	case int64:
		return float64(n), nil
	case float32:
		return float64(n), nil
	case float64:
		return n, nil
	case string:
		return strconv.ParseFloat(n, 64)
	}
	return 0, fmt.Errorf("%v is not a number", v)
}

// toTime reads a time given as time.Time or an RFC 3339 string.
func toTime(v any) (time.Time, error) {
	switch tm := v.(type) {
	case time.Time:
		return tm.UTC(), nil
	case string:
		return time.Parse(time.RFC3339Nano, tm)
	}
	return time.Time{}, fmt.Errorf("%v is not a time", v)
}

// geoQuery keeps documents within r of its centre.
func geoQuery(r *search.GeoRadius) query.Query {
	q := query.NewGeoDistanceQuery(r.Center.Lng, r.Center.Lat, strconv.FormatFloat(r.Meters, 'f', -1, 64)+"m")
	q.SetField(geoField)
	return q
}

// asKeywordFilter returns flt as a keyword filter the in-memory columns
// can check: an equality filter on a keyword field, compared as the
// exact term Bleve indexed (rangeQuery's term for the same filter).
func asKeywordFilter(f search.Field, flt search.Filter) (keywordFilter, bool) {
	if f.Kind != search.Keyword || flt.Op != search.OpEq || len(flt.Values) == 0 {
		return keywordFilter{}, false
	}
	kf := keywordFilter{field: f.Name, values: make([]string, len(flt.Values))}
	for i, v := range flt.Values {
		if v == nil {
			return keywordFilter{}, false
		}
		kf.values[i] = fmt.Sprint(v)
	}
	return kf, true
}
