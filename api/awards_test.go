package api_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"hutong/api"
	"hutong/postgres"
)

type awardResponse struct {
	ID                string  `json:"id"`
	BidID             string  `json:"bid_id"`
	Status            string  `json:"status"`
	ContractID        *string `json:"contract_id"`
	ComplaintDeadline string  `json:"complaint_deadline"`
}

type contractResponse struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	PriceFen   int64  `json:"price_fen"`
	Milestones []struct {
		AmountFen int64  `json:"amount_fen"`
		Status    string `json:"status"`
	} `json:"milestones"`
}

type itemsOf[T any] struct {
	Items []T `json:"items"`
}

// tenderToAward drives a project with three bids through opening and
// evaluation over the API; the first bidder ranks first.
type awardScene struct {
	h        *harness
	bureau   *user
	bidders  []*user
	orgs     []org
	bids     []string
	project  string
	stranger *user
}

func newAwardScene(t *testing.T) *awardScene {
	t.Helper()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) {
		d.Projects = postgres.NewProjectService(db)
		d.Calendar = postgres.NewCalendarService(db)
		d.Bids = postgres.NewBidService(db)
		d.Evaluations = postgres.NewEvaluationService(db)
		d.Awards = postgres.NewAwardService(db)
		d.Contracts = postgres.NewContractService(db)
	})
	s := &awardScene{h: h, bureau: h.signUp("Bureau"), stranger: h.signUp("Stranger")}
	admin := h.admin()
	bureau := verifiedOrg(s.bureau, admin, "bureau", "无锡市梁溪区民政局")
	p := s.bureau.createProject(bureau.ID)
	s.project = p.ID
	s.bureau.do("POST", "/api/v1/projects/"+p.ID+"/publish", publishBody(40)).want(200)
	for i, name := range []string{"梁溪区阳光社工服务中心", "梁溪区彩虹社工服务中心", "梁溪区春雨社工服务中心"} {
		u := h.signUp("Bidder")
		o := bidderOrg(u, admin, name)
		var b bidResponse
		u.do("POST", "/api/v1/projects/"+p.ID+"/bids", bidBody(o.ID, int64(45_000_000+i*1_000_000))).want(201).decode(&b)
		s.bidders, s.orgs, s.bids = append(s.bidders, u), append(s.orgs, o), append(s.bids, b.ID)
	}
	ev := h.signUp("Evaluator")
	s.bureau.do("POST", "/api/v1/organizations/"+bureau.ID+"/members",
		map[string]any{"login": ev.Email, "roles": []string{"evaluator"}}).want(201)
	openNow(t, h, p.ID)
	base := "/api/v1/projects/" + p.ID + "/evaluations"
	ev.do("POST", base+"/declarations", map[string]any{"conflict": false}).want(201)
	for i, bid := range s.bids {
		ev.do("POST", base+"/scores", map[string]any{"bid_id": bid, "scores": map[string]any{"plan": 4000 - i*500, "team": 3000 - i*500}}).want(200)
	}
	s.bureau.do("POST", base+"/finalize", nil).want(200)
	return s
}

// closeWindow moves the award's complaint window into the past and runs
// what its job would.
func (s *awardScene) closeWindow(t *testing.T) bool {
	t.Helper()
	_, err := s.h.db.SQL().Exec(`UPDATE awards SET published_at = now() - interval '10 days',
		complaint_deadline = now() - interval '1 second' WHERE project_id = $1 AND status = 'pending'`, s.project)
	must(t, err)
	ok, err := postgres.NewAwardService(s.h.db).FinalizeAward(context.Background(), uuid.MustParse(s.project))
	must(t, err)
	return ok
}

