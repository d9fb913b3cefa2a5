package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/api"
	"hutong/internal/testkit"
	"hutong/postgres"
	"hutong/search"
	"hutong/search/searchtest"
)

// bidPrice is a price no other number in the fixtures has, so that its
// absence from a body means something.
const bidPrice = 73_456_789

// bidScene is a published project with a bidder that has bid, and the
// other people who must not see the bid.
type bidScene struct {
	h                                    *harness
	project                              project
	bidder                               org
	bidStaff, bureau, rival, admin, anon *client
	rivalOrg                             org
	bid                                  bidResponse
}

type bidResponse struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Receipt struct {
		BidID         string    `json:"bid_id"`
		ContentSHA256 string    `json:"content_sha256"`
		SubmittedAt   time.Time `json:"submitted_at"`
	} `json:"receipt"`
}

func newBidHarness(tb testing.TB) *harness {
	tb.Helper()
	return newHarnessWith(tb, func(db *postgres.DB, d *api.Deps) {
		d.Projects = postgres.NewProjectService(db)
		d.Calendar = postgres.NewCalendarService(db)
		d.Bids = postgres.NewBidService(db)
		d.Awards = postgres.NewAwardService(db)
	})
}

// bidderOrg creates a verified 4A social organisation in 梁溪区.
func bidderOrg(owner, admin *user, name string) org {
	owner.tb.Helper()
	o := owner.createOrg("social_org", name, map[string]any{"rating": "4A"})
	admin.do("POST", "/api/v1/organizations/"+o.ID+"/verification", map[string]any{"status": "verified"}).want(200)
	return o
}

func bidBody(orgID string, price int64) map[string]any {
	return map[string]any{"organization_id": orgID, "price_fen": price, "technical_proposal": searchtest.CanaryBid,
		"team": []map[string]any{{"name": "王芳", "role": "项目主管", "qualification": "中级社工师"}}}
}

func newBidScene(t *testing.T) *bidScene {
	t.Helper()
	h := newBidHarness(t)
	admin := h.admin()
	bureauOwner := h.signUp("Bureau")
	bureau := verifiedOrg(bureauOwner, admin, "bureau", "无锡市梁溪区民政局")
	p := bureauOwner.createProject(bureau.ID)
	bureauOwner.do("POST", "/api/v1/projects/"+p.ID+"/publish", publishBody(40)).want(200)
	bidStaff, rival := h.signUp("Bidder"), h.signUp("Rival")
	s := &bidScene{h: h, project: p, bidStaff: bidStaff.client, bureau: bureauOwner.client, rival: rival.client,
		admin: admin.client, anon: h.anon()}
	s.bidder = bidderOrg(bidStaff, admin, "梁溪区阳光社工服务中心")
	s.rivalOrg = bidderOrg(rival, admin, "梁溪区彩虹社工服务中心")
	bidStaff.do("POST", "/api/v1/projects/"+p.ID+"/bids", bidBody(s.bidder.ID, bidPrice)).want(201).decode(&s.bid)
	return s
}

// sealedBody fails when a body carries anything of the sealed content.
func sealedBody(tb testing.TB, where string, body []byte) {
	tb.Helper()
	for _, secret := range []string{fmt.Sprint(bidPrice), "金丝雀", "王芳", "中级社工师", "technical_proposal", "price_fen\":7"} {
		if strings.Contains(string(body), secret) {
			tb.Errorf("%s: body carries %q: %s", where, secret, body)
		}
	}
}

