package api_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"hutong/api"
	"hutong/ocds"
	"hutong/ocds/ocdstest"
	"hutong/postgres"
)

// ocdsBase is the publisher URI the OCDS tests configure.
const ocdsBase = "https://hutong.example.org"

// newOCDSScene is a published project with one sealed bid, on an API
// that serves the OCDS export.
func newOCDSScene(t *testing.T) *bidScene {
	t.Helper()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) {
		d.Projects = postgres.NewProjectService(db)
		d.Calendar = postgres.NewCalendarService(db)
		d.Bids = postgres.NewBidService(db)
		d.OCDS = postgres.NewOCDSService(db, ocds.Publisher{Name: "护童 Hutong", URI: ocdsBase})
	})
	admin := h.admin()
	bureauOwner := h.signUp("Bureau")
	bureau := verifiedOrg(bureauOwner, admin, "bureau", "无锡市梁溪区民政局")
	p := bureauOwner.createProject(bureau.ID)
	bureauOwner.do("POST", "/api/v1/projects/"+p.ID+"/publish", publishBody(40)).want(200)
	bidStaff := h.signUp("Bidder")
	s := &bidScene{h: h, project: p, bidStaff: bidStaff.client, bureau: bureauOwner.client, admin: admin.client, anon: h.anon()}
	s.bidder = bidderOrg(bidStaff, admin, "梁溪区阳光社工服务中心")
	bidStaff.do("POST", "/api/v1/projects/"+p.ID+"/bids", bidBody(s.bidder.ID, bidPrice)).want(201).decode(&s.bid)
	return s
}

func recordPath(projectID string) string {
	return "/api/v1/ocds/records/" + ocds.NewOCID(ocds.DefaultPrefix, uuid.MustParse(projectID))
}

func TestOCDSExportAPI(t *testing.T) {
	t.Parallel()
	s := newOCDSScene(t)
	feed, record := "/api/v1/ocds/release-packages", recordPath(s.project.ID)
	sealed := func(t *testing.T, body []byte) {
		t.Helper()
		sealedBody(t, "OCDS", body)
		for _, secret := range []string{s.bidder.Name, s.bid.ID, "734567.89", `"tenderers"`, `"numberOfTenderers"`, `"tenderer"`} {
			if strings.Contains(string(body), secret) {
				t.Errorf("OCDS body before the opening carries %q: %s", secret, body)
			}
		}
	}
	t.Run("OKSealedBeforeOpening", func(t *testing.T) {
		r := s.anon.do("GET", feed, nil).want(200)
		ocdstest.ValidateReleasePackage(t, r.Body)
		sealed(t, r.Body)
		r = s.anon.do("GET", record, nil).want(200)
		ocdstest.ValidateRecordPackage(t, r.Body)
		sealed(t, r.Body)
		if !strings.Contains(string(r.Body), `"uri":"`+ocdsBase+record+`"`) {
			t.Errorf("record package uri is not its own address: %s", r.Body)
		}
	})
	t.Run("BadSinceAndLimitNamed", func(t *testing.T) {
		p := s.anon.do("GET", feed+"?since=yesterday&limit=0", nil).problem(422)
		p.field(t, "since")
		p.field(t, "limit")
		s.anon.do("GET", feed+"?cursor=nonsense", nil).problem(422).field(t, "cursor")
		s.anon.do("GET", feed+"?limit=abc", nil).problem(422).field(t, "limit")
	})
	t.Run("UnknownOCIDNotFound", func(t *testing.T) {
		s.anon.do("GET", "/api/v1/ocds/records/ocds-hutong-nothing", nil).problem(404)
		s.anon.do("GET", "/api/v1/ocds/records/"+strings.Repeat("x", 300), nil).problem(404)
	})
	openNow(t, s.h, s.project.ID)
	t.Run("OKOpeningRecordAfterOpening", func(t *testing.T) {
		r := s.anon.do("GET", record, nil).want(200)
		ocdstest.ValidateRecordPackage(t, r.Body)
		for _, want := range []string{s.bidder.Name, "734567.89", `"numberOfTenderers":1`, `"tenderer"`} {
			if !strings.Contains(string(r.Body), want) {
				t.Errorf("record after the opening lacks %s: %s", want, r.Body)
			}
		}
		if strings.Contains(string(r.Body), "金丝雀") {
			t.Errorf("the record carries the proposal: %s", r.Body)
		}
	})
	t.Run("OKPagedWithLinks", func(t *testing.T) {
		r := s.anon.do("GET", feed+"?limit=1&since=2000-01-01T00:00:00Z", nil).want(200)
		ocdstest.ValidateReleasePackage(t, r.Body)
		var pkg struct {
			Releases []any `json:"releases"`
			Links    struct {
				Next string `json:"next"`
			} `json:"links"`
		}
		r.decode(&pkg)
		if len(pkg.Releases) != 1 || !strings.HasPrefix(pkg.Links.Next, ocdsBase+feed+"?") ||
			r.Header.Get("Link") != "<"+pkg.Links.Next+`>; rel="next"` {
			t.Fatalf("first page = %+v, Link %q", pkg, r.Header.Get("Link"))
		}
		pages := 1
		for next := pkg.Links.Next; next != ""; pages++ {
			r = s.anon.do("GET", strings.TrimPrefix(next, ocdsBase), nil).want(200)
			ocdstest.ValidateReleasePackage(t, r.Body)
			pkg.Links.Next = ""
			r.decode(&pkg)
			next = pkg.Links.Next
		}
		// published, bidding closed, opened
		if pages != 3 {
			t.Errorf("pages of one release = %d, want 3", pages)
		}
	})
}

func TestOCDSUnconfigured(t *testing.T) {
	t.Parallel()
	c := &client{tb: t, r: newEngine(t, api.Deps{})}
	c.do("GET", "/api/v1/ocds/release-packages", nil).problem(503)
	c.do("GET", "/api/v1/ocds/records/x", nil).problem(503)
}
