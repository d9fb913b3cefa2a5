package api_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"hutong/api"
	"hutong/domain"
	"hutong/internal/i18n"
	"hutong/internal/testkit"
	"hutong/postgres"
	"hutong/search"
	"hutong/search/bleve"
)

// searchAnswer is a decoded GET /api/v1/search.
type searchAnswer struct {
	Items []struct {
		ID           string              `json:"id"`
		Type         string              `json:"type"`
		Score        float64             `json:"score"`
		Highlights   map[string][]string `json:"highlights"`
		Organization org                 `json:"organization"`
	} `json:"items"`
	Total      int                       `json:"total"`
	Facets     map[string]map[string]int `json:"facets"`
	NextOffset *int                      `json:"next_offset"`
}

// names lists the organisations found, in order.
func (a searchAnswer) names() []string {
	out := make([]string, len(a.Items))
	for i, it := range a.Items {
		out[i] = it.Organization.Name
	}
	return out
}

// openBleve opens a real Bleve index in a temporary folder with the
// organisations' settings applied.
func openBleve(tb testing.TB) search.Index {
	tb.Helper()
	idx, err := bleve.Open(tb.TempDir(), testkit.Logger(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = idx.Close() })
	if err := idx.Init(context.Background(), search.Organizations); err != nil {
		tb.Fatal(err)
	}
	return idx
}

// orgSource reads organisation documents from db, naming service areas in
// Chinese as main does.
func orgSource(tb testing.TB, db *postgres.DB) search.Source {
	tb.Helper()
	b, err := i18n.New()
	if err != nil {
		tb.Fatal(err)
	}
	zh := b.Localizer(domain.LocaleZH)
	return search.OrganizationSource(postgres.NewOrganizationService(db), func(a string) string { return zh.T("area." + a) })
}

// searchFixture is a harness whose index holds four verified
// organisations and one that was hidden after it was indexed.
type searchFixture struct {
	*harness
	hidden org
}

func newSearchFixture(t *testing.T) *searchFixture {
	t.Helper()
	idx := openBleve(t)
	var db *postgres.DB
	h := newHarnessWith(t, func(d *postgres.DB, deps *api.Deps) { db, deps.Search = d, idx })
	admin, owner := h.admin(), h.signUp("Owner")
	verify := func(o org, status string) {
		admin.do("POST", "/api/v1/organizations/"+o.ID+"/verification", map[string]any{"status": status}).want(200)
	}
	for _, in := range []map[string]any{
		{"kind": "social_org", "name": "梁溪区阳光社工事务所", "region_code": "320213", "rating": "4A",
			"service_areas": []string{"psychological", "tutoring"}, "description": "为农村留守儿童提供心理疏导和课业辅导。"},
		{"kind": "station", "name": "惠山区未成年人保护工作站", "region_code": "320206",
			"service_areas": []string{"left_behind"}, "description": "困境儿童临时照料与关爱。"},
		{"kind": "foundation", "name": "无锡市儿童慈善基金会", "region_code": "320200", "rating": "5A",
			"public_fundraising": true, "service_areas": []string{"emergency_rescue"}, "description": "资助困境儿童。"},
		{"kind": "social_org", "name": "吴中区护苗社会工作服务社", "region_code": "320506", "rating": "3A",
			"service_areas": []string{"family_guidance"}, "description": "家庭教育指导。"},
	} {
		verify(owner.createOrg(in["kind"].(string), in["name"].(string), in), "verified")
	}
	owner.createOrg("social_org", "梁溪区待审核关爱站", map[string]any{"description": "留守儿童"})
	f := &searchFixture{harness: h, hidden: owner.createOrg("social_org", "新吴区星火童伴之家", nil)}
	verify(f.hidden, "verified")
	if _, err := search.Reindex(context.Background(), idx, orgSource(t, db), nil); err != nil {
		t.Fatal(err)
	}
	// Rejected after indexing, with no worker to remove it: the index is
	// stale on purpose.
	verify(f.hidden, "rejected")
	return f
}

// find runs a search as an anonymous caller and decodes the answer.
func (f *searchFixture) find(t *testing.T, query string) searchAnswer {
	t.Helper()
	var a searchAnswer
	f.anon().do("GET", "/api/v1/search?type=organizations&"+query, nil).want(200).decode(&a)
	return a
}

