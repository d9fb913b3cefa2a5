package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// ProjectMethod is the procurement method (采购方式) of a project.
type ProjectMethod string

// Procurement methods.
const (
	MethodOpenTender              ProjectMethod = "open_tender"              // 公开招标
	MethodCompetitiveConsultation ProjectMethod = "competitive_consultation" // 竞争性磋商
	MethodSingleSource            ProjectMethod = "single_source"            // 单一来源
)

// ProjectMethods lists every method, in display order.
var ProjectMethods = []ProjectMethod{MethodOpenTender, MethodCompetitiveConsultation, MethodSingleSource}

// Valid reports whether m is a known method.
func (m ProjectMethod) Valid() bool {
	for _, x := range ProjectMethods {
		if m == x {
			return true
		}
	}
	return false
}

// ProjectStatus is where a project is in its life; CanTransition says how
// it may move.
type ProjectStatus string

// Project statuses, in the order a successful project passes them, then
// the two ends a project may reach instead.
const (
	StatusDraft         ProjectStatus = "draft"
	StatusPublished     ProjectStatus = "published"
	StatusBiddingClosed ProjectStatus = "bidding_closed"
	StatusOpened        ProjectStatus = "opened"
	StatusEvaluated     ProjectStatus = "evaluated"
	StatusAwarded       ProjectStatus = "awarded"
	StatusContracted    ProjectStatus = "contracted"
	StatusInService     ProjectStatus = "in_service"
	StatusCompleted     ProjectStatus = "completed"
	StatusCancelled     ProjectStatus = "cancelled"
	StatusFailed        ProjectStatus = "failed" // 流标: too few valid bids
)

// ProjectStatuses lists every status, in life order.
var ProjectStatuses = []ProjectStatus{
	StatusDraft, StatusPublished, StatusBiddingClosed, StatusOpened, StatusEvaluated,
	StatusAwarded, StatusContracted, StatusInService, StatusCompleted, StatusCancelled, StatusFailed,
}

