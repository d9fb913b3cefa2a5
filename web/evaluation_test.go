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
	"hutong/web"
)

var (
	scoreKeyRe = regexp.MustCompile(`name="score_([^"]+)"`)
	bidIDRe    = regexp.MustCompile(`name="bid_id" value="([^"]+)"`)
)

// addEvaluator makes u an evaluator of the bureau, as its owner.
func addEvaluator(t *testing.T, a *app, owner *domain.User, bureau string, u *domain.User) {
	t.Helper()
	_, err := a.members.AddMember(context.Background(), a.actor(t, owner), uuid.MustParse(bureau),
		domain.MemberInput{Login: u.Email, Roles: []domain.Role{domain.RoleEvaluator}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEvaluation(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	n := tenderSeq.Add(1)
	officer, ou := a.signUp(t, fmt.Sprintf("e-officer%d@hutong.test", n), "评标科长")
	bureau := officer.createBureau("无锡市滨湖区民政局")
	a.verify(t, bureau)
	id := publishedProject(t, officer, bureau)
	bidPage, evalPage := "/projects/"+id+"/bid", "/bureau/projects/"+id+"/evaluation"

	var bidderUsers []*domain.User
	for i, b := range []struct{ name, price string }{
		{"甲社会工作服务中心", "700,000"}, {"乙社会工作服务中心", "600,000"}, {"丙社会工作服务中心", "650,000"},
	} {
		c, u := a.signUp(t, fmt.Sprintf("e-bidder%d-%d@hutong.test", i, n), "投标人")
		org := c.createOrg(b.name, creditCode(t, fmt.Sprintf("52320211M%d%07d", i, n)))
		a.verify(t, org)
		if res, body := c.submit(bidPage, bidPage, bidForm(org, b.price, "以社区为单位开展个案管理服务。")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("bid %s: %d\n%s", b.name, res.StatusCode, body)
		}
		bidderUsers = append(bidderUsers, u)
	}
	evaluator, eu := a.signUp(t, fmt.Sprintf("e-eval%d@hutong.test", n), "评审专家")
	addEvaluator(t, a, ou, bureau, eu)
	addEvaluator(t, a, ou, bureau, bidderUsers[0])
	conflicted := a.client(t)
	if res, body := conflicted.submit("/login", "/login", url.Values{"login": {bidderUsers[0].Email}, "password": {"correct horse battery"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d\n%s", res.StatusCode, body)
	}
	openNow(t, a, id)

	_, page := evaluator.get(evalPage)
	keys, bidIDs := scoreKeyRe.FindAllStringSubmatch(page, -1), bidIDRe.FindAllStringSubmatch(page, -1)
	if len(bidIDs) != 3 || len(keys) != 6 {
		t.Fatalf("%d bids, %d score inputs on the page\n%s", len(bidIDs), len(keys), page)
	}
	sheet := func(bid, value string) url.Values {
		f := url.Values{"bid_id": {bid}}
		for _, k := range keys[:2] {
			f.Set("score_"+k[1], value)
		}
		return f
	}

	t.Run("a form without its CSRF token is refused", func(t *testing.T) {
		if res, _ := evaluator.post(evalPage+"/declare", url.Values{"note": {""}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", res.StatusCode)
		}
	})

	if res, body := evaluator.submit(evalPage, evalPage+"/declare", url.Values{"note": {"无利益关系"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("declare: %d\n%s", res.StatusCode, body)
	}

	t.Run("a score with three decimals is shown again naming the item", func(t *testing.T) {
		res, body := evaluator.submit(evalPage, evalPage+"/scores", sheet(bidIDs[0][1], "12.345"))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", res.StatusCode)
		}
		mustContain(t, body, "scores."+keys[0][1])
	})

	t.Run("an evaluator from a bidding organisation gets the rule's 403 page", func(t *testing.T) {
		res, body := conflicted.submit(evalPage, evalPage+"/scores", sheet(bidIDs[0][1], "10"))
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403\n%s", res.StatusCode, body)
		}
		mustContain(t, body, "evaluator_independence")
	})

	for i, b := range bidIDs {
		if res, body := evaluator.submit(evalPage, evalPage+"/scores", sheet(b[1], fmt.Sprintf("2%d.5", i))); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("scores: %d\n%s", res.StatusCode, body)
		}
	}
	if res, body := officer.submit(evalPage, evalPage+"/finalize", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("finalize: %d\n%s", res.StatusCode, body)
	}

	t.Run("the public page shows the ranking and the winner", func(t *testing.T) {
		_, body := a.client(t).get("/projects/" + id)
		mustContain(t, body, "评标结果", "中标候选人", "排名", "甲社会工作服务中心", "乙社会工作服务中心", "丙社会工作服务中心", "¥600,000.00")
	})
}

func TestParsePoints(t *testing.T) {
	t.Parallel()
	cases := map[string]domain.Points{"0": 0, "12": 1200, "12.5": 1250, "12.34": 1234, " 40 ": 4000}
	for in, want := range cases {
		if got, ok := web.ParsePoints(in); !ok || got != want {
			t.Errorf("parsePoints(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "-1", "1.234", "1.", ".5", "1e2", "abc"} {
		if _, ok := web.ParsePoints(bad); ok {
			t.Errorf("parsePoints(%q) accepted", bad)
		}
	}
}

func TestEvaluationFailedRetender(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	n := tenderSeq.Add(1)
	officer, ou := a.signUp(t, fmt.Sprintf("f-officer%d@hutong.test", n), "评标科长")
	bureau := officer.createBureau("无锡市新吴区民政局")
	a.verify(t, bureau)
	id := publishedProject(t, officer, bureau)
	bidPage, evalPage := "/projects/"+id+"/bid", "/bureau/projects/"+id+"/evaluation"
	c, _ := a.signUp(t, fmt.Sprintf("f-bidder%d@hutong.test", n), "投标人")
	org := c.createOrg("唯一社会工作服务中心", creditCode(t, fmt.Sprintf("52320214MA%07d", n)))
	a.verify(t, org)
	if res, body := c.submit(bidPage, bidPage, bidForm(org, "600,000", "以社区为单位开展个案管理服务。")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bid: %d\n%s", res.StatusCode, body)
	}
	evaluator, eu := a.signUp(t, fmt.Sprintf("f-eval%d@hutong.test", n), "评审专家")
	addEvaluator(t, a, ou, bureau, eu)
	openNow(t, a, id)

	_, page := evaluator.get(evalPage)
	keys, bidIDs := scoreKeyRe.FindAllStringSubmatch(page, -1), bidIDRe.FindAllStringSubmatch(page, -1)
	if len(bidIDs) != 1 || len(keys) != 2 {
		t.Fatalf("%d bids, %d score inputs\n%s", len(bidIDs), len(keys), page)
	}
	if res, body := evaluator.submit(evalPage, evalPage+"/declare", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("declare: %d\n%s", res.StatusCode, body)
	}
	f := url.Values{"bid_id": {bidIDs[0][1]}, "score_" + keys[0][1]: {"30"}, "score_" + keys[1][1]: {"20.75"}}
	if res, body := evaluator.submit(evalPage, evalPage+"/scores", f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("scores: %d\n%s", res.StatusCode, body)
	}
	if res, body := officer.submit(evalPage, evalPage+"/finalize", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("finalize: %d\n%s", res.StatusCode, body)
	}

	t.Run("the public page says 流标 without a winner or the button", func(t *testing.T) {
		_, body := a.client(t).get("/projects/" + id)
		mustContain(t, body, "流标", "唯一社会工作服务中心")
		mustNotContain(t, body, "中标候选人", "/retender")
	})

	t.Run("the bureau re-tenders into a new draft", func(t *testing.T) {
		_, page := officer.get("/projects/" + id)
		mustContain(t, page, "重新招标", "/bureau/projects/"+id+"/retender")
		res, body := officer.submit("/projects/"+id, "/bureau/projects/"+id+"/retender", url.Values{})
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || loc == "" || loc == "/bureau/projects/"+id+"/edit" {
			t.Fatalf("retender: %d %q\n%s", res.StatusCode, loc, body)
		}
		_, edit := officer.get(loc)
		mustContain(t, edit, "（重新招标）")
	})
}
