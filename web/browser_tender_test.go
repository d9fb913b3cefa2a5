package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// person is one user with a browser of their own: a separate browser
// context, so each keeps their own session cookie.
type person struct {
	t   *testing.T
	ctx context.Context
	app *app
}

// browse opens a new browser context in the browser of root and signs
// email in through the login page.
func browse(t *testing.T, root context.Context, a *app, email string) *person {
	t.Helper()
	ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	p := &person{t: t, ctx: ctx, app: a}
	p.do(
		chromedp.Navigate(a.srv.URL+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-login`)),
		chromedp.SendKeys(chromedp.CSS(`#f-login`), email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), "correct horse battery"),
	)
	p.submit(`form[action="/login"] button[type=submit]`)
	return p
}

// do runs steps in the person's browser, failing the test on error.
func (p *person) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

// open navigates to path and waits for the page's main content.
func (p *person) open(path string) {
	p.t.Helper()
	p.do(chromedp.Navigate(p.app.srv.URL+path), chromedp.WaitVisible(chromedp.CSS(`main`)))
}

// submit clicks a submit button and waits for the page it leads to.
func (p *person) submit(button string) {
	p.t.Helper()
	if _, err := chromedp.RunResponse(p.ctx, chromedp.Click(chromedp.CSS(button))); err != nil {
		p.t.Fatalf("submit %s: %v", button, err)
	}
	p.do(chromedp.WaitVisible(chromedp.CSS(`main`)))
}

// fill sets the fields of the form matching sel by name, as a person
// typing would: checkboxes and options are chosen by value.
func (p *person) fill(sel string, values url.Values) {
	p.t.Helper()
	raw, _ := json.Marshal(values)
	script := fmt.Sprintf(`(() => {
		const f = document.querySelector(%q); const vals = %s; let missing = [];
		for (const [name, vs] of Object.entries(vals)) {
			const els = f.querySelectorAll('[name="' + name + '"]');
			if (els.length === 0) { if (vs.some(v => v !== "")) missing.push(name); continue; }
			for (const el of els) {
				if (el.type === 'checkbox' || el.type === 'radio') { el.checked = vs.includes(el.value); }
				else if (el.multiple) { for (const o of el.options) o.selected = vs.includes(o.value); }
				else { el.value = vs[0]; }
			}
		}
		return missing.join(",");
	})()`, sel, raw)
	missing, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](script))
	if err != nil || missing != "" {
		p.t.Fatalf("fill %s: missing %q, %v", sel, missing, err)
	}
}

// text is the visible text of the page.
func (p *person) text() string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil {
		p.t.Fatalf("browser: %v", err)
	}
	return s
}

// sees fails unless the page shows every one of want.
func (p *person) sees(want ...string) {
	p.t.Helper()
	body := p.text()
	for _, w := range want {
		if !strings.Contains(body, w) {
			p.t.Fatalf("the page lacks %q:\n%s", w, body)
		}
	}
}

