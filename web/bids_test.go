package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// bidForm is a filled bid form for org: a price in yuan, a proposal and
// one team row.
func bidForm(org, price, proposal string) url.Values {
	return url.Values{
		"organization_id": {org}, "price": {price}, "technical_proposal": {proposal},
		"team_name_0": {"张社工"}, "team_role_0": {"项目主管"}, "team_qualification_0": {"中级社会工作师"},
	}
}

var sha256Re = regexp.MustCompile(`<code>([0-9a-f]{64})</code>`)

func TestBids(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	n := tenderSeq.Add(1)
	officer := a.client(t)
	officer.register(fmt.Sprintf("b-officer%d@hutong.test", n), "王科长")
	bureau := officer.createBureau("无锡市梁溪区民政局")
	a.verify(t, bureau)
	id := publishedProject(t, officer, bureau)
	page, bidPage := "/projects/"+id, "/projects/"+id+"/bid"

	bidder := a.client(t)
	bidder.register(fmt.Sprintf("b-bidder%d@hutong.test", n), "李投标")
	org := bidder.createOrg("阳光投标社会工作服务中心", creditCode(t, fmt.Sprintf("52320213MB%07d", n)))
	a.verify(t, org)
	rival := a.client(t)
	rival.register(fmt.Sprintf("b-rival%d@hutong.test", n), "赵对手")
	rivalOrg := rival.createOrg("竞争社会工作服务中心", creditCode(t, fmt.Sprintf("52320213MC%07d", n)))
	a.verify(t, rivalOrg)

	const proposal = "以社区为单位开展个案管理,配备专职社工十二名。"
	secrets := []string{"650,000", "650000", proposal}

	t.Run("the public page offers the bid link to a verified bidder only", func(t *testing.T) {
		_, body := bidder.get(page)
		mustContain(t, body, `href="/projects/`+id+`/bid"`)
		_, body = officer.get(page)
		mustNotContain(t, body, `href="/projects/`+id+`/bid"`)
		_, body = a.client(t).get(page)
		mustNotContain(t, body, `href="/projects/`+id+`/bid"`)
	})

	t.Run("a price above the budget is shown again with its problem", func(t *testing.T) {
		res, body := bidder.submit(bidPage, bidPage, bidForm(org, "900,000", proposal))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d\n%s", res.StatusCode, body)
		}
		mustContain(t, body, "报价不得高于项目预算", proposal)
	})

	t.Run("a form without its CSRF token is refused", func(t *testing.T) {
		res, _ := bidder.post(bidPage, bidForm(org, "650,000", proposal))
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", res.StatusCode)
		}
	})

	t.Run("an organisation of the bureau may not bid", func(t *testing.T) {
		res, _ := officer.get(bidPage)
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", res.StatusCode)
		}
	})

	res, body := bidder.submit(bidPage, bidPage, bidForm(org, "650,000", proposal))
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/bids/") {
		t.Fatalf("submit: %d %s\n%s", res.StatusCode, loc, body)
	}
	receipt := strings.TrimSuffix(loc, "?submitted=1")

	t.Run("the receipt shows the hash and status but never the price", func(t *testing.T) {
		res, body := bidder.get(loc)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		if !sha256Re.MatchString(body) {
			t.Error("the receipt lacks the SHA-256")
		}
		mustContain(t, body, "已提交", "北京时间", "/withdraw")
		mustNotContain(t, body, secrets...)
	})

	t.Run("my bids lists the bid with its project", func(t *testing.T) {
		_, body := bidder.get("/bids")
		mustContain(t, body, "梁溪区困境儿童关爱保护服务项目", receipt)
		mustNotContain(t, body, secrets...)
	})

	t.Run("the bureau and another organisation do not find the bid", func(t *testing.T) {
		for name, c := range map[string]*client{"bureau": officer, "rival": rival} {
			if res, _ := c.get(receipt); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", name, res.StatusCode)
			}
		}
	})

	t.Run("the public page before the opening says nothing of bids", func(t *testing.T) {
		for _, c := range []*client{officer, rival, a.client(t)} {
			_, body := c.get(page)
			mustNotContain(t, body, secrets...)
			mustNotContain(t, body, "开标记录", "阳光投标社会工作服务中心")
		}
	})

	t.Run("the bidder withdraws the bid", func(t *testing.T) {
		res, body := bidder.submit(receipt, receipt+"/withdraw", url.Values{})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("withdraw: %d\n%s", res.StatusCode, body)
		}
		_, body = bidder.get(receipt)
		mustContain(t, body, "已撤回")
		mustNotContain(t, body, "/withdraw\"")
	})
}
