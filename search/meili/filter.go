package meili

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"hutong/domain"
	"hutong/search"
)

// filterExpr builds the Meilisearch filter expression of q: one condition
// per Filter and one _geoRadius, joined with AND. Field names come from the
// DocType, never from the caller's text; every value is formatted by
// literal, which quotes strings so that Meilisearch's parser reads back
// exactly the value given.
func filterExpr(t *search.DocType, q search.Query) (string, error) {
	var conds []string
	for _, f := range q.Filters {
		c, err := condition(t, f)
		if err != nil {
			return "", err
		}
		conds = append(conds, c)
	}
	if q.Geo != nil {
		c, err := geoRadius(t, *q.Geo)
		if err != nil {
			return "", err
		}
		conds = append(conds, c)
	}
	return strings.Join(conds, " AND "), nil
}

// condition formats one Filter.
func condition(t *search.DocType, f search.Filter) (string, error) {
	field, ok := t.Field(f.Field)
	if !ok || !(field.Filterable || field.Facet) {
		return "", domain.Invalid(f.Field, fmt.Sprintf("%s cannot be filtered by %q", t.Name, f.Field))
	}
	if len(f.Values) == 0 {
		return "", domain.Invalid(f.Field, "a filter needs a value")
	}
	vals := make([]string, len(f.Values))
	for i, v := range f.Values {
		s, err := literal(field, v)
		if err != nil {
			return "", err
		}
		vals[i] = s
	}
	switch f.Op {
	case search.OpEq:
		if len(vals) == 1 {
			return field.Name + " = " + vals[0], nil
		}
		return field.Name + " IN [" + strings.Join(vals, ", ") + "]", nil
	case search.OpGte, search.OpLte:
		if field.Kind != search.Number && field.Kind != search.Time {
			return "", domain.Invalid(f.Field, "only numbers and times have ranges")
		}
		if len(vals) != 1 {
			return "", domain.Invalid(f.Field, "a range takes one value")
		}
		op := map[search.Op]string{search.OpGte: " >= ", search.OpLte: " <= "}[f.Op]
		return field.Name + op + vals[0], nil
	}
	return "", domain.Invalid(f.Field, fmt.Sprintf("unknown filter operator %q", f.Op))
}

// literal formats v as a filter value of the field's kind.
func literal(f search.Field, v any) (string, error) {
	bad := domain.Invalid(f.Name, fmt.Sprintf("a value of type %T does not fit this field", v))
	switch f.Kind {
	case search.Text, search.Keyword:
		if s, ok := v.(string); ok {
			return quote(f.Name, s)
		}
	case search.Bool:
		if b, ok := v.(bool); ok {
			return strconv.FormatBool(b), nil
		}
	case search.Number:
		if s, ok := numberLiteral(v); ok {
			return s, nil
		}
	case search.Time:
		switch tm := v.(type) {
		case time.Time:
			return strconv.FormatInt(tm.UnixMilli(), 10), nil
		case string:
			parsed, err := time.Parse(time.RFC3339Nano, tm)
			if err != nil {
				return "", domain.Invalid(f.Name, "a time must be RFC 3339, e.g. 2025-01-31T08:00:00+08:00")
			}
			return strconv.FormatInt(parsed.UnixMilli(), 10), nil
		}
	}
	return "", bad
}

// numberLiteral formats a number without an exponent, which Meilisearch's
// filter parser does not read.
func numberLiteral(v any) (string, bool) {
	switch n := v.(type) {
	case int:
		return strconv.Itoa(n), true
	case int32:
		return strconv.FormatInt(int64(n), 10), true
	case int64:
		return strconv.FormatInt(n, 10), true
	case uint32:
		return strconv.FormatUint(uint64(n), 10), true
	case uint64:
		return strconv.FormatUint(n, 10), true
	case float32:
		return floatLiteral(float64(n))
	case float64:
		return floatLiteral(n)
	}
	return "", false
}

func floatLiteral(f float64) (string, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", false
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// geoRadius formats the _geoRadius condition.
func geoRadius(t *search.DocType, g search.GeoRadius) (string, error) {
	if !t.Geo {
		return "", domain.Invalid("geo", fmt.Sprintf("%s documents have no location", t.Name))
	}
	if err := checkPoint(g.Center); err != nil {
		return "", err
	}
	m, ok := floatLiteral(g.Meters)
	if !ok || g.Meters <= 0 {
		return "", domain.Invalid("radius", "a radius must be a positive number of meters")
	}
	lat, _ := floatLiteral(g.Center.Lat)
	lng, _ := floatLiteral(g.Center.Lng)
	return fmt.Sprintf("_geoRadius(%s, %s, %s)", lat, lng, m), nil
}

// quote writes s as a quoted filter value. Meilisearch's filter parser
// (milli's filter-parser, quoted_by and unescape) ends a value at the
// first quote not preceded by a backslash, skips the character after any
// backslash, and then replaces each backslash-quote pair by the quote;
// every other backslash stays as it is. So s is written between double
// quotes with its double quotes escaped, unless the parser would read that
// back differently (a backslash right before a quote, or at the end), in
// which case single quotes are tried. A value that neither can carry is
// refused rather than sent to match something else.
func quote(field, s string) (string, error) {
	for _, q := range []byte{'"', '\''} {
		enc := string(q) + strings.ReplaceAll(s, string(q), `\`+string(q)) + string(q)
		if got, rest, ok := unquote(enc[1:], q); ok && rest == "" && got == s {
			return enc, nil
		}
	}
	return "", domain.Invalid(field, "this value cannot be written in a Meilisearch filter (it ends with a backslash, or holds both \\\" and \\')")
}

// unquote reads a value the way Meilisearch's filter parser does, from
// just after the opening quote q; it returns the value and what follows
// the closing quote. It works on bytes: backslashes and quotes are ASCII,
// and no byte of a multi-byte UTF-8 character equals one of them.
func unquote(s string, q byte) (value, rest string, ok bool) {
	escaped := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case q:
			raw := s[:i]
			if escaped {
				raw = strings.ReplaceAll(raw, `\`+string(q), string(q))
			}
			return raw, s[i+1:], true
		case '\\':
			if i+1 == len(s) {
				return "", "", false
			}
			i++
			escaped = escaped || s[i] == q
		}
	}
	return "", "", false
}
