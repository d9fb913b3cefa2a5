package domain

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// NotifyProjectAmended tells a bidder that a project it bid on changed
// substantively, so that it must confirm (or resubmit) its bid.
const NotifyProjectAmended = "project_amended"

// Audit actions of amendments and confirmations.
const (
	AuditProjectAmended = "project.amended"
	AuditBidConfirmed   = "bid.confirmed"
)

// ProjectAmendment is an edit of a published project (更正公告). Nil fields
// stay as they are; title, category, region and method never change
// after publication, since a different project is a new tender.
type ProjectAmendment struct {
	Description  *string      `json:"description"`
	BudgetFen    *int64       `json:"budget_fen"`
	Eligibility  *Eligibility `json:"eligibility"`
	Criteria     *Criteria    `json:"criteria"`
	Targets      *[]Target    `json:"targets"`
	Milestones   *[]Milestone `json:"milestones"`
	ServiceStart *Date        `json:"service_start"`
	ServiceEnd   *Date        `json:"service_end"`
	BidDeadline  *time.Time   `json:"bid_deadline"`
	OpeningAt    *time.Time   `json:"opening_at"`
	// Reason is published with the amendment; it is required.
	Reason string `json:"reason"`
}

// Input overlays the amendment on p's content, for the usual validation.
func (a *ProjectAmendment) Input(p *Project) ProjectInput {
	in := ProjectInput{Title: p.Title, Description: p.Description, Category: p.Category, RegionCode: p.RegionCode,
		BudgetFen: p.BudgetFen, Method: p.Method, Eligibility: p.Eligibility, Criteria: p.Criteria,
		Targets: p.Targets, Milestones: p.Milestones, ServiceStart: p.ServiceStart, ServiceEnd: p.ServiceEnd}
	set(&in.Description, a.Description)
	set(&in.BudgetFen, a.BudgetFen)
	set(&in.Eligibility, a.Eligibility)
	set(&in.Criteria, a.Criteria)
	set(&in.Targets, a.Targets)
	set(&in.Milestones, a.Milestones)
	set(&in.ServiceStart, a.ServiceStart)
	set(&in.ServiceEnd, a.ServiceEnd)
	return in
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// AmendmentPlan is what an amendment does: the content fields it changes,
// whether that is substantive, and the timeline after any extension.
type AmendmentPlan struct {
	Changed     []string
	Substantive bool
	BidDeadline time.Time
	OpeningAt   time.Time
	// Extended is set when the deadline was moved to keep the minimum
	// bidding period after a substantive change.
	Extended bool
}

// nonSubstantive are the fields whose change does not alter what bidders
// offer: wording of the description only.
var nonSubstantive = map[string]bool{"description": true}

// PlanAmendment decides an amendment of published project p, made at now
// with new content in (already normalised). The budget may not be lowered
// ("budget_fen"), the deadline not brought forward ("bid_deadline"), and
// the opening not before the deadline ("opening_at"). A substantive
// change (anything but the description) restarts the method's minimum
// bidding period from now, as 政府采购法实施条例 art. 31 requires for a
// clarification or change affecting bids: the deadline moves to at least
// the period's earliest end (same time of day), the opening by as much.
func (r TenderRules) PlanAmendment(cal *Calendar, p *Project, in ProjectInput, deadline, opening, now time.Time) (AmendmentPlan, error) {
	var v Validation
	v.Check(in.BudgetFen >= p.BudgetFen, "budget_fen", "may not be lowered after publication")
	old := time.Time{}
	if p.Timeline.BidDeadline != nil {
		old = *p.Timeline.BidDeadline
	}
	v.Check(!deadline.Before(old), "bid_deadline", "may be extended but not brought forward")
	v.Check(!opening.Before(deadline), "opening_at", "must not be before the bid deadline")
	if err := v.Err(); err != nil {
		return AmendmentPlan{}, err
	}
	plan := AmendmentPlan{Changed: amendedFields(p, in), BidDeadline: deadline, OpeningAt: opening}
	for _, f := range plan.Changed {
		plan.Substantive = plan.Substantive || !nonSubstantive[f]
	}
	if rule, ok := r.BiddingPeriod(p.Method); ok && plan.Substantive {
		if end := rule.EarliestEnd(cal, now); DateOf(deadline).Before(end) {
			d := deadline.In(Shanghai)
			moved := time.Date(end.Year, end.Month, end.Day, d.Hour(), d.Minute(), d.Second(), d.Nanosecond(), Shanghai).UTC()
			plan.OpeningAt = opening.Add(moved.Sub(deadline))
			plan.BidDeadline, plan.Extended = moved, true
		}
	}
	if !in.ServiceStart.IsZero() && in.ServiceStart.Before(DateOf(plan.OpeningAt)) {
		return AmendmentPlan{}, Invalid("service_start", "the service must not start before the bids are opened")
	}
	return plan, nil
}

// amendedFields names the amendable fields whose content differs.
func amendedFields(p *Project, in ProjectInput) []string {
	pairs := []struct {
		name string
		x, y any
	}{
		{"description", p.Description, in.Description}, {"budget_fen", p.BudgetFen, in.BudgetFen},
		{"eligibility", p.Eligibility, in.Eligibility}, {"criteria", p.Criteria, in.Criteria},
		{"targets", p.Targets, in.Targets}, {"milestones", p.Milestones, in.Milestones},
		{"service_start", p.ServiceStart, in.ServiceStart}, {"service_end", p.ServiceEnd, in.ServiceEnd},
	}
	out := []string{}
	for _, f := range pairs {
		x, _ := json.Marshal(f.x)
		y, _ := json.Marshal(f.y)
		if string(x) != string(y) {
			out = append(out, f.name)
		}
	}
	return out
}

// NormalizeAmendmentReason trims and checks the published reason.
func NormalizeAmendmentReason(s string) (string, error) {
	s = trimSpace(s)
	if n := utf8.RuneCountInString(s); n < 2 || n > 1000 {
		return "", Invalid("reason", fmt.Sprintf("must be 2 to 1000 characters, not %d", n))
	}
	return s, nil
}

// ProjectAmender amends published projects (ActionProjectEdit).
type ProjectAmender interface {
	// AmendProject amends a published project before its deadline; any
	// other status is ECONFLICT. A substantive change extends the deadline
	// to keep the minimum period, marks the live bids needs_confirmation
	// and notifies their organisations.
	AmendProject(ctx context.Context, actor *Actor, id uuid.UUID, in ProjectAmendment) (*Project, error)
}

// BidConfirmer confirms bids after a substantive amendment.
type BidConfirmer interface {
	// ConfirmBid confirms a needs_confirmation bid before the deadline
	// (ActionBidSubmit), with a new receipt time; after it, ECONFLICT.
	ConfirmBid(ctx context.Context, actor *Actor, bidID uuid.UUID) (*Bid, error)
}