func TestBidsAreSealedBeforeOpening(t *testing.T) {
	t.Parallel()
	s := newBidScene(t)
	bidPath, projectBids := "/api/v1/bids/"+s.bid.ID, "/api/v1/projects/"+s.project.ID+"/bids"
	for name, c := range map[string]*client{"Bureau": s.bureau, "OtherBidder": s.rival, "PlatformAdmin": s.admin, "Anonymous": s.anon} {
		t.Run("HiddenFrom"+name, func(t *testing.T) {
			wantBid := 404
			if c == s.anon {
				wantBid = 401
			}
			opening, award := "/api/v1/projects/"+s.project.ID+"/opening", "/api/v1/projects/"+s.project.ID+"/award"
			for path, code := range map[string]int{bidPath: wantBid, bidPath + "/receipt": wantBid, projectBids: 404, opening: 404, award: 404} {
				r := c.do("GET", path, nil)
				r.problem(code)
				sealedBody(t, path, r.Body)
			}
			r := c.do("GET", "/api/v1/projects/"+s.project.ID, nil).want(200)
			sealedBody(t, "project", r.Body)
			if strings.Contains(string(r.Body), "bid_count") || strings.Contains(string(r.Body), "\"bids\"") {
				t.Errorf("project shows bids: %s", r.Body)
			}
			if c != s.anon {
				c.do("DELETE", bidPath, nil).problem(404)
				if r := c.do("GET", "/api/v1/bids", nil).want(200); strings.Contains(string(r.Body), s.bid.ID) {
					t.Errorf("my bids shows another's bid: %s", r.Body)
				}
			}
		})
	}
	t.Run("OKBidderSeesStatusAndReceiptOnly", func(t *testing.T) {
		var got bidResponse
		r := s.bidStaff.do("GET", bidPath, nil).want(200)
		r.decode(&got)
		sealedBody(t, "own bid", r.Body)
		var receipt struct {
			ContentSHA256 string `json:"content_sha256"`
		}
		s.bidStaff.do("GET", bidPath+"/receipt", nil).want(200).decode(&receipt)
		if got.Status != "submitted" || receipt.ContentSHA256 != s.bid.Receipt.ContentSHA256 || len(receipt.ContentSHA256) != 64 {
			t.Errorf("bid %+v, receipt %+v", got, receipt)
		}
		s.bidStaff.do("GET", projectBids, nil).problem(404)
		var mine struct {
			Items []bidResponse `json:"items"`
		}
		r = s.bidStaff.do("GET", "/api/v1/bids?project_id="+s.project.ID, nil).want(200)
		r.decode(&mine)
		sealedBody(t, "my bids", r.Body)
		if len(mine.Items) != 1 || mine.Items[0].ID != s.bid.ID {
			t.Errorf("my bids = %+v", mine)
		}
	})
	t.Run("OKAuditHoldsTheHashOnly", func(t *testing.T) {
		var data string
		err := s.h.db.SQL().QueryRow(`SELECT data::text FROM audit_log WHERE action = 'bid.submitted' AND object_id = $1`, s.bid.ID).Scan(&data)
		if err != nil || !strings.Contains(data, s.bid.Receipt.ContentSHA256) {
			t.Fatalf("audit data %q, %v", data, err)
		}
		sealedBody(t, "audit", []byte(data))
		r := s.admin.do("GET", "/api/v1/audit?limit=100", nil).want(200)
		sealedBody(t, "audit list", r.Body)
	})
}

func TestSubmitBidAPI(t *testing.T) {
	t.Parallel()
	s := newBidScene(t)
	path := "/api/v1/projects/" + s.project.ID + "/bids"
	t.Run("OKReplaceGivesNewReceipt", func(t *testing.T) {
		var again bidResponse
		s.bidStaff.do("POST", path, bidBody(s.bidder.ID, bidPrice-1)).want(201).decode(&again)
		if again.ID != s.bid.ID || again.Receipt.ContentSHA256 == s.bid.Receipt.ContentSHA256 {
			t.Errorf("again = %+v, first = %+v", again, s.bid)
		}
	})
	t.Run("ErrPriceAboveBudget", func(t *testing.T) {
		s.bidStaff.do("POST", path, bidBody(s.bidder.ID, 80_000_001)).problem(422).field(t, "price_fen")
	})
	t.Run("ErrBadOrganizationID", func(t *testing.T) {
		s.bidStaff.do("POST", path, bidBody("nope", 1000)).problem(422).field(t, "organization_id")
	})
	t.Run("ErrNotMember", func(t *testing.T) {
		s.rival.do("POST", path, bidBody(s.bidder.ID, 1000)).problem(403)
	})
	t.Run("ErrRatingRuleNamed", func(t *testing.T) {
		owner := s.h.signUp("Unrated")
		o := owner.createOrg("social_org", "未评级社工机构", nil)
		s.admin.do("POST", "/api/v1/organizations/"+o.ID+"/verification", map[string]any{"status": "verified"}).want(200)
		p := owner.do("POST", path, bidBody(o.ID, 1000)).problem(403)
		if !strings.Contains(p.Detail, "min_rating") {
			t.Errorf("detail = %q", p.Detail)
		}
	})
	t.Run("ErrAnonymous", func(t *testing.T) {
		s.anon.do("POST", path, bidBody(s.bidder.ID, 1000)).problem(401)
	})
	t.Run("OKWithdrawThenConflict", func(t *testing.T) {
		var b bidResponse
		s.bidStaff.do("DELETE", "/api/v1/bids/"+s.bid.ID, nil).want(200).decode(&b)
		if b.Status != "withdrawn" {
			t.Errorf("status = %q", b.Status)
		}
		s.bidStaff.do("DELETE", "/api/v1/bids/"+s.bid.ID, nil).problem(409)
	})
}

