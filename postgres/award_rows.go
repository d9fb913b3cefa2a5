package postgres

import (
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

type awardRow struct {
	ID                uuid.UUID `gorm:"primaryKey"`
	ProjectID         uuid.UUID
	BidID             uuid.UUID
	OrganizationID    uuid.UUID
	OrganizationName  string `gorm:"->;-:migration"`
	PriceFen          int64
	TotalScore        int64
	Outcome           jsonb[domain.EvaluationOutcome]
	Status            string
	PublishedAt       time.Time
	ComplaintDeadline time.Time
	FinalizedAt       *time.Time
	CancelledAt       *time.Time
	PublishedBy       *uuid.UUID
	ContractID        *uuid.UUID `gorm:"->;-:migration"`
}

func (awardRow) TableName() string { return "awards" }

func (r *awardRow) domain() *domain.Award {
	return &domain.Award{ID: r.ID, ProjectID: r.ProjectID, BidID: r.BidID, OrganizationID: r.OrganizationID,
		OrganizationName: r.OrganizationName, PriceFen: r.PriceFen, TotalScore: domain.Points(r.TotalScore),
		Status: domain.AwardStatus(r.Status), PublishedAt: r.PublishedAt.UTC(), ComplaintDeadline: r.ComplaintDeadline.UTC(),
		FinalizedAt: utcPtr(r.FinalizedAt), CancelledAt: utcPtr(r.CancelledAt), ContractID: r.ContractID}
}

type complaintRow struct {
	ID               uuid.UUID `gorm:"primaryKey"`
	ProjectID        uuid.UUID
	AwardID          uuid.UUID
	OrganizationID   uuid.UUID
	OrganizationName string `gorm:"->;-:migration"`
	Grounds          string
	Status           string
	Response         string
	FiledAt          time.Time
	FiledBy          *uuid.UUID
	AnsweredAt       *time.Time
	AnsweredBy       *uuid.UUID
}

func (complaintRow) TableName() string { return "complaints" }

func (r *complaintRow) domain() *domain.Complaint {
	return &domain.Complaint{ID: r.ID, ProjectID: r.ProjectID, AwardID: r.AwardID, OrganizationID: ptr(r.OrganizationID),
		OrganizationName: r.OrganizationName, Grounds: r.Grounds, Status: domain.ComplaintStatus(r.Status),
		Response: r.Response, FiledAt: r.FiledAt.UTC(), AnsweredAt: utcPtr(r.AnsweredAt)}
}

// awardSelect reads awards with the winner's name and the contract a
// final award created.
const awardSelect = `SELECT a.*, o.name AS organization_name, c.id AS contract_id
	FROM awards a JOIN organizations o ON o.id = a.organization_id
	LEFT JOIN contracts c ON c.award_id = a.id`

const complaintSelect = `SELECT c.*, o.name AS organization_name
	FROM complaints c JOIN organizations o ON o.id = c.organization_id`
