package api_test

import (
	"strings"
	"testing"

	"hutong/api"
	"hutong/postgres"
)

// evaluationResponse is the part of an evaluation the tests read.
type evaluationResponse struct {
	Finalized bool `json:"finalized"`
	Outcome   *struct {
		Status  string `json:"status"`
		Ranking []struct {
			BidID          string `json:"bid_id"`
			PriceScore     int64  `json:"price_score"`
			TechnicalScore int64  `json:"technical_score"`
			TotalScore     int64  `json:"total_score"`
			Rank           int    `json:"rank"`
		} `json:"ranking"`
	} `json:"outcome"`
	Progress []struct {
		BidID  string `json:"bid_id"`
		Sheets int    `json:"sheets"`
	} `json:"progress"`
}

func TestEvaluationAPI(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) {
		d.Projects = postgres.NewProjectService(db)
		d.Calendar = postgres.NewCalendarService(db)
		d.Bids = postgres.NewBidService(db)
		d.Evaluations = postgres.NewEvaluationService(db)
	})
	admin := h.admin()
	bureauOwner := h.signUp("Bureau")
	bureau := verifiedOrg(bureauOwner, admin, "bureau", "无锡市梁溪区民政局")
	p := bureauOwner.createProject(bureau.ID)
	bureauOwner.do("POST", "/api/v1/projects/"+p.ID+"/publish", publishBody(40)).want(200)
	prices := []int64{45_000_000, 42_000_000, 48_000_000}
	names := []string{"梁溪区阳光社工服务中心", "梁溪区彩虹社工服务中心", "梁溪区春雨社工服务中心"}
	var bidIDs []string
	var firstBidder *user
	var firstOrg org
	for i, price := range prices {
		u := h.signUp("Bidder")
		o := bidderOrg(u, admin, names[i])
		var b bidResponse
		u.do("POST", "/api/v1/projects/"+p.ID+"/bids", bidBody(o.ID, price)).want(201).decode(&b)
		bidIDs = append(bidIDs, b.ID)
		if i == 0 {
			firstBidder, firstOrg = u, o
		}
	}
	ev, insider := h.signUp("Evaluator"), h.signUp("Insider")
	for _, u := range []*user{ev, insider} {
		bureauOwner.do("POST", "/api/v1/organizations/"+bureau.ID+"/members",
			map[string]any{"login": u.Email, "roles": []string{"evaluator"}}).want(201)
	}
	firstBidder.do("POST", "/api/v1/organizations/"+firstOrg.ID+"/members",
		map[string]any{"login": insider.Email, "roles": []string{"staff"}}).want(201)
	openNow(t, h, p.ID)
	base := "/api/v1/projects/" + p.ID + "/evaluations"
	sheet := func(bid string, plan, team int) map[string]any {
		return map[string]any{"bid_id": bid, "scores": map[string]any{"plan": plan, "team": team}}
	}

	t.Run("ErrNoDeclaration403", func(t *testing.T) {
		ev.do("POST", base+"/scores", sheet(bidIDs[0], 3000, 2000)).problem(403)
	})
	t.Run("ErrInsider403", func(t *testing.T) {
		insider.do("POST", base+"/declarations", map[string]any{"conflict": false}).want(201)
		insider.do("POST", base+"/scores", sheet(bidIDs[1], 3000, 2000)).problem(403)
	})
	ev.do("POST", base+"/declarations", map[string]any{"conflict": false, "note": "无利害关系"}).want(201)
	t.Run("ErrDeclareTwice409", func(t *testing.T) {
		ev.do("POST", base+"/declarations", map[string]any{"conflict": false}).problem(409)
	})
	t.Run("ErrOutOfBounds422", func(t *testing.T) {
		ev.do("POST", base+"/scores", sheet(bidIDs[0], 4001, 2000)).problem(422).field(t, "scores.plan")
	})
	ev.do("POST", base+"/scores", sheet(bidIDs[0], 3000, 2000)).want(200)
	ev.do("POST", base+"/scores", sheet(bidIDs[1], 3000, 2000)).want(200)
	ev.do("POST", base+"/scores", sheet(bidIDs[2], 3500, 3000)).want(200)
	t.Run("OKProgressBureauOnly", func(t *testing.T) {
		var got evaluationResponse
		bureauOwner.do("GET", base, nil).want(200).decode(&got)
		if got.Finalized || len(got.Progress) != 3 || got.Progress[0].Sheets != 1 {
			t.Errorf("progress = %+v", got)
		}
		h.anon().do("GET", base, nil).problem(404)
	})
	t.Run("ErrEvaluatorFinalize403", func(t *testing.T) {
		ev.do("POST", base+"/finalize", nil).problem(403)
	})
	var fin evaluationResponse
	bureauOwner.do("POST", base+"/finalize", nil).want(200).decode(&fin)
	t.Run("OKRanking", func(t *testing.T) {
		var got evaluationResponse
		h.anon().do("GET", base, nil).want(200).decode(&got)
		o := got.Outcome
		if !got.Finalized || o == nil || o.Status != "evaluated" || len(o.Ranking) != 3 {
			t.Fatalf("evaluation = %+v", got)
		}
		// 48万: 26.25 + 65.00; 42万: 30.00 + 50.00; 45万: 28.00 + 50.00.
		want := []struct {
			bid                string
			price, tech, total int64
		}{{bidIDs[2], 2625, 6500, 9125}, {bidIDs[1], 3000, 5000, 8000}, {bidIDs[0], 2800, 5000, 7800}}
		for i, w := range want {
			r := o.Ranking[i]
			if r.BidID != w.bid || r.PriceScore != w.price || r.TechnicalScore != w.tech || r.TotalScore != w.total || r.Rank != i+1 {
				t.Errorf("rank %d = %+v, want %+v", i+1, r, w)
			}
		}
	})
	t.Run("ErrFinalizeTwice409", func(t *testing.T) {
		bureauOwner.do("POST", base+"/finalize", nil).problem(409)
	})
}

