package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"hutong/postgres"
)

// openNow moves the project's deadline and opening into the past and runs
// the closing and opening as the jobs would.
func openNow(t *testing.T, a *app, projectID string) {
	t.Helper()
	_, err := a.db.SQL().Exec(`UPDATE projects SET published_at = now() - interval '40 days',
		bid_deadline = now() - interval '2 seconds', opening_at = now() - interval '1 second' WHERE id = $1`, projectID)
	if err != nil {
		t.Fatal(err)
	}
	id := uuid.MustParse(projectID)
	closed, err := postgres.NewProjectService(a.db).CloseBidding(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	opened, err := postgres.NewBidService(a.db).OpenBids(context.Background(), id)
	if err != nil || !closed || !opened {
		t.Fatalf("closed %v, opened %v, %v", closed, opened, err)
	}
}

func TestBidOpeningRecord(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	n := tenderSeq.Add(1)
	officer := a.client(t)
	officer.register(fmt.Sprintf("o-officer%d@hutong.test", n), "王科长")
	bureau := officer.createBureau("无锡市梁溪区民政局")
	a.verify(t, bureau)
	id := publishedProject(t, officer, bureau)
	page, bidPage := "/projects/"+id, "/projects/"+id+"/bid"

	bids := []struct{ email, name, code, price string }{
		{"o-dear%d@hutong.test", "高价社会工作服务中心", "52320213MD%07d", "700,000"},
		{"o-cheap%d@hutong.test", "低价社会工作服务中心", "52320213ME%07d", "600,000.50"},
	}
	for _, b := range bids {
		c := a.client(t)
		c.register(fmt.Sprintf(b.email, n), "投标人")
		org := c.createOrg(b.name, creditCode(t, fmt.Sprintf(b.code, n)))
		a.verify(t, org)
		res, body := c.submit(bidPage, bidPage, bidForm(org, b.price, "以社区为单位开展个案管理服务。"))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit %s: %d\n%s", b.name, res.StatusCode, body)
		}
	}
	late := a.client(t)
	late.register(fmt.Sprintf("o-late%d@hutong.test", n), "迟到者")
	lateOrg := late.createOrg("迟到社会工作服务中心", creditCode(t, fmt.Sprintf("52320213MF%07d", n)))
	a.verify(t, lateOrg)
	token := late.token(bidPage)

	openNow(t, a, id)

	t.Run("the public page shows the bidders and prices, cheapest first", func(t *testing.T) {
		_, body := a.client(t).get(page)
		mustContain(t, body, "开标记录", "¥600,000.50", "¥700,000.00")
		if strings.Index(body, "低价社会工作服务中心") > strings.Index(body, "高价社会工作服务中心") {
			t.Error("the record is not sorted by price")
		}
	})

	t.Run("a bid after the deadline is a conflict", func(t *testing.T) {
		f := bidForm(lateOrg, "500,000", "以社区为单位开展个案管理服务。")
		f.Set("csrf_token", token)
		if res, _ := late.post(bidPage, f); res.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409", res.StatusCode)
		}
	})
}
