package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// respond answers a service call: v with status, or the problem.
func (s *Server) respond(c *gin.Context, status int, v any, err error) {
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, v)
}

// awardsReady reads the id in the path once the award service is
// configured, answering failures itself.
func (s *Server) awardsReady(c *gin.Context) (uuid.UUID, bool) {
	return s.configuredID(c, s.awards != nil, "awards are not configured on this server")
}

// optionalID parses an optional uuid field of a request body.
func optionalID(field, s string) (*uuid.UUID, error) {
	if s == "" {
		return nil, nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		return nil, domain.Invalid(field, "must be a uuid")
	}
	return &id, nil
}

// requiredID parses a required uuid field of a request body.
func requiredID(field, s string) (uuid.UUID, error) {
	if s == "" {
		return uuid.Nil, domain.Invalid(field, "is required")
	}
	id, err := optionalID(field, s)
	if err != nil {
		return uuid.Nil, err
	}
	return *id, nil
}

type awardRequest struct {
	BidID string `json:"bid_id"`
}

// publishAward awards an evaluated project to its first-ranked bid and
// opens the complaint window (质疑期).
func (s *Server) publishAward(c *gin.Context) {
	id, ok := s.awardsReady(c)
	if !ok {
		return
	}
	var body awardRequest
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	bid, err := optionalID("bid_id", body.BidID)
	if err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.awards.PublishAward(c.Request.Context(), actor(c), id, domain.AwardInput{BidID: bid})
	s.respond(c, http.StatusCreated, a, err)
}

// getAward answers the project's current award; it is public.
func (s *Server) getAward(c *gin.Context) {
	id, ok := s.awardsReady(c)
	if !ok {
		return
	}
	a, err := s.awards.FindAward(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, a, err)
}

type complaintRequest struct {
	OrganizationID string `json:"organization_id"`
	Grounds        string `json:"grounds"`
}

// fileComplaint records a bidder's complaint against the award.
func (s *Server) fileComplaint(c *gin.Context) {
	id, ok := s.awardsReady(c)
	if !ok {
		return
	}
	var body complaintRequest
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	org, err := requiredID("organization_id", body.OrganizationID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.awards.FileComplaint(c.Request.Context(), actor(c), id, domain.ComplaintInput{OrganizationID: org, Grounds: body.Grounds})
	s.respond(c, http.StatusCreated, out, err)
}

// listComplaints answers a project's complaints as the caller may see
// them.
func (s *Server) listComplaints(c *gin.Context) {
	id, ok := s.awardsReady(c)
	if !ok {
		return
	}
	out, err := s.awards.FindComplaints(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, gin.H{"items": out}, err)
}

// answerComplaint records the bureau's answer to a complaint.
func (s *Server) answerComplaint(c *gin.Context) {
	id, ok := s.awardsReady(c)
	if !ok {
		return
	}
	var body domain.ComplaintAnswer
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.awards.AnswerComplaint(c.Request.Context(), actor(c), id, body)
	s.respond(c, http.StatusOK, out, err)
}
