package postgres

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

// jsonb is a jsonb column holding a T: the criteria, targets, milestones
// and eligibility of a project are documents read and written whole, so
// a column each would only add joins.
type jsonb[T any] struct{ V T }

// Value writes the JSON text, which PostgreSQL casts to jsonb.
func (j jsonb[T]) Value() (driver.Value, error) {
	b, err := json.Marshal(j.V)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Scan reads the JSON text the driver returns.
func (j *jsonb[T]) Scan(src any) error {
	var raw []byte
	switch v := src.(type) {
	case string:
		raw = []byte(v)
	case []byte:
		raw = v
	default:
		return fmt.Errorf("jsonb: cannot scan %T", src)
	}
	return json.Unmarshal(raw, &j.V)
}

// projectRow mirrors the projects table of migrations/00005_projects.sql,
// with the bureau's and region's names joined in.
type projectRow struct {
	ID           uuid.UUID `gorm:"primaryKey"`
	BureauID     uuid.UUID
	BureauName   string `gorm:"->;-:migration"`
	Title        string
	Description  string
	Category     string
	RegionCode   string
	RegionName   string `gorm:"->;-:migration"`
	BudgetFen    int64
	Currency     string
	Method       string
	Status       string
	Eligibility  jsonb[domain.Eligibility]
	Criteria     jsonb[domain.Criteria]
	Targets      jsonb[[]domain.Target]
	Milestones   jsonb[[]domain.Milestone]
	ServiceStart domain.Date
	ServiceEnd   domain.Date
	PublishedAt  *time.Time
	BidDeadline  *time.Time
	OpeningAt    *time.Time
	CancelReason string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	ListedAt     time.Time `gorm:"->;-:migration"`
}

func (projectRow) TableName() string { return "projects" }

func newProjectRow(bureauID uuid.UUID, in domain.ProjectInput) projectRow {
	r := projectRow{ID: domain.NewID(), BureauID: bureauID, Currency: domain.CurrencyCNY, Status: string(domain.StatusDraft)}
	r.setInput(in)
	return r
}

// setInput copies the editable content onto the row.
func (r *projectRow) setInput(in domain.ProjectInput) {
	r.Title, r.Description, r.Category, r.RegionCode = in.Title, in.Description, in.Category, in.RegionCode
	r.BudgetFen, r.Method = in.BudgetFen, string(in.Method)
	r.Eligibility = jsonb[domain.Eligibility]{in.Eligibility}
	r.Criteria = jsonb[domain.Criteria]{in.Criteria}
	r.Targets = jsonb[[]domain.Target]{in.Targets}
	r.Milestones = jsonb[[]domain.Milestone]{in.Milestones}
	r.ServiceStart, r.ServiceEnd = in.ServiceStart, in.ServiceEnd
}

// inputChanges are the columns an edit of a draft writes.
func (r *projectRow) inputChanges() map[string]any {
	return map[string]any{
		"title": r.Title, "description": r.Description, "category": r.Category, "region_code": r.RegionCode,
		"budget_fen": r.BudgetFen, "method": r.Method, "eligibility": r.Eligibility, "criteria": r.Criteria,
		"targets": r.Targets, "milestones": r.Milestones, "service_start": r.ServiceStart, "service_end": r.ServiceEnd,
	}
}

func (r *projectRow) domain() *domain.Project {
	p := &domain.Project{
		ID: r.ID, BureauID: r.BureauID, BureauName: r.BureauName, Title: r.Title, Description: r.Description,
		Category: r.Category, RegionCode: r.RegionCode, RegionName: r.RegionName, BudgetFen: r.BudgetFen,
		Currency: r.Currency, Method: domain.ProjectMethod(r.Method), Status: domain.ProjectStatus(r.Status),
		Eligibility: r.Eligibility.V, Criteria: r.Criteria.V, Targets: r.Targets.V, Milestones: r.Milestones.V,
		ServiceStart: r.ServiceStart, ServiceEnd: r.ServiceEnd, CancelReason: r.CancelReason,
		Timeline:  domain.Timeline{PublishedAt: utcPtr(r.PublishedAt), BidDeadline: utcPtr(r.BidDeadline), OpeningAt: utcPtr(r.OpeningAt)},
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
	if p.Eligibility.RegionCodes == nil {
		p.Eligibility.RegionCodes = []string{}
	}
	if p.Criteria.Technical == nil {
		p.Criteria.Technical = []domain.TechnicalItem{}
	}
	if p.Targets == nil {
		p.Targets = []domain.Target{}
	}
	if p.Milestones == nil {
		p.Milestones = []domain.Milestone{}
	}
	return p
}

// projectChanges names the content fields an edit changed, for the audit
// entry; comparing the JSON forms keeps it to one rule for every field.
func projectChanges(a, b *domain.Project) []string {
	pairs := []struct {
		name string
		x, y any
	}{
		{"title", a.Title, b.Title}, {"description", a.Description, b.Description},
		{"category", a.Category, b.Category}, {"region_code", a.RegionCode, b.RegionCode},
		{"budget_fen", a.BudgetFen, b.BudgetFen}, {"method", a.Method, b.Method},
		{"eligibility", a.Eligibility, b.Eligibility}, {"criteria", a.Criteria, b.Criteria},
		{"targets", a.Targets, b.Targets}, {"milestones", a.Milestones, b.Milestones},
		{"service_start", a.ServiceStart, b.ServiceStart}, {"service_end", a.ServiceEnd, b.ServiceEnd},
	}
	out := []string{}
	for _, p := range pairs {
		x, _ := json.Marshal(p.x)
		y, _ := json.Marshal(p.y)
		if string(x) != string(y) {
			out = append(out, p.name)
		}
	}
	return out
}
