package domain

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The bureau dashboard (数据看板) sums one bureau's tendering for a
// calendar year in Asia/Shanghai, by month and by district: what was
// published and budgeted, awarded and saved, contracted, paid, and what
// the accepted outcome reports say. It holds aggregates only, never a
// report's narrative or anything about a child.

// DashboardRoles are the bureau roles that may read the dashboard: those
// who run, evaluate or pay for its tenders. A child director of a bureau
// has no business with procurement figures.
var DashboardRoles = []Role{RoleOwner, RoleAdmin, RoleStaff, RoleEvaluator, RoleFinance}

// CanViewDashboard allows a bureau's owners, admins, staff, evaluators and
// finance officers. Everyone else, platform admins included, gets
// ENOTFOUND: a bureau's internal figures are not theirs, and a 404 does
// not confirm what they cannot read.
func CanViewDashboard(a *Actor, bureau *Organization) error {
	if bureau == nil || bureau.Kind != KindBureau || !a.HasRole(bureau.ID, DashboardRoles...) {
		return Errorf(ENOTFOUND, "dashboard not found")
	}
	return nil
}

// Bounds of a dashboard year: the platform holds nothing before
// DashboardFirstYear, and a year more than one ahead of now is a typo.
const DashboardFirstYear = 2000

// ParseDashboardYear reads the year query parameter: empty means the
// current year in Asia/Shanghai; anything else must be a whole year from
// DashboardFirstYear to next year, or it is EMALFORMED naming "year".
func ParseDashboardYear(s string, now time.Time) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return now.In(Shanghai).Year(), nil
	}
	y, err := strconv.Atoi(s)
	if err != nil {
		y = 0
	}
	return y, CheckDashboardYear(y, now)
}

// CheckDashboardYear requires a year from DashboardFirstYear to the year
// after now's in Asia/Shanghai; anything else is EMALFORMED naming "year".
func CheckDashboardYear(y int, now time.Time) error {
	last := now.In(Shanghai).Year() + 1
	if y < DashboardFirstYear || y > last {
		return dashboardBadInput("year", "must be a year from 2000 to "+strconv.Itoa(last))
	}
	return nil
}

// CheckDashboardRegion checks the optional district filter's form: empty,
// or a six-digit code. Whether the region exists and lies under the
// bureau's region is the service's to check against the region table.
func CheckDashboardRegion(code string) error {
	if code == "" || len(code) == 6 && strings.Trim(code, "0123456789") == "" {
		return nil
	}
	return dashboardBadInput("region", "must be a six-digit region code")
}

// DashboardRegionOutside is the error for a region that is unknown or
// not under the bureau's region.
func DashboardRegionOutside() error {
	return dashboardBadInput("region", "must be a region under the bureau's region")
}

// dashboardBadInput is a bad query parameter: the request cannot be
// answered as asked (400), naming the parameter.
func dashboardBadInput(field, msg string) *Error {
	return &Error{Code: EMALFORMED, Message: field + " " + msg, Fields: []FieldError{{Field: field, Message: msg}}}
}

// DashboardQuery asks for one bureau's dashboard for a year, optionally
// narrowed to a region under the bureau's (a district).
type DashboardQuery struct {
	BureauID   uuid.UUID
	Year       int
	RegionCode string
}

// DashboardFigures are the additive figures of a month, a district or the
// whole year. Amounts are in fen. Each figure is dated by its own event:
// publication, award, contract signature, milestone release, and the end
// of a report's period.
type DashboardFigures struct {
	// ProjectsPublished and BudgetFen count projects published in the
	// period and their budgets.
	ProjectsPublished int64 `json:"projects_published"`
	BudgetFen         int64 `json:"budget_fen"`
	// Awards counts awards published (pending or final, not cancelled);
	// AwardedFen sums their prices and SavingsFen their projects' budgets
	// less those prices (节约资金).
	Awards     int64 `json:"awards"`
	AwardedFen int64 `json:"awarded_fen"`
	SavingsFen int64 `json:"savings_fen"`
	// ContractsSigned counts contracts signed in the period, split into
	// those still active and those completed today.
	ContractsSigned    int64 `json:"contracts_signed"`
	ContractsActive    int64 `json:"contracts_active"`
	ContractsCompleted int64 `json:"contracts_completed"`
	ContractFen        int64 `json:"contract_fen"`
	// MilestonesReleased counts payment milestones released and
	// ReleasedFen their amounts.
	MilestonesReleased int64 `json:"milestones_released"`
	ReleasedFen        int64 `json:"released_fen"`
	// ReportsAccepted counts accepted outcome reports whose period ends in
	// the period; PersonTimes (人次) sums theirs, which are per period and
	// so additive.
	ReportsAccepted int64 `json:"reports_accepted"`
	PersonTimes     int64 `json:"person_times"`
}

