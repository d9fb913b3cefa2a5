package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hutong/domain"
	"hutong/internal/testkit"
	"hutong/search"
	"hutong/search/bleve"
	"hutong/web"
)

// searchApp is the pages with a real Bleve index holding three verified
// organisations.
func searchApp(t *testing.T) *app {
	t.Helper()
	ctx := context.Background()
	idx, err := bleve.Open(t.TempDir(), testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	a := newAppWith(t, func(d *web.Deps) { d.Search = idx })
	owner, err := a.users.Register(ctx, domain.RegisterInput{Email: "owner@hutong.test", Password: "correct horse battery", DisplayName: "负责人"})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := a.users.CreatePlatformAdmin(ctx, domain.RegisterInput{Email: "checker@hutong.test", Password: "correct horse battery", DisplayName: "审核员"})
	if err != nil {
		t.Fatal(err)
	}
	for i, in := range []domain.OrganizationInput{
		{Kind: domain.KindSocialOrg, Name: "梁溪区阳光社工事务所", RegionCode: "320213", Rating: "4A",
			ServiceAreas: []string{"psychological"}, Description: "<script>alert(1)</script> 为留守儿童提供心理疏导 & 陪伴。"},
		{Kind: domain.KindStation, Name: "惠山区未成年人保护工作站", RegionCode: "320206",
			ServiceAreas: []string{"left_behind"}, Description: "困境儿童关爱。"},
		{Kind: domain.KindFoundation, Name: "无锡市儿童慈善基金会", RegionCode: "320200", Rating: "5A",
			PublicFundraising: true, ServiceAreas: []string{"emergency_rescue"}, Description: "资助困境儿童。"},
	} {
		in.CreditCode = creditCode(t, "5232020"+strings.Repeat("0", 9)+string(rune('1'+i)))
		o, err := a.orgs.CreateOrganization(ctx, &domain.Actor{User: owner}, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.orgs.VerifyOrganization(ctx, &domain.Actor{User: admin}, o.ID, domain.VerificationVerified, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Init(ctx, search.Organizations); err != nil {
		t.Fatal(err)
	}
	src := search.OrganizationSource(a.orgs, func(area string) string { return area })
	if _, err := search.Reindex(ctx, idx, src, nil); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSearchPage(t *testing.T) {
	t.Parallel()
	a := searchApp(t)
	get := func(t *testing.T, query string, lang string) (*http.Response, string) {
		t.Helper()
		c := a.client(t)
		c.lang = lang
		return c.get("/search?" + query)
	}
	t.Run("OKSynonymHighlightedAndEscaped", func(t *testing.T) {
		t.Parallel()
		res, body := get(t, "q="+url.QueryEscape("心理辅导"), "")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "梁溪区阳光社工事务所", "<mark>", "&lt;script&gt;", "共找到 1 家机构")
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "无锡市儿童慈善基金会") {
			t.Fatal("the page runs the description's script or shows an organisation that does not match")
		}
	})
	t.Run("OKFacetCountsBesideFilters", func(t *testing.T) {
		t.Parallel()
		_, body := get(t, "q="+url.QueryEscape("童"), "")
		mustContain(t, body, `value="station"> 未保站 <span class="count">1</span>`,
			`<option value="320200">`, `无锡市 (3)`, `5A 及以上 (1)`, `4A 及以上 (2)`)
	})
	t.Run("OKFilters", func(t *testing.T) {
		t.Parallel()
		_, body := get(t, "kind=station&kind=foundation&public_fundraising=true", "")
		mustContain(t, body, "无锡市儿童慈善基金会", `value="foundation" checked`)
		if strings.Contains(body, "惠山区未成年人保护工作站") {
			t.Fatal("a filtered-out organisation is shown")
		}
	})
	t.Run("OKPages", func(t *testing.T) {
		t.Parallel()
		_, body := get(t, "sort=rating&limit=1", "")
		mustContain(t, body, "无锡市儿童慈善基金会", `rel="next"`, "offset=1")
		_, body = get(t, "sort=rating&limit=1&offset=2", "")
		mustContain(t, body, "惠山区未成年人保护工作站", `rel="prev"`)
		if strings.Contains(body, `rel="next"`) {
			t.Fatal("the last page links to a next one")
		}
	})
	t.Run("OKEnglish", func(t *testing.T) {
		t.Parallel()
		_, body := get(t, "q="+url.QueryEscape("童"), "en")
		mustContain(t, body, "Search organisations", "3 organisations found")
	})
	t.Run("ErrQueryTooLong", func(t *testing.T) {
		t.Parallel()
		res, body := get(t, "q="+strings.Repeat("童", 201), "")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.StatusCode)
		}
		mustContain(t, body, "搜索关键词：最多 200 个字符")
	})
	t.Run("ErrUnknownKind", func(t *testing.T) {
		t.Parallel()
		res, body := get(t, "kind=school", "")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.StatusCode)
		}
		mustContain(t, body, "无法识别的取值：school")
	})
	t.Run("OKLinkedFromHomeAndHeader", func(t *testing.T) {
		t.Parallel()
		_, body := a.client(t).get("/")
		mustContain(t, body, `<a href="/search">搜索</a>`, `action="/search"`)
	})
}

func TestSearchPageUnavailable(t *testing.T) {
	t.Parallel()
	closed, err := bleve.Open(t.TempDir(), testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	_ = closed.Close()
	for name, idx := range map[string]search.Index{"ClosedIndex": closed, "NoIndex": nil} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := newAppWith(t, func(d *web.Deps) { d.Search = idx })
			c := a.client(t)
			res, body := c.get("/search?q=" + url.QueryEscape("童"))
			if res.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("status %d, want 503", res.StatusCode)
			}
			mustContain(t, body, "搜索服务暂时不可用")
			if res, _ := c.get("/orgs"); res.StatusCode != http.StatusOK {
				t.Fatalf("the organisation list answers %d while search is down", res.StatusCode)
			}
		})
	}
}

func TestSafeHighlight(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"为<mark>留守儿童</mark>服务":                     "为<mark>留守儿童</mark>服务",
		"a &amp; b &lt;i&gt; &#39;c&#39; &#x4e2d;": "a &amp; b &lt;i&gt; &#39;c&#39; &#x4e2d;",
		"<script>alert(1)</script>":                "&lt;script&gt;alert(1)&lt;/script&gt;",
		`<mark onclick="x">a</mark>`:               `&lt;mark onclick=&#34;x&#34;&gt;a&lt;/mark&gt;`,
		"<MARK>a</MARK>":                           "&lt;MARK&gt;a&lt;/MARK&gt;",
		"<mark><mark>a</mark></mark>":              "<mark>&lt;mark&gt;a</mark>&lt;/mark&gt;",
		"</mark>a":                                 "&lt;/mark&gt;a",
		"<mark>未闭合":                                "<mark>未闭合</mark>",
		"R&D & co &bogus":                          "R&amp;D &amp; co &amp;bogus",
		"<img src=x onerror=alert(1)>":             "&lt;img src=x onerror=alert(1)&gt;",
	} {
		if got := string(web.SafeHighlight(in)); got != want {
			t.Errorf("SafeHighlight(%q) = %q, want %q", in, got, want)
		}
	}
}
