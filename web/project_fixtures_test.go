package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

var tenderSeq atomic.Int64

// createBureau creates a bureau through the organisation form and returns
// its id.
func (c *client) createBureau(name string) string {
	c.tb.Helper()
	code := creditCode(c.tb, fmt.Sprintf("11320213MB%07d", tenderSeq.Add(1)))
	res, body := c.submit("/org/new", "/org/new", url.Values{
		"kind": {"bureau"}, "name": {name}, "credit_code": {code}, "region_code": {"320213"},
	})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/orgs/") {
		c.tb.Fatalf("create bureau: %d %s\n%s", res.StatusCode, loc, body)
	}
	return strings.TrimSuffix(strings.TrimPrefix(loc, "/orgs/"), "?created=1")
}

// verify has a platform admin verify the organisation, through the
// service.
func (a *app) verify(tb testing.TB, id string) {
	tb.Helper()
	admin, err := a.users.CreatePlatformAdmin(context.Background(), domain.RegisterInput{
		Email: fmt.Sprintf("verifier%d@hutong.test", tenderSeq.Add(1)), Password: "admin password 1", DisplayName: "审核员",
	})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := a.orgs.VerifyOrganization(context.Background(), &domain.Actor{User: admin}, uuid.MustParse(id), domain.VerificationVerified, ""); err != nil {
		tb.Fatal(err)
	}
}

// beijingDay is the date n days from today in Beijing, as a date input
// sends it.
func beijingDay(n int) string { return domain.DateOf(time.Now()).AddDays(n).String() }

// beijingLocal is the moment n days from now, as a datetime-local input
// sends it in Beijing.
func beijingLocal(n int) string {
	return time.Now().Add(time.Duration(n) * 24 * time.Hour).In(domain.Shanghai).Format("2006-01-02T15:04")
}

// projectForm is a filled editor: two technical items, a target and
// three milestones, the rest of the rows blank as a browser sends them.
func projectForm(bureau string) url.Values {
	f := url.Values{
		"bureau_id": {bureau}, "title": {"梁溪区困境儿童关爱保护服务项目"},
		"description": {"为困境儿童提供个案管理和心理疏导服务。"}, "category": {"psychological"},
		"region_code": {"320213"}, "budget": {"800,000.50"}, "method": {"open_tender"},
		"min_rating": {"3A"}, "region_codes": {"320200"}, "verified_only": {"1"},
		"price_weight":  {"30"},
		"service_start": {beijingDay(90)}, "service_end": {beijingDay(455)},
	}
	rows := map[string][]string{
		"tech_name": {"服务方案", "团队资质"}, "tech_points": {"40", "30"},
		"target_indicator": {"受益人次"}, "target_unit": {"人次"}, "target_value": {"5000"}, "target_kind": {"person_times"},
		"milestone_name": {"首期", "中期", "尾款"}, "milestone_percent": {"40", "30", "30"},
		"milestone_due": {beijingDay(100), beijingDay(280), beijingDay(450)},
	}
	for prefix, vals := range rows {
		for i := range 6 {
			v := ""
			if i < len(vals) {
				v = vals[i]
			}
			f.Set(fmt.Sprintf("%s_%d", prefix, i), v)
		}
	}
	return f
}

// createProject creates a draft through the editor and returns its id.
func (c *client) createProject(bureau string, form url.Values) string {
	c.tb.Helper()
	res, body := c.submit("/bureau/projects/new?bureau="+bureau, "/bureau/projects/new", form)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(loc, "/edit?saved=1") {
		c.tb.Fatalf("create project: %d %s\n%s", res.StatusCode, loc, body)
	}
	return strings.TrimSuffix(strings.TrimPrefix(loc, "/bureau/projects/"), "/edit?saved=1")
}
