package postgres

import (
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

type contractRow struct {
	ID               uuid.UUID `gorm:"primaryKey"`
	ProjectID        uuid.UUID
	AwardID          uuid.UUID
	BureauID         uuid.UUID
	OrganizationID   uuid.UUID
	PriceFen         int64
	Currency         string
	ServiceStart     *domain.Date
	ServiceEnd       *domain.Date
	Targets          jsonb[[]domain.Target]
	Status           string
	SignedAt         time.Time
	CompletedAt      *time.Time
	ProjectTitle     string `gorm:"->;-:migration"`
	BureauName       string `gorm:"->;-:migration"`
	OrganizationName string `gorm:"->;-:migration"`
}

func (contractRow) TableName() string { return "contracts" }

// contractReadOnly are the joined columns a write must leave out.
var contractReadOnly = []string{"ProjectTitle", "BureauName", "OrganizationName"}

const contractSelect = `SELECT c.*, p.title AS project_title, b.name AS bureau_name, o.name AS organization_name
	FROM contracts c JOIN projects p ON p.id = c.project_id
	JOIN organizations b ON b.id = c.bureau_id JOIN organizations o ON o.id = c.organization_id`

func (r *contractRow) domain(ms []milestoneRow, grades []gradeRow) *domain.Contract {
	c := &domain.Contract{ID: r.ID, ProjectID: r.ProjectID, ProjectTitle: r.ProjectTitle, AwardID: r.AwardID,
		BureauID: r.BureauID, BureauName: r.BureauName, OrganizationID: r.OrganizationID, OrganizationName: r.OrganizationName,
		PriceFen: r.PriceFen, Currency: r.Currency, Targets: r.Targets.V, Status: domain.ContractStatus(r.Status),
		SignedAt: r.SignedAt.UTC(), Milestones: make([]domain.ContractMilestone, 0, len(ms)), Grades: make([]domain.Grade, 0, len(grades))}
	if r.ServiceStart != nil {
		c.ServiceStart = *r.ServiceStart
	}
	if r.ServiceEnd != nil {
		c.ServiceEnd = *r.ServiceEnd
	}
	for _, m := range ms {
		cm := domain.ContractMilestone{Index: m.Idx, Name: m.Name, Percent: m.Percent, AmountFen: m.AmountFen,
			Status: domain.MilestoneStatus(m.Status), ReleasedAt: utcPtr(m.ReleasedAt), ReportID: m.ReportID}
		if m.Due != nil {
			cm.Due = *m.Due
		}
		c.Milestones = append(c.Milestones, cm)
	}
	for _, g := range grades {
		c.Grades = append(c.Grades, g.domain())
	}
	return c
}

type milestoneRow struct {
	ContractID uuid.UUID `gorm:"primaryKey"`
	Idx        int       `gorm:"primaryKey"`
	Name       string
	Percent    int
	AmountFen  int64
	Due        *domain.Date
	Status     string
	ReleasedAt *time.Time
	ReportID   *uuid.UUID
}

func (milestoneRow) TableName() string { return "contract_milestones" }

type reportRow struct {
	ID             uuid.UUID `gorm:"primaryKey"`
	ContractID     uuid.UUID
	MilestoneIndex int
	Version        int
	PeriodStart    domain.Date
	PeriodEnd      domain.Date
	Actuals        jsonb[[]domain.Actual]
	Persons        int64
	PersonTimes    int64
	Narrative      string
	Evidence       jsonb[[]domain.Evidence]
	Status         string
	Comment        string
	SubmittedAt    time.Time
	SubmittedBy    *uuid.UUID
	ReviewedAt     *time.Time
	ReviewedBy     *uuid.UUID
}

func (reportRow) TableName() string { return "contract_reports" }

func (r *reportRow) domain() *domain.Report {
	return &domain.Report{ID: r.ID, ContractID: r.ContractID, MilestoneIndex: r.MilestoneIndex, Version: r.Version,
		PeriodStart: r.PeriodStart, PeriodEnd: r.PeriodEnd, Actuals: r.Actuals.V,
		Beneficiaries: domain.Beneficiaries{Persons: r.Persons, PersonTimes: r.PersonTimes}, Narrative: r.Narrative,
		Evidence: r.Evidence.V, Status: domain.ReportStatus(r.Status), Comment: r.Comment, SubmittedAt: r.SubmittedAt.UTC(),
		ReviewedAt: utcPtr(r.ReviewedAt)}
}

type gradeRow struct {
	ContractID uuid.UUID `gorm:"primaryKey"`
	Stage      string    `gorm:"primaryKey"`
	Grade      string
	Comment    string
	GradedAt   time.Time
	GradedBy   *uuid.UUID
}

func (gradeRow) TableName() string { return "contract_grades" }

func (g *gradeRow) domain() domain.Grade {
	return domain.Grade{ContractID: g.ContractID, Stage: domain.GradeStage(g.Stage), Grade: domain.GradeLevel(g.Grade),
		Comment: g.Comment, GradedAt: g.GradedAt.UTC()}
}
