package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"hutong/domain"
	"hutong/postgres"
	"hutong/web"
)

// dashProxy hands the pages the real dashboard service once the test's
// database exists (newAppWith opens it after the edit runs).
type dashProxy struct{ svc *postgres.DashboardService }

func (p *dashProxy) BureauDashboard(ctx context.Context, a *domain.Actor, q domain.DashboardQuery) (*domain.Dashboard, error) {
	return p.svc.BureauDashboard(ctx, a, q)
}

// dashApp is a city bureau (无锡市) with a project of 800,000.50 yuan in
// 梁溪区 published in March and a copy of 123,456.78 yuan in 新吴区
// published in July of the current year, Beijing time.
type dashApp struct {
	*app
	owner  *client
	bureau string
	year   int
}

func newDashApp(t *testing.T) *dashApp {
	t.Helper()
	proxy := &dashProxy{}
	a := newAppWith(t, func(d *web.Deps) { d.Dashboard = proxy })
	proxy.svc = postgres.NewDashboardService(a.db)
	owner, _ := a.signUp(t, "dash-owner@hutong.test", "科长")
	bureau := owner.createBureau("无锡市民政局")
	a.verify(t, bureau)
	id := owner.createProject(bureau, projectForm(bureau))
	year := time.Now().In(domain.Shanghai).Year()
	march := time.Date(year, 3, 15, 10, 0, 0, 0, domain.Shanghai)
	july := time.Date(year, 7, 1, 1, 0, 0, 0, domain.Shanghai) // still 30 June in UTC
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE projects SET status = 'published', published_at = $2::timestamptz,
			bid_deadline = $2::timestamptz + interval '30 days', opening_at = $2::timestamptz + interval '30 days' WHERE id = $1`, []any{id, march}},
		{`INSERT INTO projects (id, bureau_id, title, description, category, region_code, budget_fen, method, status,
			eligibility, criteria, targets, milestones, service_start, service_end, published_at, bid_deadline, opening_at)
			SELECT gen_random_uuid(), bureau_id, title, description, category, '320214', 12345678, method, status,
			eligibility, criteria, targets, milestones, service_start, service_end, $2::timestamptz,
			$2::timestamptz + interval '30 days', $2::timestamptz + interval '30 days' FROM projects WHERE id = $1`, []any{id, july}},
		{`UPDATE organizations SET region_code = '320200' WHERE id = $1`, []any{bureau}},
	} {
		if _, err := a.db.SQL().Exec(q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	return &dashApp{app: a, owner: owner, bureau: bureau, year: year}
}

func (d *dashApp) url(path, region string) string {
	u := path + "?org=" + d.bureau + "&year=" + strconv.Itoa(d.year)
	if region != "" {
		u += "&region=" + region
	}
	return u
}

// member signs up a user holding role in the bureau.
func (d *dashApp) member(t *testing.T, email string, role domain.Role) *client {
	t.Helper()
	c, u := d.signUp(t, email, "成员")
	var ownerID string
	if err := d.db.SQL().QueryRow(`SELECT user_id FROM memberships WHERE organization_id = $1 AND 'owner' = ANY(roles)`, d.bureau).Scan(&ownerID); err != nil {
		t.Fatal(err)
	}
	owner, err := d.users.FindUserByID(context.Background(), uuid.MustParse(ownerID))
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.members.AddMember(context.Background(), d.actor(t, owner), uuid.MustParse(d.bureau),
		domain.MemberInput{UserID: u.ID, Roles: []domain.Role{role}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDashboardPage(t *testing.T) {
	t.Parallel()
	d := newDashApp(t)
	t.Run("OKChartsAndTables", func(t *testing.T) {
		res, body := d.owner.get(d.url("/bureau/dashboard", ""))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d\n%s", res.StatusCode, body)
		}
		mustContain(t, body, "无锡市民政局", "<svg", `role="img"`, "<desc id=\"m-budget-d\">",
			// 800,000.50 yuan is 80.00 万元 in March; 123,456.78 is 12.35 in July,
			// though 30 June in UTC.
			"<title>3月: 80.00 万元</title>", ">80.00</text>", "<title>7月: 12.35 万元</title>",
			"<title>梁溪区: 80.00 万元</title>", "<title>新吴区: 12.35 万元</title>",
			"800,000.50", "123,456.78", "923,457.28", "/bureau/dashboard.xlsx?org="+d.bureau,
			// Nothing was awarded: that chart says so instead of a scale of zeros.
			"本年度无数据")
		if strings.Contains(body, "<script") || strings.Contains(body, "<title>6月: 12.35") {
			t.Error("the page has script or counts July's project in June")
		}
	})
	t.Run("OKLinkedFromProjects", func(t *testing.T) {
		_, body := d.owner.get("/bureau/projects?bureau=" + d.bureau)
		mustContain(t, body, `href="/bureau/dashboard?org=`+d.bureau+`"`, "数据看板")
	})
	t.Run("OKDistrictFilter", func(t *testing.T) {
		res, body := d.owner.get(d.url("/bureau/dashboard", "320214"))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "仅统计：新吴区", "<title>7月: 12.35 万元</title>", "<title>3月: 0.00 万元</title>")
		if strings.Contains(body, "800,000.50") {
			t.Error("梁溪区's project is shown under 新吴区")
		}
	})
	t.Run("OKEvaluatorInEnglish", func(t *testing.T) {
		c := d.member(t, "dash-evaluator@hutong.test", domain.RoleEvaluator)
		c.lang = "en"
		res, body := c.get(d.url("/bureau/dashboard", ""))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "Budgets of projects published by month", "<title>M3: 80.00 10k yuan</title>")
	})
	t.Run("ErrOthersNotFound", func(t *testing.T) {
		stranger, _ := d.signUp(t, "dash-stranger@hutong.test", "路人")
		director := d.member(t, "dash-director@hutong.test", domain.RoleChildDirector)
		for name, c := range map[string]*client{"stranger": stranger, "child director": director} {
			for _, path := range []string{"/bureau/dashboard", "/bureau/dashboard.xlsx"} {
				if res, _ := c.get(d.url(path, "")); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s %s: %d", name, path, res.StatusCode)
				}
			}
		}
		if res, _ := stranger.get("/bureau/dashboard"); res.StatusCode != http.StatusNotFound {
			t.Errorf("stranger without org: %d", res.StatusCode)
		}
		if res, _ := d.client(t).get(d.url("/bureau/dashboard", "")); res.StatusCode != http.StatusSeeOther {
			t.Errorf("anonymous: %d", res.StatusCode)
		}
	})
	t.Run("ErrBadYearOrRegion", func(t *testing.T) {
		for query, want := range map[string]string{
			"&year=1999":     "年度无效",
			"&year=abc":      "年度无效",
			"&region=32021":  "区县无效",
			"&region=320500": "区县无效", // 苏州 is outside 无锡
			"&region=999999": "区县无效",
		} {
			res, body := d.owner.get("/bureau/dashboard?org=" + d.bureau + query)
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, want) {
				t.Errorf("%s: %d, want 400 %s", query, res.StatusCode, want)
			}
		}
		if res, _ := d.owner.get("/bureau/dashboard.xlsx?org=" + d.bureau + "&year=20x5"); res.StatusCode != http.StatusBadRequest {
			t.Errorf("xlsx bad year: %d", res.StatusCode)
		}
	})
}

func TestDashboardXLSX(t *testing.T) {
	t.Parallel()
	d := newDashApp(t)
	res, body := d.owner.get(d.url("/bureau/dashboard.xlsx", ""))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("status %d, %v", res.StatusCode, res.Header)
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 3 || got[0] != "按月份" || got[1] != "按区县" || got[2] != "说明" {
		t.Fatalf("sheets %v", got)
	}
	raw := excelize.Options{RawCellValue: true}
	for _, c := range []struct{ sheet, cell, want string }{
		{"按月份", "A1", "月份"}, {"按月份", "B1", "发布项目数"}, {"按月份", "C1", "项目预算（元）"},
		{"按月份", "A4", "3月"}, {"按月份", "B4", "1"}, {"按月份", "C4", "800000.5"},
		{"按月份", "C8", "123456.78"}, {"按月份", "C7", "0"}, // July, not June
		{"按月份", "A14", "合计"}, {"按月份", "B14", "2"}, {"按月份", "C14", "923457.28"},
		{"按区县", "A2", "320213"}, {"按区县", "B2", "梁溪区"}, {"按区县", "D2", "800000.5"},
		{"按区县", "A3", "320214"}, {"按区县", "B3", "新吴区"}, {"按区县", "D3", "123456.78"},
		{"按区县", "P1", "服务人数"}, {"按区县", "D4", "923457.28"},
	} {
		got, err := f.GetCellValue(c.sheet, c.cell, raw)
		if err != nil || got != c.want {
			t.Errorf("%s!%s = %q, %v; want %q", c.sheet, c.cell, got, err, c.want)
		}
	}
	t.Run("OKAmountsAreNumbers", func(t *testing.T) {
		for _, cell := range []string{"B4", "C4", "C14"} {
			typ, err := f.GetCellType("按月份", cell)
			if err != nil || typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
				t.Errorf("%s type %v, %v", cell, typ, err)
			}
		}
		if shown, _ := f.GetCellValue("按月份", "C4"); shown != "800,000.50" {
			t.Errorf("C4 shows %q", shown)
		}
	})
}