func TestAwardAPI(t *testing.T) {
	t.Parallel()
	s := newAwardScene(t)
	award := "/api/v1/projects/" + s.project + "/award"
	complaints := "/api/v1/projects/" + s.project + "/complaints"
	t.Run("ErrBeforeAward404", func(t *testing.T) {
		s.h.anon().do("GET", award, nil).problem(404)
	})
	t.Run("ErrNotTheWinner422", func(t *testing.T) {
		s.bureau.do("POST", award, map[string]any{"bid_id": s.bids[1]}).problem(422).field(t, "bid_id")
	})
	t.Run("ErrBadBidID422", func(t *testing.T) {
		s.bureau.do("POST", award, map[string]any{"bid_id": "nope"}).problem(422).field(t, "bid_id")
	})
	t.Run("ErrMassAssignStatus400", func(t *testing.T) {
		s.bureau.do("POST", award, map[string]any{"status": "final"}).problem(400)
	})
	t.Run("ErrBidderAwards403", func(t *testing.T) {
		s.bidders[0].do("POST", award, map[string]any{}).problem(403)
	})
	var a awardResponse
	s.bureau.do("POST", award, map[string]any{"bid_id": s.bids[0]}).want(201).decode(&a)
	t.Run("ErrSecondAward409", func(t *testing.T) {
		s.bureau.do("POST", award, map[string]any{}).problem(409)
	})
	t.Run("OKPublicAward", func(t *testing.T) {
		var got awardResponse
		s.h.anon().do("GET", award, nil).want(200).decode(&got)
		if got.ID != a.ID || got.Status != "pending" || got.BidID != s.bids[0] {
			t.Errorf("award = %+v", got)
		}
	})
	t.Run("ErrComplaintByStranger403", func(t *testing.T) {
		s.stranger.do("POST", complaints, map[string]any{"organization_id": s.orgs[1].ID, "grounds": "冒名质疑,应当拒绝受理。"}).problem(403)
	})
	t.Run("ErrComplaintMissingOrg422", func(t *testing.T) {
		s.bidders[1].do("POST", complaints, map[string]any{"grounds": "评分标准适用不一致,请复核。"}).problem(422).field(t, "organization_id")
	})
	var c struct {
		ID string `json:"id"`
	}
	s.bidders[1].do("POST", complaints, map[string]any{"organization_id": s.orgs[1].ID, "grounds": "评分标准适用不一致,请复核技术分。"}).want(201).decode(&c)
	t.Run("OKPendingHiddenFromPublic", func(t *testing.T) {
		var pub, bureau itemsOf[map[string]any]
		s.h.anon().do("GET", complaints, nil).want(200).decode(&pub)
		s.bureau.do("GET", complaints, nil).want(200).decode(&bureau)
		if len(pub.Items) != 0 || len(bureau.Items) != 1 {
			t.Errorf("public %d, bureau %d", len(pub.Items), len(bureau.Items))
		}
	})
	t.Run("ErrShortResponse422", func(t *testing.T) {
		s.bureau.do("POST", "/api/v1/complaints/"+c.ID+"/answer", map[string]any{"upheld": false, "response": "驳回"}).problem(422).field(t, "response")
	})
	t.Run("ErrUnknownComplaint404", func(t *testing.T) {
		s.bureau.do("POST", "/api/v1/complaints/"+uuid.NewString()+"/answer", map[string]any{"upheld": false, "response": "经复核,质疑不成立。"}).problem(404)
	})
	s.bureau.do("POST", "/api/v1/complaints/"+c.ID+"/answer", map[string]any{"upheld": false, "response": "经复核,评分标准适用一致,质疑不成立。"}).want(200)
	t.Run("OKAnsweredPublicWithoutComplainant", func(t *testing.T) {
		var pub itemsOf[map[string]any]
		s.h.anon().do("GET", complaints, nil).want(200).decode(&pub)
		if len(pub.Items) != 1 || pub.Items[0]["organization_id"] != nil || pub.Items[0]["organization_name"] != nil {
			t.Errorf("public = %+v", pub.Items)
		}
	})
	if !s.closeWindow(t) {
		t.Fatal("the award did not become final")
	}
	var final awardResponse
	s.h.anon().do("GET", award, nil).want(200).decode(&final)
	if final.Status != "final" || final.ContractID == nil {
		t.Fatalf("award = %+v", final)
	}
	t.Run("OKContractPublic", func(t *testing.T) {
		var got contractResponse
		s.h.anon().do("GET", "/api/v1/contracts/"+*final.ContractID, nil).want(200).decode(&got)
		if got.PriceFen != 45_000_000 || len(got.Milestones) != 3 || got.Milestones[0].AmountFen != 18_000_000 {
			t.Errorf("contract = %+v", got)
		}
		var list itemsOf[contractResponse]
		s.h.anon().do("GET", "/api/v1/contracts?organization_id="+s.orgs[0].ID, nil).want(200).decode(&list)
		if len(list.Items) != 1 || list.Items[0].ID != got.ID {
			t.Errorf("list = %+v", list)
		}
	})
	t.Run("ErrContractListFilters422", func(t *testing.T) {
		s.h.anon().do("GET", "/api/v1/contracts", nil).problem(422)
		s.h.anon().do("GET", "/api/v1/contracts?org=1", nil).problem(422).field(t, "org")
		s.h.anon().do("GET", "/api/v1/contracts?bureau_id=x", nil).problem(422).field(t, "bureau_id")
	})
	t.Run("ErrUnknownContract404", func(t *testing.T) {
		s.h.anon().do("GET", "/api/v1/contracts/"+uuid.NewString(), nil).problem(404)
		s.h.anon().do("GET", "/api/v1/contracts/nope", nil).problem(404)
	})
}

func reportBody() map[string]any {
	return map[string]any{
		"period_start": day(90), "period_end": day(180),
		"actuals":       []map[string]any{{"indicator": "受益人次", "actual": 1800}, {"indicator": "满意度", "actual": 94.5}},
		"beneficiaries": map[string]any{"persons": 260, "person_times": 1800},
		"narrative":     "本期完成困境儿童个案评估与入户走访,开展心理疏导小组活动十场。",
		"evidence":      []map[string]any{{"title": "活动签到表", "description": "10 场活动签到表"}},
	}
}

