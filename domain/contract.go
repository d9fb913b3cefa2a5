package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// ContractStatus is where a service contract stands.
type ContractStatus string

// Contract statuses: active from the final award until every milestone
// is released, then completed.
const (
	ContractActive    ContractStatus = "active"
	ContractCompleted ContractStatus = "completed"
)

// MilestoneStatus says whether a payment milestone has been released.
type MilestoneStatus string

// Milestone statuses.
const (
	MilestonePending  MilestoneStatus = "pending"
	MilestoneReleased MilestoneStatus = "released"
)

// Actions on contracts, decided by Can.
const (
	// ActionContractReport is reporting outcomes for the contracted
	// organisation: its owners, admins and staff.
	ActionContractReport Action = "contract.report"
	// ActionContractReview is accepting or returning reports and grading
	// the contract for the bureau: its owners, admins and staff.
	ActionContractReview Action = "contract.review"
)

// contractAllowed decides the contract actions.
func contractAllowed(a *Actor, action Action, org *Organization) bool {
	if org == nil {
		return false
	}
	switch action {
	case ActionContractReport:
		return org.Kind != KindBureau && a.HasRole(org.ID, RoleOwner, RoleAdmin, RoleStaff)
	case ActionContractReview:
		return org.Kind == KindBureau && a.HasRole(org.ID, RoleOwner, RoleAdmin, RoleStaff)
	}
	return false
}

// ContractMilestone is a payment milestone of a contract: its share of
// the price in fen, and whether an accepted report has released it.
type ContractMilestone struct {
	Index      int             `json:"index"`
	Name       string          `json:"name"`
	Percent    int             `json:"percent"`
	AmountFen  int64           `json:"amount_fen"`
	Due        Date            `json:"due"`
	Status     MilestoneStatus `json:"status"`
	ReleasedAt *time.Time      `json:"released_at,omitempty"`
	ReportID   *uuid.UUID      `json:"report_id,omitempty"`
}

// Contract is the service contract a final award creates between the
// bureau and the winning organisation. Its terms are public.
type Contract struct {
	ID               uuid.UUID           `json:"id"`
	ProjectID        uuid.UUID           `json:"project_id"`
	ProjectTitle     string              `json:"project_title"`
	AwardID          uuid.UUID           `json:"award_id"`
	BureauID         uuid.UUID           `json:"bureau_id"`
	BureauName       string              `json:"bureau_name"`
	OrganizationID   uuid.UUID           `json:"organization_id"`
	OrganizationName string              `json:"organization_name"`
	PriceFen         int64               `json:"price_fen"`
	Currency         string              `json:"currency"`
	ServiceStart     Date                `json:"service_start"`
	ServiceEnd       Date                `json:"service_end"`
	Targets          []Target            `json:"targets"`
	Milestones       []ContractMilestone `json:"milestones"`
	Status           ContractStatus      `json:"status"`
	SignedAt         time.Time           `json:"signed_at"`
	Grades           []Grade             `json:"grades"`
}

// NextMilestone returns the first milestone not yet released, which the
// next report claims; nil when all are released.
func (c *Contract) NextMilestone() *ContractMilestone {
	for i := range c.Milestones {
		if c.Milestones[i].Status != MilestoneReleased {
			return &c.Milestones[i]
		}
	}
	return nil
}

// MilestoneAmounts splits a price in fen by the milestones' percents. Each
// share is rounded down and the last milestone takes what is left, so the
// shares always total the price exactly.
func MilestoneAmounts(priceFen int64, percents []int) []int64 {
	out := make([]int64, len(percents))
	var sum int64
	for i, p := range percents {
		if i == len(percents)-1 {
			out[i] = priceFen - sum
			break
		}
		out[i] = priceFen * int64(p) / 100
		sum += out[i]
	}
	return out
}

// NewContractMilestones builds a contract's milestones from the project's
// milestones and the awarded price.
func NewContractMilestones(ms []Milestone, priceFen int64) []ContractMilestone {
	percents := make([]int, len(ms))
	for i, m := range ms {
		percents[i] = m.Percent
	}
	amounts := MilestoneAmounts(priceFen, percents)
	out := make([]ContractMilestone, len(ms))
	for i, m := range ms {
		out[i] = ContractMilestone{Index: i, Name: m.Name, Percent: m.Percent, AmountFen: amounts[i], Due: m.Due, Status: MilestonePending}
	}
	return out
}

// ContractService keeps contracts, their outcome reports and grades.
type ContractService interface {
	// FindContractByID returns a contract to anyone: its terms are public.
	FindContractByID(ctx context.Context, actor *Actor, id uuid.UUID) (*Contract, error)
	// FindContracts lists the contracts of an organisation or a bureau,
	// newest first.
	FindContracts(ctx context.Context, actor *Actor, filter ContractFilter) ([]*Contract, error)
	// SubmitReport submits an outcome report for the contract's next
	// milestone (ActionContractReport on the contracted organisation).
	// A report already awaiting review is ECONFLICT.
	SubmitReport(ctx context.Context, actor *Actor, contractID uuid.UUID, in ReportInput) (*Report, error)
	// ReviewReport accepts a submitted report, releasing its milestone,
	// or returns it with comments (ActionContractReview on the bureau).
	// A report not awaiting review is ECONFLICT.
	ReviewReport(ctx context.Context, actor *Actor, reportID uuid.UUID, in ReportReview) (*Report, error)
	// FindReports lists a contract's reports: all of them in full to the
	// organisation and the bureau, the accepted figures to everyone else.
	FindReports(ctx context.Context, actor *Actor, contractID uuid.UUID) ([]*Report, error)
	// FindReportByID returns one report under the same rule.
	FindReportByID(ctx context.Context, actor *Actor, reportID uuid.UUID) (*Report, error)
	// GradeContract records a mid-term or final grade (ActionContractReview);
	// a stage already graded is ECONFLICT.
	GradeContract(ctx context.Context, actor *Actor, contractID uuid.UUID, in GradeInput) (*Grade, error)
}

// ContractFilter narrows a contract list to one organisation's or one
// bureau's contracts; at least one is required.
type ContractFilter struct {
	OrganizationID *uuid.UUID
	BureauID       *uuid.UUID
}
