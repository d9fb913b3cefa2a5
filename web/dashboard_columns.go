package web

import "hutong/domain"

// dashColumn is one figure of the dashboard's tables and workbook, in the
// same order on the page and in Excel. Money is in fen, shown as yuan.
type dashColumn struct {
	ID    string // the header is the message "dashboard.col."+ID
	Money bool
	get   func(*domain.DashboardDistrict) int64
}

// figureColumns are the additive figures, shown by month and by district.
var figureColumns = []dashColumn{
	{ID: "projects_published", get: func(x *domain.DashboardDistrict) int64 { return x.ProjectsPublished }},
	{ID: "budget", Money: true, get: func(x *domain.DashboardDistrict) int64 { return x.BudgetFen }},
	{ID: "awards", get: func(x *domain.DashboardDistrict) int64 { return x.Awards }},
	{ID: "awarded", Money: true, get: func(x *domain.DashboardDistrict) int64 { return x.AwardedFen }},
	{ID: "savings", Money: true, get: func(x *domain.DashboardDistrict) int64 { return x.SavingsFen }},
	{ID: "contracts_signed", get: func(x *domain.DashboardDistrict) int64 { return x.ContractsSigned }},
	{ID: "contracts_active", get: func(x *domain.DashboardDistrict) int64 { return x.ContractsActive }},
	{ID: "contracts_completed", get: func(x *domain.DashboardDistrict) int64 { return x.ContractsCompleted }},
	{ID: "contract_amount", Money: true, get: func(x *domain.DashboardDistrict) int64 { return x.ContractFen }},
	{ID: "milestones_released", get: func(x *domain.DashboardDistrict) int64 { return x.MilestonesReleased }},
	{ID: "released", Money: true, get: func(x *domain.DashboardDistrict) int64 { return x.ReleasedFen }},
	{ID: "reports_accepted", get: func(x *domain.DashboardDistrict) int64 { return x.ReportsAccepted }},
	{ID: "person_times", get: func(x *domain.DashboardDistrict) int64 { return x.PersonTimes }},
}

// outcomeColumns are the figures that exist only per district and for
// the year: unique persons and targets, which months cannot add up.
var outcomeColumns = []dashColumn{
	{ID: "persons", get: func(x *domain.DashboardDistrict) int64 { return x.Persons }},
	{ID: "targets_met", get: func(x *domain.DashboardDistrict) int64 { return x.TargetsMet }},
	{ID: "targets_not_met", get: func(x *domain.DashboardDistrict) int64 { return x.TargetsNotMet }},
}

// districtColumns are every column of the district table.
var districtColumns = append(append([]dashColumn{}, figureColumns...), outcomeColumns...)

// monthRow gives a month the district shape the columns read.
func monthRow(m domain.DashboardMonth) *domain.DashboardDistrict {
	return &domain.DashboardDistrict{DashboardFigures: m.DashboardFigures}
}

// text writes a cell of the page's tables.
func (col dashColumn) text(x *domain.DashboardDistrict) string {
	if col.Money {
		return formatYuan(col.get(x))
	}
	return countText(col.get(x))
}

// FigureColumns lists the month table's columns, for the template.
func (d *dashboardData) FigureColumns() []dashColumn { return figureColumns }

// DistrictColumns lists the district table's columns, for the template.
func (d *dashboardData) DistrictColumns() []dashColumn { return districtColumns }

// Header names a column.
func (d *dashboardData) Header(col dashColumn) string { return d.D("col." + col.ID) }

// MonthCell writes a month's figure.
func (d *dashboardData) MonthCell(col dashColumn, m domain.DashboardMonth) string {
	return col.text(monthRow(m))
}

// DistrictCell writes a district's (or the total's) figure.
func (d *dashboardData) DistrictCell(col dashColumn, x domain.DashboardDistrict) string {
	return col.text(&x)
}
