package domain

import (
	"time"

	"github.com/google/uuid"
)

// ComplaintStatus is where a complaint (质疑) stands.
type ComplaintStatus string

// Complaint statuses. A pending complaint awaits the bureau's answer; an
// upheld one cancelled the award; a rejected one left it standing; a
// superseded one was still pending when another complaint cancelled the
// award, so there is nothing left to answer.
const (
	ComplaintPending    ComplaintStatus = "pending"
	ComplaintUpheld     ComplaintStatus = "upheld"
	ComplaintRejected   ComplaintStatus = "rejected"
	ComplaintSuperseded ComplaintStatus = "superseded"
)

// Bounds of a complaint's grounds and the bureau's response, in
// characters.
const (
	ComplaintGroundsMin  = 10
	ComplaintGroundsMax  = 5000
	ComplaintResponseMin = 10
	ComplaintResponseMax = 5000
)

// Complaint is a bidder's complaint about an award and the bureau's
// answer. OrganizationID and OrganizationName are empty where the reader
// may not know who complained.
type Complaint struct {
	ID               uuid.UUID       `json:"id"`
	ProjectID        uuid.UUID       `json:"project_id"`
	AwardID          uuid.UUID       `json:"award_id"`
	OrganizationID   *uuid.UUID      `json:"organization_id,omitempty"`
	OrganizationName string          `json:"organization_name,omitempty"`
	Grounds          string          `json:"grounds"`
	Status           ComplaintStatus `json:"status"`
	Response         string          `json:"response,omitempty"`
	FiledAt          time.Time       `json:"filed_at"`
	AnsweredAt       *time.Time      `json:"answered_at,omitempty"`
}

// ComplaintInput is a bidder's complaint.
type ComplaintInput struct {
	OrganizationID uuid.UUID `json:"organization_id"`
	Grounds        string    `json:"grounds"`
}

// Normalize trims and checks the complaint, naming each bad field.
func (in *ComplaintInput) Normalize() error {
	var v Validation
	v.Check(in.OrganizationID != uuid.Nil, "organization_id", "is required")
	in.Grounds = trimSpace(in.Grounds)
	n := len([]rune(in.Grounds))
	v.Check(n >= ComplaintGroundsMin && n <= ComplaintGroundsMax, "grounds", "must be 10 to 5000 characters")
	return v.Err()
}

// ComplaintAnswer is the bureau's answer to a complaint: upheld or not,
// with a response the complainant and the public read.
type ComplaintAnswer struct {
	Upheld   bool   `json:"upheld"`
	Response string `json:"response"`
}

// Normalize trims and checks the answer.
func (in *ComplaintAnswer) Normalize() error {
	in.Response = trimSpace(in.Response)
	n := len([]rune(in.Response))
	if n < ComplaintResponseMin || n > ComplaintResponseMax {
		return Invalid("response", "must be 10 to 5000 characters")
	}
	return nil
}

// Anonymous returns the complaint without its complainant, as the public
// sees it.
func (c *Complaint) Anonymous() *Complaint {
	out := *c
	out.OrganizationID, out.OrganizationName = nil, ""
	return &out
}
