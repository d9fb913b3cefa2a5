package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/postgres"
)

var (
	contractLinkRe = regexp.MustCompile(`href="/contracts/([0-9a-f-]{36})"`)
	complaintRe    = regexp.MustCompile(`/complaints/([0-9a-f-]{36})/answer`)
	reviewRe       = regexp.MustCompile(`/reports/([0-9a-f-]{36})/review`)
)

// evaluatedScene is a project evaluated through the pages' services:
// three bidders, the first ranking first.
type evaluatedScene struct {
	a       *app
	officer *client
	bidders []*client
	names   []string
	project string
}

func newEvaluatedScene(t *testing.T) *evaluatedScene {
	t.Helper()
	a := newApp(t)
	n := tenderSeq.Add(1)
	officer, ou := a.signUp(t, fmt.Sprintf("w-officer%d@hutong.test", n), "采购科长")
	bureau := officer.createBureau("无锡市梁溪区民政局")
	a.verify(t, bureau)
	s := &evaluatedScene{a: a, officer: officer, project: publishedProject(t, officer, bureau),
		names: []string{"甲关爱社会工作服务中心", "乙关爱社会工作服务中心", "丙关爱社会工作服务中心"}}
	bidPage := "/projects/" + s.project + "/bid"
	for i, name := range s.names {
		c, _ := a.signUp(t, fmt.Sprintf("w-bidder%d-%d@hutong.test", i, n), "投标人")
		org := c.createOrg(name, creditCode(t, fmt.Sprintf("52320211MW%d%06d", i, n)))
		a.verify(t, org)
		if res, body := c.submit(bidPage, bidPage, bidForm(org, fmt.Sprintf("%d00,000", 6+i), "以社区为单位开展个案管理服务。")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("bid %s: %d\n%s", name, res.StatusCode, body)
		}
		s.bidders = append(s.bidders, c)
	}
	_, eu := a.signUp(t, fmt.Sprintf("w-eval%d@hutong.test", n), "评审专家")
	addEvaluator(t, a, ou, bureau, eu)
	openNow(t, a, s.project)
	ctx, pid := context.Background(), uuid.MustParse(s.project)
	evals, ev := postgres.NewEvaluationService(a.db), a.actor(t, eu)
	if _, err := evals.DeclareConflicts(ctx, ev, pid, domain.DeclarationInput{}); err != nil {
		t.Fatal(err)
	}
	opening, err := postgres.NewBidService(a.db).FindOpening(ctx, ev, pid)
	if err != nil {
		t.Fatal(err)
	}
	p, err := postgres.NewProjectService(a.db).FindProjectByID(ctx, ev, pid)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range opening {
		points := domain.WholePoints(10)
		if b.OrganizationName == s.names[0] {
			points = domain.WholePoints(30)
		}
		scores := domain.TechnicalScores{}
		for _, it := range p.Criteria.Technical {
			scores[it.Key] = points
		}
		if _, err := evals.SubmitScores(ctx, ev, pid, b.BidID, scores); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := evals.FinalizeEvaluation(ctx, a.actor(t, ou), pid); err != nil {
		t.Fatal(err)
	}
	return s
}

// closeWindow puts the award's complaint window in the past and runs
// what its job would.
func (s *evaluatedScene) closeWindow(t *testing.T) { closeWindowOf(t, s.a, s.project) }

// closeWindowOf closes the complaint window of project's award.
func closeWindowOf(t *testing.T, a *app, project string) {
	t.Helper()
	if _, err := a.db.SQL().Exec(`UPDATE awards SET published_at = now() - interval '10 days',
		complaint_deadline = now() - interval '1 second' WHERE project_id = $1`, project); err != nil {
		t.Fatal(err)
	}
	ok, err := postgres.NewAwardService(a.db).FinalizeAward(context.Background(), uuid.MustParse(project))
	if err != nil || !ok {
		t.Fatalf("finalize = %v, %v", ok, err)
	}
}

func TestAwardAndComplaintPages(t *testing.T) {
	t.Parallel()
	s := newEvaluatedScene(t)
	page := "/projects/" + s.project
	_, body := s.officer.get(page)
	mustContain(t, body, "发布中标公告", s.names[0])
	t.Run("the public sees no award form before the award", func(t *testing.T) {
		_, body := s.a.client(t).get(page)
		mustNotContain(t, body, "发布中标公告", `id="award"`)
	})
	if res, body := s.officer.submit(page, "/bureau/projects/"+s.project+"/award", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("award: %d\n%s", res.StatusCode, body)
	}
	_, body = s.a.client(t).get(page)
	mustContain(t, body, "中标结果", "质疑期内", "质疑期截止", s.names[0])
	complain := "/projects/" + s.project + "/complaints"
	t.Run("short grounds are shown again on the form", func(t *testing.T) {
		res, body := s.bidders[1].submit(page, complain, url.Values{"organization_id": {orgOf(t, s.bidders[1], page)}, "grounds": {"不服"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.StatusCode)
		}
		mustContain(t, body, `id="c-grounds"`, `aria-invalid="true"`)
	})
	t.Run("the winner is offered the complaint form too, a stranger is not", func(t *testing.T) {
		_, body := s.a.client(t).get(page)
		mustNotContain(t, body, "提交质疑")
	})
	if res, body := s.bidders[1].submit(page, complain, url.Values{"organization_id": {orgOf(t, s.bidders[1], page)},
		"grounds": {"评分标准适用不一致，请复核技术分。"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("complain: %d\n%s", res.StatusCode, body)
	}
	t.Run("a second complaint is refused with the rule", func(t *testing.T) {
		_, body := s.bidders[1].get(page)
		mustNotContain(t, body, "提交质疑")
	})
	t.Run("a pending complaint is hidden from the public", func(t *testing.T) {
		_, body := s.a.client(t).get(page)
		mustNotContain(t, body, "评分标准适用不一致")
	})
	_, body = s.officer.get(page)
	m := complaintRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no answer form\n%s", body)
	}
	answer := "/bureau/projects/" + s.project + "/complaints/" + m[1] + "/answer"
	t.Run("a short answer is shown again", func(t *testing.T) {
		res, _ := s.officer.submit(page, answer, url.Values{"upheld": {"0"}, "response": {"驳回"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.StatusCode)
		}
	})
	if res, body := s.officer.submit(page, answer, url.Values{"upheld": {"0"}, "response": {"经复核，评分标准适用一致，质疑不成立。"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d\n%s", res.StatusCode, body)
	}
	t.Run("the answered complaint is public without the complainant", func(t *testing.T) {
		_, body := s.a.client(t).get(page)
		mustContain(t, body, "评分标准适用不一致", "不成立")
		mustNotContain(t, body, "· "+s.names[1])
	})
	s.closeWindow(t)
	_, body = s.a.client(t).get(page)
	mustContain(t, body, "已确定", "查看合同")
}

// orgOf reads the organisation the complaint form offers the reader.
func orgOf(t *testing.T, c *client, page string) string {
	t.Helper()
	_, body := c.get(page)
	m := regexp.MustCompile(`<option value="([0-9a-f-]{36})"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no complaint form\n%s", body)
	}
	return m[1]
}

func TestContractPages(t *testing.T) {
	t.Parallel()
	s := newEvaluatedScene(t)
	page := "/projects/" + s.project
	if res, body := s.officer.submit(page, "/bureau/projects/"+s.project+"/award", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("award: %d\n%s", res.StatusCode, body)
	}
	s.closeWindow(t)
	_, body := s.a.client(t).get(page)
	m := contractLinkRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no contract link\n%s", body)
	}
	contract := "/contracts/" + m[1]
	winner := s.bidders[0]
	report := url.Values{"period_start": {beijingDay(90)}, "period_end": {beijingDay(180)}, "actual_0": {"2100"},
		"persons": {"300"}, "person_times": {"2100"}, "narrative": {"本期开展个案管理与入户走访，完成需求评估，组织小组活动十场。"},
		"evidence": {"活动签到表｜10 场活动签到表\n走访记录｜入户走访记录 45 份"}}
	t.Run("the public sees the terms but no report form", func(t *testing.T) {
		_, body := s.a.client(t).get(contract)
		mustContain(t, body, "服务合同", "履行中", "¥240,000.00", "待支付")
		mustNotContain(t, body, "提交报告", "记录评价")
	})
	t.Run("persons above person-times are shown again naming the problem", func(t *testing.T) {
		bad := url.Values{}
		for k, v := range report {
			bad[k] = v
		}
		bad.Set("persons", "3000")
		res, body := winner.submit(contract, contract+"/reports", bad)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422\n%s", res.StatusCode, body)
		}
		mustContain(t, body, "去重人数不得多于人次")
	})
	if res, body := winner.submit(contract, contract+"/reports", report); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d\n%s", res.StatusCode, body)
	}
	t.Run("the pending report is hidden from the public", func(t *testing.T) {
		_, body := s.a.client(t).get(contract)
		mustNotContain(t, body, "入户走访记录")
		mustContain(t, body, "暂无报告")
	})
	_, body = s.officer.get(contract)
	rm := reviewRe.FindStringSubmatch(body)
	if rm == nil {
		t.Fatalf("no review form\n%s", body[:min(len(body), 1500)])
	}
	review := contract + "/reports/" + rm[1] + "/review"
	if res, body := s.officer.submit(contract, review, url.Values{"accept": {"1"}, "comment": {"数据属实"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review: %d\n%s", res.StatusCode, body)
	}
	t.Run("accepted figures are public, the narrative is not", func(t *testing.T) {
		_, body := s.a.client(t).get(contract)
		mustContain(t, body, "已验收", "2100", "已支付")
		mustNotContain(t, body, "入户走访记录", "数据属实")
	})
	t.Run("a fail without a comment is shown again", func(t *testing.T) {
		res, _ := s.officer.submit(contract, contract+"/grades", url.Values{"stage": {"mid_term"}, "grade": {"fail"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.StatusCode)
		}
	})
	if res, body := s.officer.submit(contract, contract+"/grades", url.Values{"stage": {"mid_term"}, "grade": {"good"}, "grade_comment": {"中期评估良好"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("grade: %d\n%s", res.StatusCode, body)
	}
	t.Run("the grade is public and the contract listed for both parties", func(t *testing.T) {
		_, body := s.a.client(t).get(contract)
		mustContain(t, body, "中期评估", "良好")
		_, list := winner.get("/contracts")
		mustContain(t, list, s.names[0], "梁溪区困境儿童关爱保护服务项目")
		_, list = s.officer.get("/contracts")
		mustContain(t, list, "无锡市梁溪区民政局", s.names[0])
		_, profile := s.a.client(t).get("/orgs/" + orgIDOf(t, s, 0))
		mustContain(t, profile, "履约记录", "梁溪区困境儿童关爱保护服务项目", "中期评估 良好")
	})
}

func TestEvaluationFormsGoOnceUsed(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	n := tenderSeq.Add(1)
	officer, ou := a.signUp(t, fmt.Sprintf("g-officer%d@hutong.test", n), "采购科长")
	bureau := officer.createBureau("无锡市梁溪区民政局")
	a.verify(t, bureau)
	id := publishedProject(t, officer, bureau)
	evaluator, eu := a.signUp(t, fmt.Sprintf("g-eval%d@hutong.test", n), "评审专家")
	addEvaluator(t, a, ou, bureau, eu)
	openNow(t, a, id)
	page := "/bureau/projects/" + id + "/evaluation"
	_, body := evaluator.get(page)
	mustContain(t, body, `action="/bureau/projects/`+id+`/evaluation/declare"`)
	if res, body := evaluator.submit(page, page+"/declare", url.Values{"note": {"无利害关系"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("declare: %d\n%s", res.StatusCode, body)
	}
	_, body = evaluator.get(page)
	mustContain(t, body, "您已声明与投标人无利益冲突")
	mustNotContain(t, body, `/evaluation/declare"`)
	// With no bids the evaluation fails at once (流标); the finalise
	// button then goes.
	if res, body := officer.submit(page, page+"/finalize", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("finalize: %d\n%s", res.StatusCode, body)
	}
	_, body = officer.get(page)
	mustNotContain(t, body, `/evaluation/finalize"`)
}

// orgIDOf is the id of the i-th bidder's organisation, from its page.
func orgIDOf(t *testing.T, s *evaluatedScene, i int) string {
	t.Helper()
	_, body := s.bidders[i].get("/org")
	m := regexp.MustCompile(`href="/orgs/([0-9a-f-]{36})"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no organisation link\n%s", body)
	}
	return m[1]
}
