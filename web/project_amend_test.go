package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hutong/domain"
)

// amendForm is the amendment form as the page sends it, with the
// project's own values except those given.
func amendForm(reason, description, budget string) url.Values {
	return url.Values{"description": {description}, "budget": {budget}, "reason": {reason},
		"service_start": {beijingDay(90)}, "service_end": {beijingDay(455)}}
}

func TestProjectAmendAndBidConfirm(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	n := tenderSeq.Add(1)
	officer := a.client(t)
	officer.register(fmt.Sprintf("am-officer%d@hutong.test", n), "王科长")
	bureau := officer.createBureau("无锡市梁溪区民政局")
	a.verify(t, bureau)
	id := publishedProject(t, officer, bureau)
	amend := "/bureau/projects/" + id + "/amend"

	bidder := a.client(t)
	bidder.register(fmt.Sprintf("am-bidder%d@hutong.test", n), "李投标")
	org := bidder.createOrg("变更测试社会工作服务中心", creditCode(t, fmt.Sprintf("52320213MG%07d", n)))
	a.verify(t, org)
	bidPage := "/projects/" + id + "/bid"
	res, body := bidder.submit(bidPage, bidPage, bidForm(org, "650,000", "以社区为单位开展个案管理服务。"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", res.StatusCode, body)
	}
	receipt := strings.TrimSuffix(res.Header.Get("Location"), "?submitted=1")

	t.Run("the bureau sees the amendment form and a bidder is not found", func(t *testing.T) {
		_, body := officer.get(amend)
		mustContain(t, body, "变更原因", "发布变更公告")
		_, list := officer.get("/bureau/projects?bureau=" + bureau)
		mustContain(t, list, `href="`+amend+`"`)
		if res, _ := bidder.get(amend); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
			t.Fatalf("a bidder got %d", res.StatusCode)
		}
	})

	t.Run("a draft has no amendment page", func(t *testing.T) {
		draft := officer.createProject(bureau, projectForm(bureau))
		if res, _ := officer.get("/bureau/projects/" + draft + "/amend"); res.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409", res.StatusCode)
		}
	})

	t.Run("an amendment without a reason is shown again", func(t *testing.T) {
		res, body := officer.submit(amend, amend, amendForm("", "说明已更正。", "800,000.50"))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d\n%s", res.StatusCode, body)
		}
		mustContain(t, body, `aria-invalid="true"`, "说明已更正。")
	})

	t.Run("an amendment without its CSRF token is refused", func(t *testing.T) {
		if res, _ := officer.post(amend, amendForm("更正错别字", "说明已更正。", "800,000.50")); res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", res.StatusCode)
		}
	})

	t.Run("a wording-only amendment keeps the deadline and the bid", func(t *testing.T) {
		res, body := officer.submit(amend, amend, amendForm("更正错别字", "为困境儿童提供个案管理、心理疏导和家庭支持服务。", "800,000.50"))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != amend+"?amended=1" {
			t.Fatalf("status %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
		}
		_, page := officer.get("/projects/" + id)
		mustContain(t, page, "家庭支持服务")
		_, body = bidder.get(receipt)
		mustNotContain(t, body, `action="`+receipt+`/confirm"`)
	})

	t.Run("a substantive amendment near the deadline extends it and asks for confirmation", func(t *testing.T) {
		soon := time.Now().Add(48 * time.Hour)
		if _, err := a.db.SQL().Exec(`UPDATE projects SET bid_deadline = $2, opening_at = $2 WHERE id = $1`, id, soon); err != nil {
			t.Fatal(err)
		}
		res, body := officer.submit(amend, amend, amendForm("增加服务人次，预算相应调增", "为困境儿童提供个案管理、心理疏导和家庭支持服务。", "900,000"))
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || loc != amend+"?amended=1&extended=1" {
			t.Fatalf("status %d %s\n%s", res.StatusCode, loc, body)
		}
		_, body = officer.get(loc)
		mustContain(t, body, "投标截止时间已顺延", "变更公告已发布")
		if strings.Contains(body, soon.In(domain.Shanghai).Format("2006-01-02 15:04")) {
			t.Error("the page still shows the old deadline")
		}
	})

	t.Run("the bid needing confirmation shows the form and why", func(t *testing.T) {
		_, body := bidder.get(receipt)
		mustContain(t, body, "实质性变更公告", `action="`+receipt+`/confirm"`, "确认投标")
	})

	t.Run("a confirmation without its CSRF token is refused", func(t *testing.T) {
		if res, _ := bidder.post(receipt+"/confirm", url.Values{}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", res.StatusCode)
		}
	})

	t.Run("another organisation cannot confirm the bid", func(t *testing.T) {
		other := a.client(t)
		other.register(fmt.Sprintf("am-other%d@hutong.test", n), "赵对手")
		other.createOrg("旁观社会工作服务中心", creditCode(t, fmt.Sprintf("52320213MH%07d", n)))
		res, _ := other.submit("/bids", receipt+"/confirm", url.Values{})
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("status %d, want 404", res.StatusCode)
		}
	})

	t.Run("the bidder confirms its bid", func(t *testing.T) {
		res, body := bidder.submit(receipt, receipt+"/confirm", url.Values{})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != receipt+"?confirmed=1" {
			t.Fatalf("status %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
		}
		_, body = bidder.get(receipt + "?confirmed=1")
		mustContain(t, body, "投标已确认", "已提交")
		mustNotContain(t, body, `action="`+receipt+`/confirm"`)
	})
}
