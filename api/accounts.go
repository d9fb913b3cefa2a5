package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// register opens an account. The service rate-limits sign-ups and answers
// 409 naming the field when the email or phone is taken.
func (s *Server) register(c *gin.Context) {
	var in domain.RegisterInput
	if err := decode(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := in.Normalize(); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.users.Register(c.Request.Context(), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, u)
}

// tokenRequest is a sign-in for a bearer token.
type tokenRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// tokenResponse hands the token secret out, this once.
type tokenResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// createToken signs in with a login and password. A wrong password and an
// unknown login get the same 401; throttled attempts get 429 with
// Retry-After.
func (s *Server) createToken(c *gin.Context) {
	var in tokenRequest
	if err := decode(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	var v domain.Validation
	v.Check(in.Login != "", "login", "email or phone is required")
	v.Check(in.Password != "", "password", "password is required")
	if err := v.Err(); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	u, err := s.auth.Authenticate(ctx, domain.Credentials{Login: in.Login, Password: in.Password, Addr: c.ClientIP()})
	if err != nil {
		s.fail(c, err)
		return
	}
	tok, secret, err := s.auth.CreateToken(ctx, u.ID, []string{domain.ScopeAll})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, tokenResponse{Token: secret, ExpiresAt: tok.ExpiresAt})
}

// revokeToken signs the bearer token used for this request out.
func (s *Server) revokeToken(c *gin.Context) {
	if err := s.auth.RevokeToken(c.Request.Context(), currentToken(c).ID); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// meResponse is the caller with the organisations they belong to.
type meResponse struct {
	User        *domain.User         `json:"user"`
	Memberships []*domain.Membership `json:"memberships"`
}

// me answers who the caller is.
func (s *Server) me(c *gin.Context) {
	a := actor(c)
	ms := a.Memberships
	if ms == nil {
		ms = []*domain.Membership{}
	}
	c.JSON(http.StatusOK, meResponse{User: a.User, Memberships: ms})
}
