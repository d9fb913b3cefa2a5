package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
	"hutong/internal/i18n"
)

// The bureau dashboard (数据看板): a bureau's year by month and by
// district, as SVG charts and tables, with the same figures as an Excel
// workbook. Its messages live in the dashboard catalogue
// (locales/dashboard.*.toml) under "dashboard.", asked for through
// dashboardText so the catalogue test can find them.

// dashboardText renders the dashboard message "dashboard."+id; args are
// name, value pairs.
func dashboardText(l *i18n.Localizer, id string, args ...any) string {
	data := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		data[args[i].(string)] = args[i+1]
	}
	return l.T("dashboard."+id, data)
}

// dashboardData is what the dashboard page shows.
type dashboardData struct {
	l       *i18n.Localizer
	Dash    *domain.Dashboard
	Bureaus []*domain.Membership
	Years   []int
	Regions []regionOption
	// MonthCharts and DistrictCharts draw the months' and the districts'
	// figures; the tables below them hold the same numbers.
	MonthCharts    []barChart
	DistrictCharts []barChart
	XLSXURL        string
}

// D renders the dashboard message "dashboard."+id for the template.
func (d *dashboardData) D(id string, args ...any) string { return dashboardText(d.l, id, args...) }

// MonthName names month m (1 to 12).
func (d *dashboardData) MonthName(m int) string { return dashboardText(d.l, "month", "N", m) }

// Yuan writes fen as yuan with separators and two decimals.
func (d *dashboardData) Yuan(fen int64) string { return formatYuan(fen) }

// Count writes a whole number with separators.
func (d *dashboardData) Count(n int64) string { return countText(n) }

// dashboardReady answers 503 itself without a dashboard service.
func (s *Server) dashboardReady(c *gin.Context) bool {
	if s.dashboard == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return false
	}
	return true
}

// loadDashboard reads the query (?org=, ?year=, ?region=) and the
// figures, answering failures itself: anonymous readers are sent to sign
// in, anyone the dashboard is not for gets 404, and a bad year or region
// a 400 page that says which.
func (s *Server) loadDashboard(c *gin.Context) (*domain.Dashboard, *domain.Organization, bool) {
	if !s.dashboardReady(c) {
		return nil, nil, false
	}
	st := stateOf(c)
	if st.Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return nil, nil, false
	}
	bureau, err := s.dashboardBureau(c)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	year, err := domain.ParseDashboardYear(c.Query("year"), time.Now())
	if err == nil {
		err = domain.CheckDashboardRegion(c.Query("region"))
	}
	var d *domain.Dashboard
	if err == nil {
		d, err = s.dashboard.BureauDashboard(c.Request.Context(), st.Actor,
			domain.DashboardQuery{BureauID: bureau.ID, Year: year, RegionCode: c.Query("region")})
	}
	if e := domain.AsError(err); e != nil && e.Code == domain.EMALFORMED && len(e.Fields) > 0 {
		s.renderError(c, http.StatusBadRequest, dashboardBadInputID(e.Fields[0].Field))
		return nil, nil, false
	}
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	return d, bureau, true
}

// dashboardBadInputID is the message of a bad query parameter.
func dashboardBadInputID(field string) string {
	if field == "year" {
		return "dashboard.bad_year"
	}
	return "dashboard.bad_region"
}

// dashboardBureau loads ?org=, else the reader's first bureau. A reader
// in no bureau, or an id that is not one, is ENOTFOUND like any other
// dashboard the reader may not see.
func (s *Server) dashboardBureau(c *gin.Context) (*domain.Organization, error) {
	id := c.Query("org")
	if id == "" {
		bs := bureauMemberships(stateOf(c).Actor)
		if len(bs) == 0 {
			return nil, domain.Errorf(domain.ENOTFOUND, "dashboard not found")
		}
		id = bs[0].OrganizationID.String()
	}
	uid, err := domain.ParseID(id)
	if err != nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "dashboard not found")
	}
	org, err := s.orgs.FindOrganizationByID(c.Request.Context(), uid)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, domain.Errorf(domain.ENOTFOUND, "dashboard not found")
	}
	return org, err
}