// openNow moves the project's timeline into the past, so that bidding
// closed two seconds ago and the opening was one second ago, then runs the
// deadline and opening as the jobs would.
func openNow(t *testing.T, h *harness, projectID string) {
	t.Helper()
	_, err := h.db.SQL().Exec(`UPDATE projects SET published_at = now() - interval '40 days',
		bid_deadline = now() - interval '2 seconds', opening_at = now() - interval '1 second' WHERE id = $1`, projectID)
	must(t, err)
	id := uuid.MustParse(projectID)
	closed, err := postgres.NewProjectService(h.db).CloseBidding(context.Background(), id)
	must(t, err)
	opened, err := postgres.NewBidService(h.db).OpenBids(context.Background(), id)
	must(t, err)
	if !closed || !opened {
		t.Fatalf("closed %v, opened %v", closed, opened)
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func TestOpeningRecordAfterOpening(t *testing.T) {
	t.Parallel()
	s := newBidScene(t)
	s.rival.do("POST", "/api/v1/projects/"+s.project.ID+"/bids", bidBody(s.rivalOrg.ID, 61_000_000)).want(201)
	openNow(t, s.h, s.project.ID)
	var rec struct {
		Items []struct {
			OrganizationName string `json:"organization_name"`
			PriceFen         int64  `json:"price_fen"`
			ContentSHA256    string `json:"content_sha256"`
		} `json:"items"`
	}
	r := s.anon.do("GET", "/api/v1/projects/"+s.project.ID+"/bids", nil).want(200)
	r.decode(&rec)
	if len(rec.Items) != 2 || rec.Items[0].PriceFen != 61_000_000 || rec.Items[1].PriceFen != bidPrice ||
		rec.Items[1].OrganizationName != s.bidder.Name || rec.Items[1].ContentSHA256 != s.bid.Receipt.ContentSHA256 {
		t.Errorf("record = %+v", rec)
	}
	if strings.Contains(string(r.Body), "金丝雀") {
		t.Errorf("the record carries the proposal: %s", r.Body)
	}
	s.bidStaff.do("POST", "/api/v1/projects/"+s.project.ID+"/bids", bidBody(s.bidder.ID, 1000)).problem(409)
}

// TestSearchHoldsNothingOfBids lets the real workers index a project
// while a bid with the canary proposal is submitted, replaced and opened,
// rebuilds the index, and checks no document carries the canary.
func TestSearchHoldsNothingOfBids(t *testing.T) {
	t.Parallel()
	rec := searchtest.NewRecorder(nil)
	dsn := testkit.DSN(t)
	db, err := postgres.Open(context.Background(), dsn, postgres.Options{SecretKey: testkit.SecretKey, Logger: testkit.Logger(t)})
	must(t, err)
	t.Cleanup(func() { _ = db.Close() })
	h := &harness{tb: t, db: db, users: postgres.NewUserService(db)}
	h.r = newEngine(t, api.Deps{Users: h.users, Auth: postgres.NewAuthService(db), Orgs: postgres.NewOrganizationService(db),
		Members: postgres.NewMemberService(db), Regions: postgres.NewRegionService(db),
		Projects: postgres.NewProjectService(db), Bids: postgres.NewBidService(db)})
	src := search.ProjectSource(postgres.NewProjectService(db), func(a string) string { return a })
	startWorkers(t, dsn, db, rec, src)
	admin := h.admin()
	bureauOwner := h.signUp("Bureau")
	bureau := verifiedOrg(bureauOwner, admin, "bureau", "无锡市梁溪区民政局")
	p := bureauOwner.createProject(bureau.ID)
	bureauOwner.do("POST", "/api/v1/projects/"+p.ID+"/publish", publishBody(40)).want(200)
	bidder := h.signUp("Bidder")
	o := bidderOrg(bidder, admin, "梁溪区阳光社工服务中心")
	bidder.do("POST", "/api/v1/projects/"+p.ID+"/bids", bidBody(o.ID, bidPrice)).want(201)
	bidder.do("POST", "/api/v1/projects/"+p.ID+"/bids", bidBody(o.ID, bidPrice-5)).want(201)
	openNow(t, h, p.ID)
	waitProjectsIndexed(t, db)
	if _, err := search.Reindex(context.Background(), rec, src, nil); err != nil {
		t.Fatal(err)
	}
	rec.AssertNoCanaries(t, searchtest.CanaryBid)
}

// waitProjectsIndexed waits until every search_index job of a project has
// been worked (organisations have no source in this test).
func waitProjectsIndexed(t *testing.T, db *postgres.DB) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var pending, done int
		err := db.SQL().QueryRow(`SELECT count(*) FILTER (WHERE state <> 'completed'), count(*) FILTER (WHERE state = 'completed')
			FROM river_job WHERE kind = 'search_index' AND args->>'type' = 'projects'`).Scan(&pending, &done)
		must(t, err)
		if pending == 0 && done > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d project index jobs still not worked", pending)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