// Valid reports whether s is a known status.
func (s ProjectStatus) Valid() bool {
	for _, x := range ProjectStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// TargetKind says how a performance target is counted. Unique persons
// (人数) and person-times (人次) are kept apart, as outcome reports must.
type TargetKind string

// Target kinds.
const (
	TargetPersonCount TargetKind = "person_count" // 人数: unique persons
	TargetPersonTimes TargetKind = "person_times" // 人次: attendances
	TargetCount       TargetKind = "count"        // 场次, 个案数 ...: whole things
	TargetPercent     TargetKind = "percent"      // 满意度 ...: 0 to 100
)

// TargetKinds lists every kind, in display order.
var TargetKinds = []TargetKind{TargetPersonCount, TargetPersonTimes, TargetCount, TargetPercent}

// Valid reports whether k is a known kind.
func (k TargetKind) Valid() bool {
	for _, x := range TargetKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Eligibility says who may bid. Rating and regions are checked against
// the bidding organisation's profile; the grade rule against its past
// contracts' evaluation grades.
type Eligibility struct {
	// MinRating is the lowest evaluation rating (1A..5A) accepted; "" for
	// none.
	MinRating string `json:"min_rating"`
	// RegionCodes limits bidders to organisations in these regions (and
	// under them); empty for anywhere.
	RegionCodes []string `json:"region_codes"`
	// VerifiedOnly admits only organisations a platform admin verified.
	VerifiedOnly bool `json:"verified_only"`
	// SafeguardingRequired asks that staff named in a bid hold a current
	// safeguarding check (入职查询), for child-facing work.
	SafeguardingRequired bool `json:"safeguarding_required"`
	// ExcludeFailedGrade excludes organisations graded 不合格 in the last
	// year.
	ExcludeFailedGrade bool `json:"exclude_failed_grade"`
}

// TechnicalItem is one technical scoring item of 综合评分法, scored by
// evaluators from 0 to MaxPoints.
type TechnicalItem struct {
	Key       string `json:"key"`
	Name      string `json:"name"`
	MaxPoints int    `json:"max_points"`
}

// Criteria are the weights bids are scored by: the price weight and the
// technical items' maximum points total 100.
type Criteria struct {
	PriceWeight int             `json:"price_weight"`
	Technical   []TechnicalItem `json:"technical"`
}

// Target is a performance target (绩效目标) the contract is judged by, e.g.
// 受益人次 5000 person_times.
type Target struct {
	Indicator string     `json:"indicator"`
	Unit      string     `json:"unit"`
	Target    float64    `json:"target"`
	Kind      TargetKind `json:"kind"`
}

// Milestone is a payment milestone: a share of the contract price due on
// a date once its report is accepted. Percents total 100.
type Milestone struct {
	Name    string `json:"name"`
	Percent int    `json:"percent"`
	Due     Date   `json:"due"`
}

// Timeline holds the moments set at publication; all nil for a draft.
type Timeline struct {
	PublishedAt *time.Time `json:"published_at"`
	BidDeadline *time.Time `json:"bid_deadline"`
	OpeningAt   *time.Time `json:"opening_at"`
}

// Project is a government-purchased service project (政府购买服务项目) a
// bureau tenders. Every field is public once the project is published;
// bids, which are sealed, live apart from it.
type Project struct {
	ID           uuid.UUID     `json:"id"`
	BureauID     uuid.UUID     `json:"bureau_id"`
	BureauName   string        `json:"bureau_name"`
	Title        string        `json:"title"`
	Description  string        `json:"description"`
	Category     string        `json:"category"`
	RegionCode   string        `json:"region_code"`
	RegionName   string        `json:"region_name"`
	BudgetFen    int64         `json:"budget_fen"`
	Currency     string        `json:"currency"`
	Method       ProjectMethod `json:"method"`
	Status       ProjectStatus `json:"status"`
	Eligibility  Eligibility   `json:"eligibility"`
	Criteria     Criteria      `json:"criteria"`
	Targets      []Target      `json:"targets"`
	Milestones   []Milestone   `json:"milestones"`
	ServiceStart Date          `json:"service_start"`
	ServiceEnd   Date          `json:"service_end"`
	Timeline     Timeline      `json:"timeline"`
	CancelReason string        `json:"cancel_reason,omitempty"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
}

// CurrencyCNY is the only currency: budgets and prices are in fen (分).
const CurrencyCNY = "CNY"

// Public reports whether everyone may see the project: once published,
// it stays public whatever happens next (a cancellation after publication
// is itself public). Drafts, and drafts cancelled before publication, are
// the bureau's own.
func (p *Project) Public() bool {
	return p.Status != StatusDraft && p.Timeline.PublishedAt != nil
}

// VisibleTo reports whether actor may see the project: everyone when it
// is public, otherwise only the bureau's members and platform admins.
func (p *Project) VisibleTo(actor *Actor) bool {
	return p.Public() || actor.Membership(p.BureauID) != nil || actor.PlatformAdmin()
}

// Audit actions of projects.
const (
	AuditProjectCreated       = "project.created"
	AuditProjectUpdated       = "project.updated"
	AuditProjectPublished     = "project.published"
	AuditProjectCancelled     = "project.cancelled"
	AuditProjectBiddingClosed = "project.bidding_closed"
)

// SearchProjects is the search document type of public projects.
const SearchProjects = "projects"

// ProjectDeadlineArgs is the job that closes bidding at a project's bid
// deadline. It is inserted, scheduled at the deadline, in the transaction
// that publishes the project or moves its deadline; the worker's
// conditional update makes a stale job (an earlier deadline since moved)
// a no-op, so bidding closes exactly once.
type ProjectDeadlineArgs struct {
	ProjectID uuid.UUID `json:"project_id"`
	Deadline  time.Time `json:"deadline"`
}

// Kind names the job for the queue.
func (ProjectDeadlineArgs) Kind() string { return "project_deadline" }

// ProjectService manages a bureau's projects from draft to publication
// and cancellation; later stages (bids, opening, award) add their own
// services.
type ProjectService interface {
	// CreateProject creates a draft for bureauID (ActionProjectCreate).
	CreateProject(ctx context.Context, actor *Actor, bureauID uuid.UUID, in ProjectInput) (*Project, error)
	// UpdateProject replaces a draft's content (ActionProjectEdit); any
	// other status is ECONFLICT.
	UpdateProject(ctx context.Context, actor *Actor, id uuid.UUID, in ProjectInput) (*Project, error)
	// PublishProject publishes a draft with its bid deadline and opening
	// time, checked against the minimum periods of TenderRules on the
	// working-day calendar (ActionProjectPublish). A short period is
	// EINVALID on "bid_deadline"; a project not in draft is ECONFLICT.
	PublishProject(ctx context.Context, actor *Actor, id uuid.UUID, bidDeadline, openingAt time.Time) (*Project, error)
	// CancelProject cancels a project with a reason (ActionProjectCancel);
	// a status that cannot be cancelled is ECONFLICT.
	CancelProject(ctx context.Context, actor *Actor, id uuid.UUID, reason string) (*Project, error)
	// FindProjectByID returns a project the actor may see (VisibleTo);
	// anything else is ENOTFOUND.
	FindProjectByID(ctx context.Context, actor *Actor, id uuid.UUID) (*Project, error)
	// FindProjects lists projects newest first (by publication, or by
	// creation for drafts) with the next page's cursor. Everyone sees
	// public projects; with f.BureauID set, that bureau's members also see
	// its drafts.
	FindProjects(ctx context.Context, actor *Actor, f ProjectFilter) ([]*Project, string, error)
	// CountProjects counts what FindProjects would list, ignoring the page.
	CountProjects(ctx context.Context, actor *Actor, f ProjectFilter) (int, error)
	// FindProjectsByIDs loads the public projects among ids in one query,
	// in the order of ids, skipping unknown and non-public ones; search
	// hits are hydrated through it.
	FindProjectsByIDs(ctx context.Context, ids []uuid.UUID) ([]*Project, error)
}
