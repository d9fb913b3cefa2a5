package api

import (
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

// projectJSON is a project as the API shows it. It has exactly the fields
// of domain.Project (the conversion in projectView stops compiling when
// the two drift apart, so a field added to the domain for a later stage,
// such as something sealed, is never shown by accident).
type projectJSON struct {
	ID           uuid.UUID            `json:"id"`
	BureauID     uuid.UUID            `json:"bureau_id"`
	BureauName   string               `json:"bureau_name"`
	Title        string               `json:"title"`
	Description  string               `json:"description"`
	Category     string               `json:"category"`
	RegionCode   string               `json:"region_code"`
	RegionName   string               `json:"region_name"`
	BudgetFen    int64                `json:"budget_fen"`
	Currency     string               `json:"currency"`
	Method       domain.ProjectMethod `json:"method"`
	Status       domain.ProjectStatus `json:"status"`
	Eligibility  domain.Eligibility   `json:"eligibility"`
	Criteria     domain.Criteria      `json:"criteria"`
	Targets      []domain.Target      `json:"targets"`
	Milestones   []domain.Milestone   `json:"milestones"`
	ServiceStart domain.Date          `json:"service_start"`
	ServiceEnd   domain.Date          `json:"service_end"`
	Timeline     domain.Timeline      `json:"timeline"`
	CancelReason string               `json:"cancel_reason,omitempty"`
	CreatedAt    time.Time            `json:"created_at"`
	UpdatedAt    time.Time            `json:"updated_at"`
}

// projectView shows a project, never answering null for a list.
func projectView(p *domain.Project) *projectJSON {
	v := projectJSON(*p)
	v.Eligibility.RegionCodes = nonNil(v.Eligibility.RegionCodes)
	v.Criteria.Technical = nonNil(v.Criteria.Technical)
	v.Targets = nonNil(v.Targets)
	v.Milestones = nonNil(v.Milestones)
	return &v
}

// projectViews shows a page of projects.
func projectViews(ps []*domain.Project) []*projectJSON {
	out := make([]*projectJSON, len(ps))
	for i, p := range ps {
		out[i] = projectView(p)
	}
	return out
}

// nonNil turns a nil slice into an empty one, which JSON writes as [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
