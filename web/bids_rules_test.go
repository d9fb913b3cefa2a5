package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestBidRuleBroken(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	n := tenderSeq.Add(1)
	officer := a.client(t)
	officer.register(fmt.Sprintf("r-officer%d@hutong.test", n), "王科长")
	bureau := officer.createBureau("无锡市梁溪区民政局")
	a.verify(t, bureau)
	id := publishedProject(t, officer, bureau)
	bidPage := "/projects/" + id + "/bid"

	far := a.client(t)
	far.register(fmt.Sprintf("r-far%d@hutong.test", n), "济南社工")
	res, body := far.submit("/org/new", "/org/new", url.Values{
		"kind": {"social_org"}, "name": {"济南外地社会工作服务中心"}, "credit_code": {creditCode(t, fmt.Sprintf("52370102MG%07d", n))},
		"region_code": {"370102"}, "service_areas": {"psychological"}, "rating": {"4A"}, "description": {"外地机构。"},
	})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create organisation: %d\n%s", res.StatusCode, body)
	}
	org := strings.TrimSuffix(strings.TrimPrefix(loc, "/orgs/"), "?created=1")
	a.verify(t, org)

	t.Run("an organisation outside the project's regions is refused, naming the rule", func(t *testing.T) {
		res, body := far.submit(bidPage, bidPage, bidForm(org, "600,000", "以社区为单位开展个案管理服务。"))
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403\n%s", res.StatusCode, body)
		}
		mustContain(t, body, "不符合投标规则", "region_codes")
	})
}
