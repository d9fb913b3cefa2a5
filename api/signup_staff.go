package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// signupDecider approves or declines pending sign-ups; the postgres
// SignupService implements it.
type signupDecider interface {
	ApproveSignup(ctx context.Context, actor *domain.Actor, signupID uuid.UUID) (*domain.Signup, error)
	DeclineSignup(ctx context.Context, actor *domain.Actor, signupID uuid.UUID) (*domain.Signup, error)
}

type decisionBody struct {
	Decision string `json:"decision"`
}

// decideSignup approves a pending sign-up (it then takes a place, or the
// waitlist) or declines it: the organisation's staff.
func (s *Server) decideSignup(c *gin.Context) {
	id, ok := s.signupsReady(c, true)
	if !ok {
		return
	}
	d, ok := s.signups.(signupDecider)
	if !ok {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "approvals are not configured on this server"))
		return
	}
	var body decisionBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	var out *domain.Signup
	var err error
	switch body.Decision {
	case "approve":
		out, err = d.ApproveSignup(c.Request.Context(), actor(c), id)
	case "decline":
		out, err = d.DeclineSignup(c.Request.Context(), actor(c), id)
	default:
		err = domain.Invalid("decision", "must be approve or decline")
	}
	s.respond(c, http.StatusOK, out, err)
}

type attendanceBody struct {
	CheckedInAt  time.Time `json:"checked_in_at"`
	CheckedOutAt time.Time `json:"checked_out_at"`
}

// markAttendance records attendance by hand for a sign-up (the
// organisation's staff), labelled as such in the hours ledger.
func (s *Server) markAttendance(c *gin.Context) {
	if !s.hoursReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var body attendanceBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	att, entry, err := s.hours.MarkAttendance(c.Request.Context(), actor(c), id, body.CheckedInAt, body.CheckedOutAt)
	s.respond(c, http.StatusCreated, gin.H{"attendance": att, "hours": entry}, err)
}
