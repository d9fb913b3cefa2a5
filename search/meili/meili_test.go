package meili_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"hutong/search"
	"hutong/search/meili"
)

const testKey = "test-master-key"

// orgType is a small organisation-like type for request tests.
func orgType() *search.DocType {
	return &search.DocType{
		Name: "organizations",
		Fields: []search.Field{
			{Name: "description", Kind: search.Text, Searchable: true, Weight: 4},
			{Name: "name", Kind: search.Text, Searchable: true, Weight: 10},
			{Name: "kind", Kind: search.Keyword, Filterable: true, Facet: true},
			{Name: "service_areas", Kind: search.Keyword, Facet: true},
			{Name: "rating", Kind: search.Number, Filterable: true, Sortable: true},
			{Name: "founded", Kind: search.Time, Filterable: true, Sortable: true},
			{Name: "fundraising", Kind: search.Bool, Filterable: true},
		},
		Geo:      true,
		Synonyms: [][]string{{"心理疏导", "心理辅导", "心理咨询"}},
	}
}

// open returns an Index on f with the prefix "hutong_".
func open(t *testing.T, f *fakeMeili) *meili.Index {
	t.Helper()
	idx, err := meili.Open(f.srv.URL, f.key, meili.Options{IndexPrefix: "hutong_", TaskTimeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	return idx
}

// wantJSON fails unless got, re-encoded, is the JSON want (key order and
// spacing aside).
func wantJSON(t *testing.T, what string, got any, want string) {
	t.Helper()
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expected JSON for %s: %v", what, err)
	}
	g, _ := json.Marshal(got)
	wb, _ := json.Marshal(w)
	if string(g) != string(wb) {
		t.Errorf("%s =\n%s\nwant\n%s", what, g, wb)
	}
}

func TestOpen(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		url, prefix string
	}{
		"ErrNotHTTP":   {"localhost:7700", ""},
		"ErrNoHost":    {"http://", ""},
		"ErrBadPrefix": {"http://localhost:7700", "hutong prod/"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := meili.Open(c.url, "", meili.Options{IndexPrefix: c.prefix}); err == nil {
				t.Errorf("Open(%q, prefix %q) succeeded", c.url, c.prefix)
			}
		})
	}
}

func TestInit(t *testing.T) {
	t.Parallel()
	t.Run("OKCreatesIndexThenWritesSettings", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, testKey)
		if err := open(t, f).Init(context.Background(), orgType()); err != nil {
			t.Fatalf("Init: %v", err)
		}
		wantRoutes(t, f, "GET /indexes/hutong_organizations", "POST /indexes", "PATCH /indexes/hutong_organizations/settings")
		wantJSON(t, "create body", f.requestsTo("POST", "/indexes")[0].Body, `{"uid":"hutong_organizations","primaryKey":"id"}`)
		wantJSON(t, "settings body", f.requestsTo("PATCH", "/indexes/hutong_organizations/settings")[0].Body, `{
			"rankingRules": ["words","sort","typo","proximity","attribute","exactness"],
			"searchableAttributes": ["name","description","_chars"],
			"filterableAttributes": ["kind","service_areas","rating","founded","fundraising","_geo"],
			"sortableAttributes": ["rating","founded","_geo"],
			"synonyms": {"心理疏导":["心理辅导","心理咨询"],"心理辅导":["心理疏导","心理咨询"],"心理咨询":["心理疏导","心理辅导"]},
			"localizedAttributes": [{"attributePatterns":["description","name","_chars"],"locales":["zho"]}],
			"typoTolerance": {"enabled":true,"minWordSizeForTypos":{"oneTypo":5,"twoTypos":9},
				"disableOnWords":[],"disableOnAttributes":[],"disableOnNumbers":false},
			"pagination": {"maxTotalHits":10000},
			"faceting": {"maxValuesPerFacet":500,"sortFacetValuesBy":{"*":"count"}}
		}`)
	})
	t.Run("OKTwiceCreatesOnce", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, testKey)
		idx := open(t, f)
		for range 2 {
			if err := idx.Init(context.Background(), orgType()); err != nil {
				t.Fatalf("Init: %v", err)
			}
		}
		if n := len(f.requestsTo("POST", "/indexes")); n != 1 {
			t.Errorf("POST /indexes sent %d times, want 1", n)
		}
		if n := len(f.requestsTo("PATCH", "/indexes/hutong_organizations/settings")); n != 2 {
			t.Errorf("settings written %d times, want 2", n)
		}
	})
	t.Run("OKWhenAnotherInstanceCreatedItFirst", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, testKey)
		f.setFailNext("indexCreation", "index_already_exists", "Index `hutong_organizations` already exists.")
		if err := open(t, f).Init(context.Background(), orgType()); err != nil {
			t.Errorf("Init: %v", err)
		}
	})
	t.Run("OKResetsEmptySettings", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, testKey)
		bare := &search.DocType{Name: "bare", Fields: []search.Field{{Name: "title", Kind: search.Keyword, Searchable: true}}}
		if err := open(t, f).Init(context.Background(), bare); err != nil {
			t.Fatalf("Init: %v", err)
		}
		wantRoutes(t, f, "GET /indexes/hutong_bare", "POST /indexes", "PATCH /indexes/hutong_bare/settings",
			"DELETE /indexes/hutong_bare/settings/synonyms", "DELETE /indexes/hutong_bare/settings/filterable-attributes",
			"DELETE /indexes/hutong_bare/settings/sortable-attributes", "DELETE /indexes/hutong_bare/settings/localized-attributes")
	})
	t.Run("ErrFailedSettingsTaskNamesIt", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, testKey)
		f.setFailNext("settingsUpdate", "invalid_settings_ranking_rules", "`wrong` ranking rule is invalid.")
		err := open(t, f).Init(context.Background(), orgType())
		var te *meili.TaskError
		if !errors.As(err, &te) || te.UID != 1 || te.Type != "settingsUpdate" || te.Code != "invalid_settings_ranking_rules" {
			t.Fatalf("err = %v, want the failed settingsUpdate task 1", err)
		}
		for _, want := range []string{"task 1", "settingsUpdate", "invalid_settings_ranking_rules", "`wrong` ranking rule is invalid."} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
	})
	t.Run("ErrReservedFieldName", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, testKey)
		bad := &search.DocType{Name: "bad", Fields: []search.Field{{Name: "_geo", Kind: search.Keyword}}}
		if err := open(t, f).Init(context.Background(), bad); err == nil {
			t.Error("Init accepted a field named _geo")
		}
		wantRoutes(t, f)
	})
}

// wantRoutes fails unless the requests (task polls aside) were exactly
// these, in order.
func wantRoutes(t *testing.T, f *fakeMeili, want ...string) {
	t.Helper()
	if got := f.routes(); !slices.Equal(got, want) {
		t.Errorf("requests = %q, want %q", got, want)
	}
}
