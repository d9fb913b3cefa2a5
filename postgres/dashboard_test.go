package postgres_test

import (
	"context"
	"testing"
	"time"

	"hutong/domain"
	"hutong/postgres"
)

// dashEnv is a contracted project (梁溪区, budget 500,000.00 awarded at
// 450,000.00) of a bureau moved up to the city (无锡市), plus copies of
// the project inserted in 新吴区: published in April and January 2025 by
// Beijing time (March and 2024 in UTC), one in 2024 and one draft, which
// must not count in 2025.
type dashEnv struct {
	*awardEnv
	contract *domain.Contract
	dash     *postgres.DashboardService
}

func newDashEnv(tb testing.TB) *dashEnv {
	tb.Helper()
	e, c := newContractEnv(tb)
	d := &dashEnv{awardEnv: e, contract: c, dash: postgres.NewDashboardService(e.db)}
	// Copies of the project, published at a Beijing time (nil: a draft).
	copyProject := `INSERT INTO projects (id, bureau_id, title, description, category, region_code, budget_fen, method,
		status, eligibility, criteria, targets, milestones, service_start, service_end, published_at, bid_deadline, opening_at)
		SELECT gen_random_uuid(), bureau_id, title, description, category, $2, $3, method,
		CASE WHEN $4::timestamptz IS NULL THEN 'draft' ELSE 'published' END, eligibility, criteria,
		targets, milestones, service_start, service_end, $4, $4 + interval '30 days', $4 + interval '30 days'
		FROM projects WHERE id = $1`
	for _, args := range [][]any{
		{"320214", 100_000_000, shanghai(2025, 4, 1, 2)}, // still 31 March in UTC
		{"320214", 3_000_000, shanghai(2025, 1, 1, 5)},   // still 2024 in UTC
		{"320214", 7_000_000, shanghai(2024, 12, 31, 23)},
		{"320214", 9_000_000, nil},
	} {
		if _, err := e.db.SQL().Exec(copyProject, e.project.ID, args[0], args[1], args[2]); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := e.db.SQL().Exec(`UPDATE organizations SET region_code = '320200' WHERE id = $1`, e.bureau.ID); err != nil {
		tb.Fatal(err)
	}
	return d
}

// report submits in for the contract and accepts it.
func (d *dashEnv) report(tb testing.TB, in domain.ReportInput) {
	tb.Helper()
	ctx := context.Background()
	r, err := d.contracts.SubmitReport(ctx, d.bidStaff, d.contract.ID, in)
	must(tb, err)
	_, err = d.contracts.ReviewReport(ctx, d.staff, r.ID, domain.ReportReview{Accept: true})
	must(tb, err)
}

func (d *dashEnv) get(tb testing.TB, a *domain.Actor, year int, region string) *domain.Dashboard {
	tb.Helper()
	got, err := d.dash.BureauDashboard(context.Background(), a, domain.DashboardQuery{BureauID: d.bureau.ID, Year: year, RegionCode: region})
	must(tb, err)
	return got
}

func month(t time.Time) int { return int(t.In(domain.Shanghai).Month()) }

func TestBureauDashboard(t *testing.T) {
	t.Parallel()
	d := newDashEnv(t)
	ctx := context.Background()
	first := reportInput(domain.NewDate(2026, 3, 1), domain.NewDate(2026, 6, 30))
	d.report(t, first)
	t.Run("OKFirstReportHalfTheTargets", func(t *testing.T) {
		got := d.get(t, d.staff, 2026, "")
		want := domain.DashboardOutcomes{Persons: 312, TargetsMet: 1, TargetsNotMet: 1}
		if got.Total.DashboardOutcomes != want || got.Months[5].PersonTimes != 2140 || got.Months[5].ReportsAccepted != 1 {
			t.Errorf("total %+v, June %+v", got.Total, got.Months[5])
		}
	})
	second := reportInput(domain.NewDate(2026, 7, 1), domain.NewDate(2026, 12, 31))
	second.Actuals[1].Actual, second.Beneficiaries = 3000, domain.Beneficiaries{Persons: 450, PersonTimes: 3000}
	d.report(t, second)
	c, err := d.contracts.FindContractByID(ctx, nil, d.contract.ID)
	must(t, err)
	a, err := d.awards.FindAward(ctx, nil, d.project.ID)
	must(t, err)
	t.Run("OKPersonsNotAddedAcrossReports", func(t *testing.T) {
		got := d.get(t, d.staff, 2026, "")
		// 人次 2140 + 3000 add up; 人数 is the latest cumulative count,
		// 450, not 312 + 450; 受益人次 5140 >= 5000 and 满意度 96.5 >= 95.
		want := domain.DashboardOutcomes{Persons: 450, TargetsMet: 2}
		if got.Total.DashboardOutcomes != want || got.Total.PersonTimes != 5140 || got.Total.ReportsAccepted != 2 {
			t.Errorf("total %+v", got.Total)
		}
		if got.Months[11].PersonTimes != 3000 || got.Total.ProjectsPublished != 0 || got.Total.ReleasedFen != 0 {
			t.Errorf("December %+v, total %+v", got.Months[11], got.Total)
		}
	})
	t.Run("OKYearByMonthAndDistrict", func(t *testing.T) {
		got := d.get(t, d.staff, 2025, "")
		var want [12]domain.DashboardFigures
		want[0].ProjectsPublished, want[0].BudgetFen = 1, 3_000_000
		want[3].ProjectsPublished, want[3].BudgetFen = 1, 100_000_000
		want[8].ProjectsPublished, want[8].BudgetFen = 1, 50_000_000
		am := month(a.PublishedAt) - 1
		want[am].Awards, want[am].AwardedFen, want[am].SavingsFen = 1, 45_000_000, 5_000_000
		cm := month(c.SignedAt) - 1
		want[cm].ContractsSigned, want[cm].ContractsCompleted, want[cm].ContractFen = 1, 1, 45_000_000
		for _, m := range c.Milestones {
			want[month(*m.ReleasedAt)-1].MilestonesReleased++
			want[month(*m.ReleasedAt)-1].ReleasedFen += m.AmountFen
		}
		for i := range want {
			if got.Months[i].Month != i+1 || got.Months[i].DashboardFigures != want[i] {
				t.Errorf("month %d = %+v, want %+v", i+1, got.Months[i].DashboardFigures, want[i])
			}
		}
		if len(got.Districts) != 2 || got.Districts[0].RegionCode != "320213" || got.Districts[0].RegionName != "梁溪区" ||
			got.Districts[1].RegionCode != "320214" || got.Districts[1].BudgetFen != 103_000_000 || got.Districts[1].Awards != 0 {
			t.Fatalf("districts %+v", got.Districts)
		}
		l := got.Districts[0]
		if l.BudgetFen != 50_000_000 || l.AwardedFen != 45_000_000 || l.ReleasedFen != 45_000_000 || l.MilestonesReleased != 2 {
			t.Errorf("梁溪区 %+v", l)
		}
		if got.Total.ProjectsPublished != 3 || got.Total.BudgetFen != 153_000_000 || got.Total.SavingsFen != 5_000_000 {
			t.Errorf("total %+v", got.Total)
		}
	})
	t.Run("OKDistrictFilter", func(t *testing.T) {
		got := d.get(t, d.ev1, 2025, "320214")
		if got.RegionName != "新吴区" || len(got.Districts) != 1 || got.Total.ProjectsPublished != 2 || got.Total.Awards != 0 || got.Months[3].BudgetFen != 100_000_000 {
			t.Errorf("新吴区 %+v", got)
		}
	})
	t.Run("OKEmptyYear", func(t *testing.T) {
		got := d.get(t, d.owner, 2024, "320213")
		if len(got.Months) != 12 || len(got.Districts) != 0 || got.Total != (domain.DashboardDistrict{}) {
			t.Errorf("2024 梁溪区 %+v", got)
		}
	})
	t.Run("ErrStrangerNotFound", func(t *testing.T) {
		for _, a := range []*domain.Actor{nil, d.stranger, d.bidStaff, d.platform} {
			_, err := d.dash.BureauDashboard(ctx, a, domain.DashboardQuery{BureauID: d.bureau.ID, Year: 2025})
			wantCode(t, err, domain.ENOTFOUND)
		}
		_, err := d.dash.BureauDashboard(ctx, d.staff, domain.DashboardQuery{BureauID: d.bidder.ID, Year: 2025})
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("ErrBadRegionOrYear", func(t *testing.T) {
		for region, field := range map[string]string{"320500": "region", "999999": "region", "3202": "region", "32021x": "region"} {
			_, err := d.dash.BureauDashboard(ctx, d.staff, domain.DashboardQuery{BureauID: d.bureau.ID, Year: 2025, RegionCode: region})
			wantField(t, err, domain.EMALFORMED, field)
		}
		for _, y := range []int{1999, 2027, 0} {
			_, err := d.dash.BureauDashboard(ctx, d.staff, domain.DashboardQuery{BureauID: d.bureau.ID, Year: y})
			wantField(t, err, domain.EMALFORMED, "year")
		}
	})
}

// TestBureauDashboardVolume sums 2,400 projects inserted in SQL, spread
// over four districts and every hour of the year in Beijing time, and
// checks each month and district against the arithmetic.
func TestBureauDashboardVolume(t *testing.T) {
	t.Parallel()
	e := newTenderEnv(t, shanghai(2025, 6, 1, 9))
	p := e.create(t, nil)
	// Project i is published at hour 3*i+1 of 2025 in Beijing (all in 2025,
	// months by Beijing time), in district i%4, with a budget of
	// 100,000 + i fen.
	_, err := e.db.SQL().Exec(`INSERT INTO projects (id, bureau_id, title, description, category, region_code, budget_fen,
		method, status, eligibility, criteria, targets, milestones, service_start, service_end, published_at, bid_deadline, opening_at)
		SELECT gen_random_uuid(), p.bureau_id, p.title, p.description, p.category, (ARRAY['320205','320206','320211','320213'])[i % 4 + 1],
			100000 + i, p.method, 'published', p.eligibility, p.criteria, p.targets, p.milestones, p.service_start, p.service_end,
			at, at + interval '30 days', at + interval '30 days'
		FROM projects p, generate_series(0, 2399) AS i,
			LATERAL (SELECT '2025-01-01 00:00:00+08'::timestamptz + (3 * i + 1) * interval '1 hour' AS at) t
		WHERE p.id = $1`, p.ID)
	must(t, err)
	must(t, dashExecErr(e.db.SQL().Exec(`UPDATE organizations SET region_code = '320200' WHERE id = $1`, e.bureau.ID)))
	var months [12]domain.DashboardFigures
	districts := map[string]*domain.DashboardFigures{}
	for i := range 2400 {
		at := time.Date(2025, 1, 1, 0, 0, 0, 0, domain.Shanghai).Add(time.Duration(3*i+1) * time.Hour)
		code := []string{"320205", "320206", "320211", "320213"}[i%4]
		m := &months[month(at)-1]
		m.ProjectsPublished++
		m.BudgetFen += 100_000 + int64(i)
		if districts[code] == nil {
			districts[code] = &domain.DashboardFigures{}
		}
		districts[code].ProjectsPublished++
		districts[code].BudgetFen += 100_000 + int64(i)
	}
	got, err := postgres.NewDashboardService(e.db).BureauDashboard(context.Background(), e.staff,
		domain.DashboardQuery{BureauID: e.bureau.ID, Year: 2025})
	must(t, err)
	for i := range months {
		if got.Months[i].DashboardFigures != months[i] {
			t.Errorf("month %d = %+v, want %+v", i+1, got.Months[i].DashboardFigures, months[i])
		}
	}
	if len(got.Districts) != 4 {
		t.Fatalf("districts %+v", got.Districts)
	}
	for _, x := range got.Districts {
		if want := districts[x.RegionCode]; want == nil || x.DashboardFigures != *want {
			t.Errorf("district %s = %+v, want %+v", x.RegionCode, x.DashboardFigures, want)
		}
	}
	// 2400 budgets of 100,000 fen plus 0+1+...+2399.
	if got.Total.ProjectsPublished != 2400 || got.Total.BudgetFen != 2400*100_000+2399*2400/2 {
		t.Errorf("total %+v", got.Total)
	}
}

// dashExecErr keeps the error of a two-valued call.
func dashExecErr(_ any, err error) error { return err }