// TestBrowserTenderToFirstReport walks one tender through Chromium from
// the bureau's draft to its accepted first outcome report: three
// organisations bid, an evaluator scores, the bureau awards, the winner
// reports and the bureau accepts. The moments that wait on the clock (the
// bid deadline, the close of the complaint window) are moved as the River
// jobs would move them.
func TestBrowserTenderToFirstReport(t *testing.T) {
	t.Parallel()
	root := newBrowser(t)
	if err := chromedp.Do(root); err != nil {
		t.Fatalf("start the browser: %v", err)
	}
	a := newApp(t)
	n := tenderSeq.Add(1)
	email := func(who string) string { return fmt.Sprintf("b-%s%d@hutong.test", who, n) }
	officerHTTP, ou := a.signUp(t, email("officer"), "钱科长")
	bureau := officerHTTP.createBureau("无锡市梁溪区民政局")
	a.verify(t, bureau)
	_, eu := a.signUp(t, email("eval"), "顾评审")
	addEvaluator(t, a, ou, bureau, eu)
	names := []string{"星火青少年社会心理服务中心", "乐助社工事务所", "禾雨社会服务中心"}
	for i, name := range names {
		c, _ := a.signUp(t, email(fmt.Sprintf("bidder%d", i)), "投标人")
		a.verify(t, c.createOrg(name, creditCode(t, fmt.Sprintf("52320213MB%d%06d", i, n))))
	}

	officer := browse(t, root, a, email("officer"))
	officer.open("/bureau/projects/new?bureau=" + bureau)
	officer.fill(`form.stack.wide`, projectForm(bureau))
	officer.submit(`form.stack.wide button[type=submit]`)
	officer.sees("草稿")
	deadline := beijingLocal(40)
	officer.fill(`form[action$="/publish"]`, url.Values{"bid_deadline": {deadline}, "opening_at": {deadline}})
	officer.submit(`form[action$="/publish"] button[type=submit]`)
	officer.sees("已发布", "梁溪区困境儿童关爱保护服务项目")
	loc, err := chromedp.Run(officer.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimPrefix(strings.SplitN(strings.SplitN(loc, "/projects/", 2)[1], "?", 2)[0], "/")

	for i := range names {
		bidder := browse(t, root, a, email(fmt.Sprintf("bidder%d", i)))
		bidder.open("/projects/" + id + "/bid")
		f := bidForm("", fmt.Sprintf("%d00,000", 6+i), "以社区为单位开展个案管理、入户走访和心理疏导服务。")
		f.Del("organization_id")
		bidder.fill(`form[action$="/bid"]`, f)
		bidder.submit(`form[action$="/bid"] button[type=submit]`)
		bidder.sees("回执")
	}
	openNow(t, a, id)

	evaluator := browse(t, root, a, email("eval"))
	evaluator.open("/bureau/projects/" + id + "/evaluation")
	evaluator.submit(`form[action$="/evaluation/declare"] button[type=submit]`)
	for i := range names {
		scores, err := chromedp.Run(evaluator.ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
			`[...document.querySelectorAll('form[action$="/evaluation/scores"]')[%d].querySelectorAll('input[name^="score_"]')].map(e => e.name)`, i)))
		if err != nil || len(scores) != 2 {
			t.Fatalf("score inputs %v, %v", scores, err)
		}
		v := url.Values{}
		for _, s := range scores {
			v.Set(s, fmt.Sprintf("%d", 30-i*8))
		}
		evaluator.fillNth(`form[action$="/evaluation/scores"]`, i, v)
		evaluator.submitNth(`form[action$="/evaluation/scores"] button[type=submit]`, i)
		evaluator.sees("评分表已保存")
	}
	officer.open("/bureau/projects/" + id + "/evaluation")
	officer.submit(`form[action$="/evaluation/finalize"] button[type=submit]`)
	officer.sees("评标结果", "发布中标公告")
	officer.submit(`form[action$="/award"] button[type=submit]`)
	officer.sees("中标结果已公告", "质疑期内", names[0])

	closeWindowOf(t, a, id)
	winner := browse(t, root, a, email("bidder0"))
	winner.open("/projects/" + id)
	winner.sees("已确定", "查看合同")
	winner.submit(`a[href^="/contracts/"]`)
	winner.sees("服务合同", "履行中", "提交绩效报告")
	winner.fill(`form[action$="/reports"]`, url.Values{"period_start": {beijingDay(90)}, "period_end": {beijingDay(180)},
		"actual_0": {"2100"}, "persons": {"300"}, "person_times": {"2100"},
		"narrative": {"本期开展个案管理与入户走访，完成需求评估，组织心理疏导小组活动十场。"},
		"evidence":  {"活动签到表｜10 场活动签到表"}})
	winner.submit(`form[action$="/reports"] button[type=submit]`)
	winner.sees("报告已提交", "待验收")
	contract, err := chromedp.Run(winner.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}

	officer.open(strings.TrimPrefix(strings.SplitN(contract, "?", 2)[0], a.srv.URL))
	officer.sees("验收报告")
	officer.submit(`form[action$="/review"] button[type=submit]`)
	officer.sees("审核结果已记录", "已验收", "已支付")
	shot, err := chromedp.Run(officer.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the contract after the first report: %s", saveScreenshot(t, "contract-first-report", shot))
}

// fillNth is fill for the i-th form matching sel.
func (p *person) fillNth(sel string, i int, values url.Values) {
	p.t.Helper()
	p.eval((fmt.Sprintf(`document.querySelectorAll(%q)[%d].setAttribute("data-fill", "1") || true`, sel, i)))
	p.fill(`[data-fill="1"]`, values)
	p.eval((`document.querySelector('[data-fill="1"]').removeAttribute("data-fill") || true`))
}

// submitNth is submit for the i-th button matching sel.
func (p *person) submitNth(sel string, i int) {
	p.t.Helper()
	p.eval((fmt.Sprintf(`document.querySelectorAll(%q)[%d].setAttribute("data-go", "1") || true`, sel, i)))
	p.submit(`[data-go="1"]`)
}

// eval runs a script in the page, failing the test on error.
func (p *person) eval(script string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](script)); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}