func TestSearch(t *testing.T) {
	t.Parallel()
	f := newSearchFixture(t)
	same := func(t *testing.T, got []string, want ...string) {
		t.Helper()
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("found %q, want %q", got, want)
		}
	}
	t.Run("OKSynonymWithHighlight", func(t *testing.T) {
		t.Parallel()
		a := f.find(t, "q="+url.QueryEscape("心理辅导"))
		same(t, a.names(), "梁溪区阳光社工事务所")
		it := a.Items[0]
		if it.Type != "organizations" || it.Organization.RegionName != "梁溪区" || it.Organization.VerificationStatus != "verified" {
			t.Fatalf("item = %+v, want the organisation's public view", it)
		}
		if h := strings.Join(it.Highlights["description"], ""); !strings.Contains(h, "<mark>") {
			t.Fatalf("highlights = %v, want the match in <mark>", it.Highlights)
		}
	})
	t.Run("OKSingleCharacter", func(t *testing.T) {
		t.Parallel()
		a := f.find(t, "q="+url.QueryEscape("童")+"&sort=rating")
		same(t, a.names(), "无锡市儿童慈善基金会", "梁溪区阳光社工事务所", "惠山区未成年人保护工作站")
	})
	t.Run("OKFacets", func(t *testing.T) {
		t.Parallel()
		a := f.find(t, "")
		// Facets count the index, which still holds the hidden one.
		if a.Facets["kind"]["social_org"] != 3 || a.Facets["kind"]["station"] != 1 || a.Facets["region_codes"]["320200"] != 4 ||
			a.Facets["service_areas"]["psychological"] != 2 || a.Facets["rating"]["5A"] != 1 {
			t.Fatalf("facets = %v", a.Facets)
		}
	})
	t.Run("OKFilters", func(t *testing.T) {
		t.Parallel()
		for query, want := range map[string][]string{
			"kind=station&kind=foundation&sort=rating": {"无锡市儿童慈善基金会", "惠山区未成年人保护工作站"},
			"region=320213":            {"梁溪区阳光社工事务所"},
			"region=320500":            {"吴中区护苗社会工作服务社"},
			"service_area=tutoring":    {"梁溪区阳光社工事务所"},
			"rating_min=4&sort=rating": {"无锡市儿童慈善基金会", "梁溪区阳光社工事务所"},
			"public_fundraising=true":  {"无锡市儿童慈善基金会"},
		} {
			same(t, f.find(t, query).names(), want...)
		}
	})
	t.Run("OKPages", func(t *testing.T) {
		t.Parallel()
		first := f.find(t, "sort=rating&limit=3")
		if first.Total != 5 || len(first.Items) != 3 || first.NextOffset == nil || *first.NextOffset != 3 {
			t.Fatalf("first page: total %d, %d items, next %v", first.Total, len(first.Items), first.NextOffset)
		}
		// The hidden organisation is still in the stale index (total 5),
		// but the database no longer shows it.
		last := f.find(t, "sort=rating&limit=3&offset=3")
		same(t, last.names(), "惠山区未成年人保护工作站")
		if last.NextOffset != nil {
			t.Fatalf("last page has next_offset %d", *last.NextOffset)
		}
	})
	t.Run("OKStaleHitOfHiddenOrganisationSkipped", func(t *testing.T) {
		t.Parallel()
		a := f.find(t, "q="+url.QueryEscape("星火童伴"))
		if a.Total != 1 || len(a.Items) != 0 {
			t.Fatalf("total %d, items %v; want the index's hit dropped", a.Total, a.names())
		}
	})
	t.Run("OKPendingNeverFound", func(t *testing.T) {
		t.Parallel()
		if a := f.find(t, "q="+url.QueryEscape("待审核")); a.Total != 0 {
			t.Fatalf("a pending organisation was found: %v", a.names())
		}
	})
	for name, tc := range map[string]struct{ query, field string }{
		"ErrTypeUnknown":     {"type=unicorns&q=a", "type"},
		"ErrTypeMissing":     {"q=a", "type"},
		"ErrParameter":       {"type=organizations&colour=red", "colour"},
		"ErrQueryTooLong":    {"type=organizations&q=" + url.QueryEscape(strings.Repeat("童", 201)), "q"},
		"ErrLimit":           {"type=organizations&limit=51", "limit"},
		"ErrOffset":          {"type=organizations&offset=1001", "offset"},
		"ErrSort":            {"type=organizations&sort=name", "sort"},
		"ErrKind":            {"type=organizations&kind=school", "kind"},
		"ErrNoLocationHere":  {"type=organizations&lat=31.5&lng=120.3&radius_km=5", "lat"},
		"ErrRatingMin":       {"type=organizations&rating_min=9", "rating_min"},
		"ErrPublicFundraise": {"type=organizations&public_fundraising=yes", "public_fundraising"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f.anon().do("GET", "/api/v1/search?"+tc.query, nil).problem(422).field(t, tc.field)
		})
	}
}

// failingIndex is a real Bleve index whose searches fail the way a
// backend can, with an error that is not ErrUnavailable.
type failingIndex struct{ search.Index }

func (failingIndex) Search(context.Context, *search.DocType, search.Query) (*search.Result, error) {
	return nil, errors.New("meili: 500 internal: index corrupted")
}

func TestSearchUnavailable(t *testing.T) {
	t.Parallel()
	closed, err := bleve.Open(t.TempDir(), testkit.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	_ = closed.Close()
	for name, idx := range map[string]search.Index{
		"ClosedIndex":  closed,
		"BackendError": failingIndex{openBleve(t)},
		"NoIndexAtAll": nil,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarnessWith(t, func(_ *postgres.DB, d *api.Deps) { d.Search = idx })
			p := h.anon().do("GET", "/api/v1/search?type=organizations&q=童", nil).problem(503)
			if p.Type != "urn:hutong:problem:unavailable" || !strings.Contains(p.Title, "搜索") || strings.Contains(p.Detail, "corrupted") {
				t.Fatalf("problem = %+v, want a Chinese search title and no backend detail", p)
			}
			h.anon().do("GET", "/api/v1/organizations", nil).want(200)
		})
	}
	t.Run("EnglishTitle", func(t *testing.T) {
		t.Parallel()
		req := httptest.NewRequest("GET", "/api/v1/search?type=organizations", nil)
		req.Header.Set("Accept-Language", "en")
		w := httptest.NewRecorder()
		newEngine(t, api.Deps{Search: closed}).ServeHTTP(w, req)
		res := &response{tb: t, Code: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
		validateResponse(t, req, res)
		if p := res.problem(503); p.Title != "Search is temporarily unavailable; try again later" {
			t.Fatalf("title = %q", p.Title)
		}
	})
}
