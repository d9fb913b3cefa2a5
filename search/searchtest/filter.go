package searchtest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"hutong/search"
)

// date parses a fixture date as UTC midnight.
func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d.UTC()
}

// eq, gte and lte build filters.
func eq(field string, values ...any) search.Filter {
	return search.Filter{Field: field, Op: search.OpEq, Values: values}
}

func gte(field string, v any) search.Filter {
	return search.Filter{Field: field, Op: search.OpGte, Values: []any{v}}
}

func lte(field string, v any) search.Filter {
	return search.Filter{Field: field, Op: search.OpLte, Values: []any{v}}
}

// filterChecks cover each kind of filter alone, together and with text.
func filterChecks() []check {
	type row struct {
		name    string
		filters []search.Filter
		text    string
		keep    func(o org) bool
	}
	rows := []row{
		{"KeywordEqualsOneValue", []search.Filter{eq("kind", "station")}, "",
			func(o org) bool { return o.kind == "station" }},
		{"KeywordEqualsAnyOfSeveral", []search.Filter{eq("kind", "station", "foundation")}, "",
			func(o org) bool { return o.kind == "station" || o.kind == "foundation" }},
		{"KeywordListHoldsValue", []search.Filter{eq("service_areas", "tutoring")}, "",
			func(o org) bool { return slices.Contains(o.areas, "tutoring") }},
		{"KeywordListHoldsAnyOfSeveral", []search.Filter{eq("service_areas", "wishes", "care")}, "",
			func(o org) bool { return slices.Contains(o.areas, "wishes") || slices.Contains(o.areas, "care") }},
		{"NumberAtLeast", []search.Filter{gte("rating", 4)}, "",
			func(o org) bool { return o.rating >= 4 }},
		{"NumberBetweenInclusive", []search.Filter{gte("rating", int64(3)), lte("rating", 4.0)}, "",
			func(o org) bool { return o.rating >= 3 && o.rating <= 4 }},
		{"TimeFromInclusive", []search.Filter{gte("founded", date("2018-11-11"))}, "",
			func(o org) bool { return o.founded >= "2018-11-11" }},
		{"TimeUntilInclusive", []search.Filter{lte("founded", date("2012-03-01"))}, "",
			func(o org) bool { return o.founded <= "2012-03-01" }},
		{"BoolTrue", []search.Filter{eq("fundraising", true)}, "",
			func(o org) bool { return o.fundraising }},
		{"BoolFalse", []search.Filter{eq("fundraising", false)}, "",
			func(o org) bool { return !o.fundraising }},
		{"FiltersAllApply", []search.Filter{eq("kind", "social_org"), gte("rating", 4)}, "",
			func(o org) bool { return o.kind == "social_org" && o.rating >= 4 }},
		{"FilterNarrowsText", []search.Filter{eq("kind", "social_org")}, "儿童",
			func(o org) bool { return o.kind == "social_org" && slices.Contains(containing("儿童"), o.id) }},
		{"FilterMatchingNothing", []search.Filter{eq("kind", "nobody")}, "",
			func(org) bool { return false }},
	}
	checks := make([]check, len(rows))
	for i, r := range rows {
		checks[i] = check{"Filter" + r.name, func(t *testing.T, f *fixture) {
			wantSet(t, f.search(t, search.Query{Text: r.text, Filters: r.filters}), where(r.keep))
		}}
	}
	return append(checks, check{"UnknownFieldsAreRefused", checkUnknownFields})
}

// checkUnknownFields: a filter, sort or facet on a field the type does
// not declare for that use is refused with search.ErrUnknownField.
func checkUnknownFields(t *testing.T, f *fixture) {
	for name, q := range map[string]search.Query{
		"FilterUnknown":     {Filters: []search.Filter{eq("nope", "x")}},
		"FilterNotDeclared": {Filters: []search.Filter{eq("name", "x")}},
		"SortUnknown":       {Sort: []search.Sort{{Field: "nope"}}},
		"SortNotDeclared":   {Sort: []search.Sort{{Field: "kind"}}},
		"FacetUnknown":      {Facets: []string{"nope"}},
		"FacetNotDeclared":  {Facets: []string{"rating"}},
	} {
		t.Run(name, func(t *testing.T) {
			q.Limit = 10
			_, err := f.idx.Search(t.Context(), f.typ, q)
			if !errors.Is(err, search.ErrUnknownField) {
				t.Errorf("err = %v, want ErrUnknownField", err)
			}
		})
	}
}
