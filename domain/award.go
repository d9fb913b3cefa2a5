package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// AwardStatus is where an award stands in its complaint window (质疑期).
type AwardStatus string

// Award statuses. An award is pending while bidders may still complain,
// final once the window has closed with no complaint upheld, and
// cancelled when a complaint was upheld and the project went back to
// evaluation.
const (
	AwardPending   AwardStatus = "pending"
	AwardFinal     AwardStatus = "final"
	AwardCancelled AwardStatus = "cancelled"
)

// Actions of the award and its complaints, decided by Can.
const (
	// ActionAwardManage is publishing the award and answering complaints:
	// the bureau's owners, admins and staff.
	ActionAwardManage Action = "award.manage"
	// ActionComplaintFile is complaining about an award on behalf of a
	// bidding organisation: its owners, admins and staff.
	ActionComplaintFile Action = "complaint.file"
)

// awardAllowed decides the award actions.
func awardAllowed(a *Actor, action Action, org *Organization) bool {
	if org == nil {
		return false
	}
	switch action {
	case ActionAwardManage:
		return org.Kind == KindBureau && a.HasRole(org.ID, RoleOwner, RoleAdmin, RoleStaff)
	case ActionComplaintFile:
		return org.Kind != KindBureau && a.HasRole(org.ID, RoleOwner, RoleAdmin, RoleStaff)
	}
	return false
}

// Audit actions of awards and complaints.
const (
	AuditAwardPublished    = "award.published"
	AuditAwardFinalized    = "award.finalized"
	AuditAwardCancelled    = "award.cancelled"
	AuditComplaintFiled    = "complaint.filed"
	AuditComplaintAnswered = "complaint.answered"
	AuditContractCreated   = "contract.created"
	AuditReportSubmitted   = "report.submitted"
	AuditReportAccepted    = "report.accepted"
	AuditReportReturned    = "report.returned"
	AuditMilestoneReleased = "milestone.released"
	AuditContractGraded    = "contract.graded"
	AuditContractCompleted = "contract.completed"
	AuditProjectCompleted  = "project.completed"
	AuditProjectInService  = "project.in_service"
)

// Award is the published result of a tender (中标结果公告): the winning
// bid, its price and score, and the complaint window. Everything in it is
// public.
type Award struct {
	ID               uuid.UUID   `json:"id"`
	ProjectID        uuid.UUID   `json:"project_id"`
	BidID            uuid.UUID   `json:"bid_id"`
	OrganizationID   uuid.UUID   `json:"organization_id"`
	OrganizationName string      `json:"organization_name"`
	PriceFen         int64       `json:"price_fen"`
	TotalScore       Points      `json:"total_score"`
	Status           AwardStatus `json:"status"`
	PublishedAt      time.Time   `json:"published_at"`
	// ComplaintDeadline is when the complaint window closes: the end of
	// its last working day in Asia/Shanghai.
	ComplaintDeadline time.Time  `json:"complaint_deadline"`
	FinalizedAt       *time.Time `json:"finalized_at,omitempty"`
	CancelledAt       *time.Time `json:"cancelled_at,omitempty"`
	// ContractID is the contract the final award created.
	ContractID *uuid.UUID `json:"contract_id,omitempty"`
}

// ComplaintWindowEnd returns when the complaint window of an award
// published at publishedAt closes: the end (midnight after) of the last
// day the rule allows, in Asia/Shanghai.
func (r TenderRules) ComplaintWindowEnd(cal *Calendar, publishedAt time.Time) time.Time {
	rule, ok := r.Period(PeriodComplaintWindow)
	if !ok {
		rule = PeriodRule{Name: PeriodComplaintWindow, Days: 7, Working: true}
	}
	return rule.EarliestEnd(cal, publishedAt).AddDays(1).Start().UTC()
}

// AwardInput is the bureau's award. BidID, when given, must be the
// evaluation's first-ranked bid: under 综合评分法 the award follows the
// ranking, and naming the bid guards against awarding a stale page.
type AwardInput struct {
	BidID *uuid.UUID `json:"bid_id"`
}

// AwardFinalizeArgs is the job that makes an award final when its
// complaint window closes. Publishing the award inserts it in the same
// transaction.
type AwardFinalizeArgs struct {
	ProjectID uuid.UUID `json:"project_id"`
	AwardID   uuid.UUID `json:"award_id"`
	Deadline  time.Time `json:"deadline"`
}

// Kind names the job for the queue.
func (AwardFinalizeArgs) Kind() string { return "award_finalize" }

// AwardService publishes awards, takes complaints and makes awards final.
type AwardService interface {
	// PublishAward awards an evaluated project to its first-ranked bid
	// (ActionAwardManage on the bureau) and opens the complaint window.
	// A project not evaluated, or already awarded, is ECONFLICT.
	PublishAward(ctx context.Context, actor *Actor, projectID uuid.UUID, in AwardInput) (*Award, error)
	// FindAward returns the project's current award (the latest one) to
	// anyone who may see the project; ENOTFOUND before any award.
	FindAward(ctx context.Context, actor *Actor, projectID uuid.UUID) (*Award, error)
	// FileComplaint records a bidder's complaint (质疑) while the window is
	// open (ActionComplaintFile on the complaining organisation, which
	// must hold an opened bid on the project). One complaint per
	// organisation and award; a second is ECONFLICT, and so is one after
	// the window.
	FileComplaint(ctx context.Context, actor *Actor, projectID uuid.UUID, in ComplaintInput) (*Complaint, error)
	// AnswerComplaint records the bureau's answer (ActionAwardManage). An
	// upheld complaint cancels the award and returns the project to
	// evaluation; a rejection after the window closes, with no complaint
	// left unanswered, makes the award final.
	AnswerComplaint(ctx context.Context, actor *Actor, complaintID uuid.UUID, in ComplaintAnswer) (*Complaint, error)
	// FindComplaints lists a project's complaints as the actor may see
	// them: all to the bureau, its own to a complaining organisation, and
	// answered ones without the complainant to everyone else.
	FindComplaints(ctx context.Context, actor *Actor, projectID uuid.UUID) ([]*Complaint, error)
	// FinalizeAward makes a pending award final once its window has
	// closed with no complaint unanswered or upheld, creating the
	// contract; it answers false when there is nothing to do yet. The
	// award job calls it; it is idempotent.
	FinalizeAward(ctx context.Context, projectID uuid.UUID) (bool, error)
}

// Notification kinds of awards, complaints and contracts.
const (
	NotifyAwardPublished    = "award_published"
	NotifyAwardFinal        = "award_final"
	NotifyAwardCancelled    = "award_cancelled"
	NotifyComplaintFiled    = "complaint_filed"
	NotifyComplaintAnswered = "complaint_answered"
	NotifyReportSubmitted   = "report_submitted"
	NotifyReportAccepted    = "report_accepted"
	NotifyReportReturned    = "report_returned"
)
