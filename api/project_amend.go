package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// amendRequest is an amendment (更正公告) of a published project: the
// amendable fields present change, with a published reason. Title,
// category, region and method are not amendable.
type amendRequest struct {
	Description  *string             `json:"description"`
	BudgetFen    *int64              `json:"budget_fen"`
	Eligibility  *domain.Eligibility `json:"eligibility"`
	Criteria     *domain.Criteria    `json:"criteria"`
	Targets      *[]domain.Target    `json:"targets"`
	Milestones   *[]milestoneBody    `json:"milestones"`
	ServiceStart *string             `json:"service_start"`
	ServiceEnd   *string             `json:"service_end"`
	BidDeadline  *string             `json:"bid_deadline"`
	OpeningAt    *string             `json:"opening_at"`
	Reason       string              `json:"reason"`
}

// amendment reads the request against p, validating the content the
// same way as a draft's and naming every bad field.
func (r *amendRequest) amendment(p *domain.Project) (domain.ProjectAmendment, error) {
	patch := projectPatch{Description: r.Description, BudgetFen: r.BudgetFen, Eligibility: r.Eligibility,
		Criteria: r.Criteria, Targets: r.Targets, Milestones: r.Milestones,
		ServiceStart: r.ServiceStart, ServiceEnd: r.ServiceEnd}
	body := patch.overlay(p)
	in, err := body.input()
	if err = checkInput(&in, err); err != nil {
		return domain.ProjectAmendment{}, err
	}
	a := domain.ProjectAmendment{Description: &in.Description, BudgetFen: &in.BudgetFen, Eligibility: &in.Eligibility,
		Criteria: &in.Criteria, Targets: &in.Targets, Milestones: &in.Milestones,
		ServiceStart: &in.ServiceStart, ServiceEnd: &in.ServiceEnd, Reason: r.Reason}
	var v domain.Validation
	a.BidDeadline = optionalTime(&v, "bid_deadline", r.BidDeadline)
	a.OpeningAt = optionalTime(&v, "opening_at", r.OpeningAt)
	return a, v.Err()
}

// optionalTime parses an RFC 3339 time when present.
func optionalTime(v *domain.Validation, field string, s *string) *time.Time {
	if s == nil {
		return nil
	}
	t := parseTime(v, field, *s)
	return &t
}

// amendProject amends a published project still open for bids. A
// substantive change extends the deadline to keep the minimum period and
// asks the bidders to confirm their bids; the service decides.
func (s *Server) amendProject(c *gin.Context) {
	amender, ok := s.projects.(domain.ProjectAmender)
	if !ok && s.projects != nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "amendments are not configured on this server"))
		return
	}
	p, ok := s.projectFor(c, domain.ActionProjectEdit)
	if !ok {
		return
	}
	var body amendRequest
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	a, err := body.amendment(p)
	if err == nil {
		p, err = amender.AmendProject(c.Request.Context(), actor(c), p.ID, a)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, projectView(p))
}

// confirmBid confirms a bid after a substantive amendment of its project,
// before the deadline, with a new receipt.
func (s *Server) confirmBid(c *gin.Context) {
	if !s.bidsReady(c) {
		return
	}
	confirmer, ok := s.bids.(domain.BidConfirmer)
	if !ok {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "bid confirmation is not configured on this server"))
		return
	}
	if b, ok := s.bidFrom(c, confirmer.ConfirmBid); ok {
		c.JSON(http.StatusOK, bidView(b))
	}
}
