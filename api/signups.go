package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// signupsReady reads the id in the path once sign-ups are configured,
// answering failures itself.
func (s *Server) signupsReady(c *gin.Context, withID bool) (uuid.UUID, bool) {
	if s.signups == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "volunteering is not configured on this server"))
		return uuid.Nil, false
	}
	if !withID {
		return uuid.Nil, true
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return uuid.Nil, false
	}
	return id, true
}

// signUp signs the caller up for a shift: 201 confirmed, or 201
// waitlisted when the shift is full (not an error), or pending approval.
func (s *Server) signUp(c *gin.Context) {
	id, ok := s.signupsReady(c, true)
	if !ok {
		return
	}
	out, err := s.signups.SignUp(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusCreated, out, err)
}

// listShiftSignups answers a shift's roster with its waitlist to the
// organisation's staff, and the caller's own sign-up to a volunteer.
func (s *Server) listShiftSignups(c *gin.Context) {
	id, ok := s.signupsReady(c, true)
	if !ok {
		return
	}
	out, err := s.signups.FindShiftSignups(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, gin.H{"items": out}, err)
}

// cancelSignup cancels the caller's sign-up; a confirmed place passes to
// the first on the waitlist.
func (s *Server) cancelSignup(c *gin.Context) {
	id, ok := s.signupsReady(c, true)
	if !ok {
		return
	}
	out, err := s.signups.CancelSignup(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// listMySignups answers the caller's sign-ups, cancelled and declined ones too.
func (s *Server) listMySignups(c *gin.Context) {
	if _, ok := s.signupsReady(c, false); !ok {
		return
	}
	out, err := s.signups.FindMySignups(c.Request.Context(), actor(c))
	s.respond(c, http.StatusOK, gin.H{"items": out}, err)
}
