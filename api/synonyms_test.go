package api_test

import (
	"reflect"
	"testing"

	"hutong/search"
)

// synonymsAnswer is a decoded synonym list.
type synonymsAnswer struct {
	Groups [][]string `json:"groups"`
}

func TestSynonymsAPI(t *testing.T) {
	t.Parallel()
	const path = "/api/v1/admin/search/synonyms"
	t.Run("OKListDefaults", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		var a synonymsAnswer
		h.admin().do("GET", path, nil).want(200).decode(&a)
		if !reflect.DeepEqual(a.Groups, search.Synonyms) {
			t.Fatalf("groups = %v, want the defaults", a.Groups)
		}
	})
	t.Run("OKReplace", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		admin := h.admin()
		want := [][]string{{"儿童主任", "儿童督导员"}, {"社工", "社会工作者", "社工师"}}
		var saved, listed synonymsAnswer
		admin.do("PUT", path, map[string]any{"groups": [][]string{{" 儿童主任", "儿童督导员"}, {"社工", "社会工作者", "社工师"}}}).
			want(200).decode(&saved)
		admin.do("GET", path, nil).want(200).decode(&listed)
		if !reflect.DeepEqual(saved.Groups, want) || !reflect.DeepEqual(listed.Groups, want) {
			t.Fatalf("saved %v, listed %v; want %v", saved.Groups, listed.Groups, want)
		}
		var jobs int
		err := h.db.SQL().QueryRowContext(t.Context(), `SELECT count(*) FROM river_job WHERE kind = 'search_settings'`).Scan(&jobs)
		if err != nil || jobs != 1 {
			t.Fatalf("%d search_settings jobs (%v), want 1 to apply the list to the index", jobs, err)
		}
	})
	t.Run("OKEmptyList", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		var saved synonymsAnswer
		h.admin().do("PUT", path, `{"groups": []}`).want(200).decode(&saved)
		if saved.Groups == nil || len(saved.Groups) != 0 {
			t.Fatalf("groups = %v, want []", saved.Groups)
		}
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		u := h.signUp("Owner")
		before := h.rowCounts()
		u.do("GET", path, nil).problem(403)
		u.do("PUT", path, map[string]any{"groups": [][]string{{"甲", "乙"}}}).problem(403)
		h.anon().do("GET", path, nil).problem(401)
		h.anon().do("PUT", path, map[string]any{"groups": [][]string{{"甲", "乙"}}}).problem(401)
		h.unchanged(before)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		admin := h.admin()
		before := h.rowCounts()
		for _, body := range []string{
			`{"groups": [["社工"]]}`,
			`{"groups": [["社工", "社会工作者"], ["社工", "社工师"]]}`,
			`{"groups": [["社工", ""]]}`,
			`{"groups": [["社工", "社会 工作者"]]}`,
			`{"groups": null}`,
			`{}`,
		} {
			admin.do("PUT", path, body).problem(422).field(t, "groups")
		}
		admin.do("PUT", path, `{"groups": [], "extra": 1}`).problem(400)
		admin.do("PUT", path, `{"groups": "社工"}`).problem(422)
		h.unchanged(before)
	})
}
