package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// SafeguardingRecords keeps safeguarding check results (入职查询); the
// postgres VolunteerService implements it.
type SafeguardingRecords interface {
	RecordCheck(ctx context.Context, actor *domain.Actor, orgID, volunteerID uuid.UUID, in domain.SafeguardingCheckInput) (*domain.SafeguardingCheck, error)
	FindChecks(ctx context.Context, actor *domain.Actor, volunteerID uuid.UUID) ([]*domain.SafeguardingCheck, error)
}

// checkBody is a safeguarding check as a client sends it, its dates as
// strings so that a bad one is 422 naming its field.
type checkBody struct {
	VolunteerID   string `json:"volunteer_id"`
	InquiringUnit string `json:"inquiring_unit"`
	CheckedOn     string `json:"checked_on"`
	Result        string `json:"result"`
	ExpiresOn     string `json:"expires_on"`
}

// safeguarding answers the records service, or 503.
func (s *Server) safeguarding(c *gin.Context) (SafeguardingRecords, bool) {
	r, ok := s.volunteers.(SafeguardingRecords)
	if s.volunteers == nil || !ok {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "volunteering is not configured on this server"))
		return nil, false
	}
	return r, true
}

// recordCheck records a volunteer's safeguarding check result for an
// organisation (its owners and admins). Only the result is kept.
func (s *Server) recordCheck(c *gin.Context) {
	r, ok := s.safeguarding(c)
	if !ok {
		return
	}
	org, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var body checkBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	var v domain.Validation
	volunteer, err := uuid.Parse(body.VolunteerID)
	v.Check(err == nil, "volunteer_id", "must be a uuid")
	in := domain.SafeguardingCheckInput{InquiringUnit: body.InquiringUnit, Result: domain.SafeguardingResult(body.Result),
		CheckedOn: parseDate(&v, "checked_on", body.CheckedOn), ExpiresOn: parseDate(&v, "expires_on", body.ExpiresOn)}
	if err := v.Err(); err != nil {
		s.fail(c, err)
		return
	}
	out, err := r.RecordCheck(c.Request.Context(), actor(c), org, volunteer, in)
	s.respond(c, http.StatusCreated, out, err)
}

// myChecks answers the caller's own safeguarding check results.
func (s *Server) myChecks(c *gin.Context) {
	r, ok := s.safeguarding(c)
	if !ok {
		return
	}
	a := actor(c)
	out, err := r.FindChecks(c.Request.Context(), a, a.User.ID)
	s.respond(c, http.StatusOK, gin.H{"items": out}, err)
}