func TestRetenderAPI(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) {
		d.Projects = postgres.NewProjectService(db)
		d.Calendar = postgres.NewCalendarService(db)
		d.Bids = postgres.NewBidService(db)
		d.Evaluations = postgres.NewEvaluationService(db)
	})
	admin := h.admin()
	bureauOwner := h.signUp("Bureau")
	bureau := verifiedOrg(bureauOwner, admin, "bureau", "无锡市梁溪区民政局")
	p := bureauOwner.createProject(bureau.ID)
	bureauOwner.do("POST", "/api/v1/projects/"+p.ID+"/publish", publishBody(40)).want(200)
	u := h.signUp("Bidder")
	o := bidderOrg(u, admin, "梁溪区阳光社工服务中心")
	var b bidResponse
	u.do("POST", "/api/v1/projects/"+p.ID+"/bids", bidBody(o.ID, 45_000_000)).want(201).decode(&b)
	ev := h.signUp("Evaluator")
	bureauOwner.do("POST", "/api/v1/organizations/"+bureau.ID+"/members",
		map[string]any{"login": ev.Email, "roles": []string{"evaluator"}}).want(201)
	openNow(t, h, p.ID)
	base := "/api/v1/projects/" + p.ID
	t.Run("ErrNotFailed409", func(t *testing.T) {
		bureauOwner.do("POST", base+"/retender", nil).problem(409)
	})
	ev.do("POST", base+"/evaluations/declarations", map[string]any{"conflict": false}).want(201)
	ev.do("POST", base+"/evaluations/scores", map[string]any{"bid_id": b.ID, "scores": map[string]any{"plan": 3000, "team": 2000}}).want(200)
	var fin evaluationResponse
	bureauOwner.do("POST", base+"/evaluations/finalize", nil).want(200).decode(&fin)
	if fin.Outcome == nil || fin.Outcome.Status != "failed" {
		t.Fatalf("outcome = %+v", fin)
	}
	var d struct {
		ID     string `json:"id"`
		Title  string `json:"title"`
		Status string `json:"status"`
	}
	bureauOwner.do("POST", base+"/retender", nil).want(201).decode(&d)
	if d.ID == p.ID || d.Status != "draft" || !strings.HasSuffix(d.Title, "（重新招标）") {
		t.Errorf("draft = %+v", d)
	}
}