// Add adds o's figures to f.
func (f *DashboardFigures) Add(o DashboardFigures) {
	f.ProjectsPublished += o.ProjectsPublished
	f.BudgetFen += o.BudgetFen
	f.Awards += o.Awards
	f.AwardedFen += o.AwardedFen
	f.SavingsFen += o.SavingsFen
	f.ContractsSigned += o.ContractsSigned
	f.ContractsActive += o.ContractsActive
	f.ContractsCompleted += o.ContractsCompleted
	f.ContractFen += o.ContractFen
	f.MilestonesReleased += o.MilestonesReleased
	f.ReleasedFen += o.ReleasedFen
	f.ReportsAccepted += o.ReportsAccepted
	f.PersonTimes += o.PersonTimes
}

// DashboardOutcomes are the figures that are not additive by month:
// unique persons and targets, which only make sense per contract.
type DashboardOutcomes struct {
	// Persons (人数) sums, over contracts, the unique persons of each
	// contract's latest accepted report of the year (that count is
	// cumulative for its contract). Someone served under two contracts is
	// counted twice: the sum is an upper bound across contracts.
	Persons int64 `json:"persons"`
	// TargetsMet and TargetsNotMet count the (contract, target) pairs of
	// contracts with an accepted report in the year, judged by
	// TargetMet as of the latest such report.
	TargetsMet    int64 `json:"targets_met"`
	TargetsNotMet int64 `json:"targets_not_met"`
}

// Add adds o's figures to d.
func (d *DashboardOutcomes) Add(o DashboardOutcomes) {
	d.Persons += o.Persons
	d.TargetsMet += o.TargetsMet
	d.TargetsNotMet += o.TargetsNotMet
}

// DashboardMonth is one calendar month (1 to 12) of the year.
type DashboardMonth struct {
	Month int `json:"month"`
	DashboardFigures
}

// DashboardDistrict is one region's row: the region of the projects
// (usually a district, 区县), with every figure.
type DashboardDistrict struct {
	RegionCode string `json:"region_code"`
	RegionName string `json:"region_name"`
	DashboardFigures
	DashboardOutcomes
}

// Dashboard is a bureau's year. Months always has twelve entries;
// Districts lists only regions with something to show, by code.
type Dashboard struct {
	BureauID   uuid.UUID           `json:"bureau_id"`
	BureauName string              `json:"bureau_name"`
	Year       int                 `json:"year"`
	RegionCode string              `json:"region_code,omitempty"`
	RegionName string              `json:"region_name,omitempty"`
	Months     []DashboardMonth    `json:"months"`
	Districts  []DashboardDistrict `json:"districts"`
	Total      DashboardDistrict   `json:"total"`
}

// NewDashboard returns an empty dashboard with its twelve months.
func NewDashboard(bureau *Organization, year int) *Dashboard {
	d := &Dashboard{BureauID: bureau.ID, BureauName: bureau.Name, Year: year,
		Months: make([]DashboardMonth, 12), Districts: []DashboardDistrict{}}
	for i := range d.Months {
		d.Months[i].Month = i + 1
	}
	return d
}

// TargetMet judges one performance target from a contract's accepted
// reports. Person-times (人次) and counts (场次, 个案数) are reported per
// period, so their sum over the reports is compared with the target;
// unique persons (人数) are cumulative and percentages (满意度) are rates,
// so the latest report's value is. Every target is a floor.
func TargetMet(kind TargetKind, target, sum, latest float64) bool {
	switch kind {
	case TargetPersonTimes, TargetCount:
		return sum >= target
	}
	return latest >= target
}

// DashboardService answers the bureau dashboard.
type DashboardService interface {
	// BureauDashboard returns q's figures to a reader CanViewDashboard
	// allows (ENOTFOUND otherwise, and for an unknown bureau). A region
	// unknown or outside the bureau's region is EMALFORMED naming
	// "region"; a year outside the bounds ParseDashboardYear allows is
	// EMALFORMED naming "year".
	BureauDashboard(ctx context.Context, actor *Actor, q DashboardQuery) (*Dashboard, error)
}