func TestContractReportsAPI(t *testing.T) {
	t.Parallel()
	s := newAwardScene(t)
	s.bureau.do("POST", "/api/v1/projects/"+s.project+"/award", map[string]any{}).want(201)
	if !s.closeWindow(t) {
		t.Fatal("not final")
	}
	var a awardResponse
	s.h.anon().do("GET", "/api/v1/projects/"+s.project+"/award", nil).want(200).decode(&a)
	reports := "/api/v1/contracts/" + *a.ContractID + "/reports"
	winner := s.bidders[0]
	t.Run("ErrBadDate422", func(t *testing.T) {
		b := reportBody()
		b["period_start"] = "2026-13-01"
		winner.do("POST", reports, b).problem(422).field(t, "period_start")
	})
	t.Run("ErrPersonsAbovePersonTimes422", func(t *testing.T) {
		b := reportBody()
		b["beneficiaries"] = map[string]any{"persons": 2000, "person_times": 1800}
		winner.do("POST", reports, b).problem(422).field(t, "beneficiaries.persons")
	})
	t.Run("ErrMissingActual422", func(t *testing.T) {
		b := reportBody()
		b["actuals"] = []map[string]any{{"indicator": "受益人次", "actual": 1800}}
		winner.do("POST", reports, b).problem(422).field(t, "actuals")
	})
	t.Run("ErrLoserReports403", func(t *testing.T) {
		s.bidders[1].do("POST", reports, reportBody()).problem(403)
	})
	var r struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	winner.do("POST", reports, reportBody()).want(201).decode(&r)
	t.Run("ErrWinnerReviews403", func(t *testing.T) {
		winner.do("POST", "/api/v1/reports/"+r.ID+"/review", map[string]any{"accept": true}).problem(403)
	})
	t.Run("ErrPendingHiddenFromPublic404", func(t *testing.T) {
		s.h.anon().do("GET", "/api/v1/reports/"+r.ID, nil).problem(404)
	})
	t.Run("ErrReturnWithoutComment422", func(t *testing.T) {
		s.bureau.do("POST", "/api/v1/reports/"+r.ID+"/review", map[string]any{"accept": false}).problem(422).field(t, "comment")
	})
	s.bureau.do("POST", "/api/v1/reports/"+r.ID+"/review", map[string]any{"accept": true, "comment": "数据属实"}).want(200)
	t.Run("OKPublicFiguresOnly", func(t *testing.T) {
		var pub itemsOf[map[string]any]
		s.h.anon().do("GET", reports, nil).want(200).decode(&pub)
		if len(pub.Items) != 1 || pub.Items[0]["narrative"] != nil || pub.Items[0]["comment"] != nil {
			t.Errorf("public = %+v", pub.Items)
		}
		var c contractResponse
		s.h.anon().do("GET", "/api/v1/contracts/"+*a.ContractID, nil).want(200).decode(&c)
		if c.Milestones[0].Status != "released" || c.Milestones[1].Status != "pending" {
			t.Errorf("milestones = %+v", c.Milestones)
		}
	})
	t.Run("ErrReviewTwice409", func(t *testing.T) {
		s.bureau.do("POST", "/api/v1/reports/"+r.ID+"/review", map[string]any{"accept": true}).problem(409)
	})
	grades := "/api/v1/contracts/" + *a.ContractID + "/grades"
	t.Run("ErrBadGrade422", func(t *testing.T) {
		s.bureau.do("POST", grades, map[string]any{"stage": "mid_term", "grade": "A+"}).problem(422).field(t, "grade")
	})
	s.bureau.do("POST", grades, map[string]any{"stage": "mid_term", "grade": "good", "comment": "中期评估良好"}).want(201)
	t.Run("ErrGradeTwice409", func(t *testing.T) {
		s.bureau.do("POST", grades, map[string]any{"stage": "mid_term", "grade": "excellent"}).problem(409)
	})
}

func TestOpeningRouteIsTheRecord(t *testing.T) {
	t.Parallel()
	s := newAwardScene(t)
	var viaBids, viaOpening struct {
		Items []map[string]any `json:"items"`
	}
	s.h.anon().do("GET", "/api/v1/projects/"+s.project+"/bids", nil).want(200).decode(&viaBids)
	s.h.anon().do("GET", "/api/v1/projects/"+s.project+"/opening", nil).want(200).decode(&viaOpening)
	if len(viaOpening.Items) != 3 || len(viaBids.Items) != len(viaOpening.Items) {
		t.Errorf("opening %d, bids %d", len(viaOpening.Items), len(viaBids.Items))
	}
}
