package api_test

import (
	"strconv"
	"testing"
	"time"

	"hutong/api"
	"hutong/domain"
	"hutong/postgres"
)

func TestDashboard(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) { d.Dashboard = postgres.NewDashboardService(db) })
	owner := h.signUp("Owner")
	bureau := owner.createOrg("bureau", "无锡市梁溪区民政局", nil)
	year := time.Now().In(domain.Shanghai).Year()
	// 1,234.56 yuan published on 1 March in Beijing, still February in UTC.
	at := time.Date(year, 3, 1, 3, 0, 0, 0, domain.Shanghai)
	_, err := h.db.SQL().Exec(`INSERT INTO projects (id, bureau_id, title, description, category, region_code, budget_fen,
		method, status, eligibility, criteria, targets, milestones, service_start, service_end, published_at, bid_deadline, opening_at)
		VALUES (gen_random_uuid(), $1, '梁溪区儿童关爱项目', '个案管理', 'case_management', '320213', 123456, 'open_tender',
		'published', '{}', '{"price_weight": 100, "technical": []}',
		'[{"indicator": "受益人次", "unit": "人次", "target": 100, "kind": "person_times"}]',
		'[{"name": "全款", "percent": 100, "due": "2026-12-31"}]', '2026-01-01', '2026-12-31',
		$2::timestamptz, $2::timestamptz + interval '30 days', $2::timestamptz + interval '30 days')`, bureau.ID, at)
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/organizations/" + bureau.ID + "/dashboard"
	t.Run("OKOwner", func(t *testing.T) {
		var d domain.Dashboard
		owner.do("GET", path+"?year="+strconv.Itoa(year), nil).want(200).decode(&d)
		if d.Year != year || len(d.Months) != 12 || d.Months[2].BudgetFen != 123456 || d.Months[1].ProjectsPublished != 0 ||
			len(d.Districts) != 1 || d.Districts[0].RegionName != "梁溪区" || d.Total.ProjectsPublished != 1 {
			t.Errorf("dashboard %+v", d)
		}
		owner.do("GET", path+"?region=320213", nil).want(200)
	})
	t.Run("ErrStrangerNotFound", func(t *testing.T) {
		h.signUp("Stranger").do("GET", path, nil).problem(404)
		owner.do("GET", "/api/v1/organizations/not-an-id/dashboard", nil).problem(404)
	})
	t.Run("ErrAnonymous", func(t *testing.T) {
		h.anon().do("GET", path, nil).problem(401)
	})
	t.Run("ErrBadYearOrRegion", func(t *testing.T) {
		owner.do("GET", path+"?year=1999", nil).problem(400).field(t, "year")
		owner.do("GET", path+"?year=x", nil).problem(400).field(t, "year")
		owner.do("GET", path+"?region=320500", nil).problem(400).field(t, "region")
		owner.do("GET", path+"?region=32", nil).problem(400).field(t, "region")
		owner.do("GET", path+"?yaer=2025", nil).problem(422).field(t, "yaer")
	})
}
