package web_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"hutong/postgres"
	"hutong/web"
)

func TestSynonymsPage(t *testing.T) {
	t.Parallel()
	const page = "/admin/search/synonyms"
	a := newApp(t)
	admin := a.admin(t)
	synonyms := postgres.NewSynonymService(a.db)

	t.Run("OthersCannot", func(t *testing.T) {
		owner := a.client(t)
		owner.register("ngo@hutong.test", "机构负责人")
		if res, _ := owner.get(page); res.StatusCode != http.StatusForbidden {
			t.Fatalf("GET by an organisation owner: status %d", res.StatusCode)
		}
		if res, _ := owner.submit("/", page, url.Values{"groups": {"甲 乙"}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("POST by an organisation owner: status %d", res.StatusCode)
		}
		res, _ := a.client(t).get(page)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("anonymous: status %d to %q, want the sign-in page", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("ErrNoCSRFToken", func(t *testing.T) {
		if res, _ := admin.post(page, url.Values{"groups": {"甲 乙"}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", res.StatusCode)
		}
	})

	_, body := admin.get(page)
	mustContain(t, body, "搜索同义词", "心理疏导 / 心理辅导 / 心理咨询", "社工 / 社会工作者", `href="/admin/search/synonyms"`)

	res, body := admin.submit(page, page, url.Values{"groups": {"儿童主任，儿童督导员\r\n\r\n社工 / 社会工作者　社工师\n"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page+"?saved=1" {
		t.Fatalf("save: status %d to %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	want := [][]string{{"儿童主任", "儿童督导员"}, {"社工", "社会工作者", "社工师"}}
	if got, err := synonyms.FindSynonyms(context.Background()); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("saved %v, %v; want %v", got, err, want)
	}
	_, body = admin.get(page + "?saved=1")
	mustContain(t, body, "已保存", "儿童主任 / 儿童督导员\n社工 / 社会工作者 / 社工师")

	t.Run("ErrWordInTwoGroupsKeepsText", func(t *testing.T) {
		res, body := admin.submit(page, page, url.Values{"groups": {"社工/社会工作者\n社工、社工师"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.StatusCode)
		}
		mustContain(t, body, "“社工”出现在两个组里", "社工/社会工作者\n社工、社工师", `aria-invalid="true"`)
		if got, _ := synonyms.FindSynonyms(context.Background()); !reflect.DeepEqual(got, want) {
			t.Fatalf("a refused save changed the list to %v", got)
		}
	})
	t.Run("English", func(t *testing.T) {
		admin.lang = "en"
		defer func() { admin.lang = "" }()
		res, body := admin.submit(page, page, url.Values{"groups": {"孤词"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.StatusCode)
		}
		mustContain(t, body, "Search synonyms", "Each group needs 2 to 20 words")
	})
}

func TestParseSynonyms(t *testing.T) {
	t.Parallel()
	got := web.ParseSynonyms(" 心理疏导/心理辅导 , 心理咨询 \n\n  \r\n留守儿童、农村留守儿童\u3000\n孤词")
	want := [][]string{{"心理疏导", "心理辅导", "心理咨询"}, {"留守儿童", "农村留守儿童"}, {"孤词"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseSynonyms = %q, want %q", got, want)
	}
}