// dashboardPage shows the dashboard.
func (s *Server) dashboardPage(c *gin.Context) {
	dash, bureau, ok := s.loadDashboard(c)
	if !ok {
		return
	}
	st := stateOf(c)
	d := &dashboardData{l: st.L, Dash: dash, Bureaus: bureauMemberships(st.Actor), Years: dashboardYears(dash.Year)}
	_, names, err := s.regions.tree(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Regions = dashboardRegions(names, bureau.RegionCode)
	d.MonthCharts, d.DistrictCharts = monthCharts(d, dash), districtCharts(d, dash)
	d.XLSXURL = "/bureau/dashboard.xlsx?" + dashboardQuery(dash).Encode()
	s.render(c, http.StatusOK, "dashboard", d.D("title", "Name", bureau.Name, "Year", dash.Year), d)
}

// dashboardQuery is the query string of a dashboard, for its links.
func dashboardQuery(d *domain.Dashboard) url.Values {
	q := url.Values{"org": {d.BureauID.String()}, "year": {strconv.Itoa(d.Year)}}
	if d.RegionCode != "" {
		q.Set("region", d.RegionCode)
	}
	return q
}

// dashboardYears offers the five years up to the one shown and next year.
func dashboardYears(shown int) []int {
	last := max(time.Now().In(domain.Shanghai).Year()+1, shown)
	var out []int
	for y := last; y > last-7 && y >= domain.DashboardFirstYear; y-- {
		out = append(out, y)
	}
	return out
}

// dashboardRegions lists the regions under the bureau's, for the
// district filter, by code.
func dashboardRegions(names map[string]string, bureauRegion string) []regionOption {
	var out []regionOption
	for code, name := range names {
		if code != bureauRegion && domain.RegionUnder(code, bureauRegion) {
			out = append(out, regionOption{Code: code, Label: name})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// monthCharts draws the months: budgets published, amounts awarded,
// payments released (万元) and person-times served.
func monthCharts(d *dashboardData, dash *domain.Dashboard) []barChart {
	labels := make([]string, 12)
	budget, awarded, released, times := make([]int64, 12), make([]int64, 12), make([]int64, 12), make([]int64, 12)
	for i, m := range dash.Months {
		labels[i] = d.MonthName(m.Month)
		budget[i], awarded[i], released[i] = toWanCents(m.BudgetFen), toWanCents(m.AwardedFen), toWanCents(m.ReleasedFen)
		times[i] = m.PersonTimes
	}
	return []barChart{
		d.chart("m-budget", "chart.month_budget", d.D("unit.wan"), labels, budget, wan),
		d.chart("m-awarded", "chart.month_awarded", d.D("unit.wan"), labels, awarded, wan),
		d.chart("m-released", "chart.month_released", d.D("unit.wan"), labels, released, wan),
		d.chart("m-times", "chart.month_person_times", d.D("unit.person_times"), labels, times, countText),
	}
}

// districtCharts draws the districts: budgets, awarded amounts (万元),
// person-times and unique persons.
func districtCharts(d *dashboardData, dash *domain.Dashboard) []barChart {
	n := len(dash.Districts)
	if n == 0 {
		return nil
	}
	labels := make([]string, n)
	budget, awarded, times, persons := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	for i, x := range dash.Districts {
		labels[i] = x.RegionName
		budget[i], awarded[i] = toWanCents(x.BudgetFen), toWanCents(x.AwardedFen)
		times[i], persons[i] = x.PersonTimes, x.Persons
	}
	return []barChart{
		d.chart("d-budget", "chart.district_budget", d.D("unit.wan"), labels, budget, wan),
		d.chart("d-awarded", "chart.district_awarded", d.D("unit.wan"), labels, awarded, wan),
		d.chart("d-times", "chart.district_person_times", d.D("unit.person_times"), labels, times, countText),
		d.chart("d-persons", "chart.district_persons", d.D("unit.persons"), labels, persons, countText),
	}
}

// chart builds one chart whose title is the message id and whose
// description is id+"_desc", both for the dashboard's year.
func (d *dashboardData) chart(id, msg, unit string, labels []string, values []int64, format func(int64) string) barChart {
	return barChart{ID: id, Title: d.D(msg, "Year", d.Dash.Year), Desc: d.D(msg+"_desc", "Year", d.Dash.Year),
		Unit: unit, Labels: labels, Values: values, Format: format, Empty: d.D("chart.empty")}
}
