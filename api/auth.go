package api

import (
	"strings"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// Gin context keys for the caller.
const (
	keyActor = "api.actor"
	keyToken = "api.token"
)

// authenticate resolves an `Authorization: Bearer` token into an Actor.
// No header means an anonymous caller, which public routes accept; a header
// that is not a valid bearer token is 401 on every route, so a client with
// a stale token learns it at once instead of silently seeing less.
func (s *Server) authenticate(c *gin.Context) {
	h := c.GetHeader("Authorization")
	if h == "" {
		c.Next()
		return
	}
	scheme, secret, ok := strings.Cut(h, " ")
	secret = strings.TrimSpace(secret)
	if !ok || !strings.EqualFold(scheme, "Bearer") || secret == "" {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "the Authorization header must be \"Bearer <token>\""))
		return
	}
	ctx := c.Request.Context()
	user, token, err := s.auth.FindUserByToken(ctx, secret)
	if err != nil {
		s.fail(c, err)
		return
	}
	ms, err := s.members.FindMemberships(ctx, user.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Set(keyActor, &domain.Actor{User: user, Memberships: ms, Scopes: token.Scopes})
	c.Set(keyToken, token)
	c.Next()
}

// signedIn guards routes that need a caller: anonymous requests get 401
// with WWW-Authenticate: Bearer.
func (s *Server) signedIn(c *gin.Context) {
	if actor(c).Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first: send Authorization: Bearer <token>"))
		return
	}
	c.Next()
}

// actor returns the caller, or nil for an anonymous one (which
// domain.Actor treats as anonymous).
func actor(c *gin.Context) *domain.Actor {
	a, _ := c.Get(keyActor)
	actor, _ := a.(*domain.Actor)
	return actor
}

// currentToken returns the bearer token the caller used.
func currentToken(c *gin.Context) *domain.Token {
	t, _ := c.Get(keyToken)
	token, _ := t.(*domain.Token)
	return token
}
