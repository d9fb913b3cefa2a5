package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
	"hutong/internal/i18n"
)

// Cookie names. The session cookie carries a random secret whose hash the
// database keeps; the CSRF cookie a nonce for anonymous forms; lang the
// reader's chosen language, which wins over Accept-Language.
const (
	cookieSession = "hutong_session"
	cookieCSRF    = "hutong_csrf"
	cookieLang    = "lang"
)

// ctxState is the key of the request's state in the Gin context.
const ctxState = "web.state"

// state is what pageContext learns about a request: the reader's language
// and, when signed in, the session and the acting user.
type state struct {
	L       *i18n.Localizer
	Session *domain.Session
	secret  string // the session cookie's value, to sign out
	Actor   *domain.Actor
}

// user returns the signed-in user, or nil.
func (st *state) user() *domain.User {
	if st.Actor.Anonymous() {
		return nil
	}
	return st.Actor.User
}

// stateOf returns the state pageContext stored.
func stateOf(c *gin.Context) *state {
	if v, ok := c.Get(ctxState); ok {
		return v.(*state)
	}
	return &state{}
}

// pageContext picks the reader's language and resolves the session cookie
// into an actor, for every page.
func (s *Server) pageContext(c *gin.Context) {
	if !s.prepare(c) {
		c.Abort()
		return
	}
	c.Next()
}

// prepare stores the request's state. An unknown or timed-out session is
// dropped and the reader continues anonymously; a failing database is a
// 500, answered here (prepare then reports false).
func (s *Server) prepare(c *gin.Context) bool {
	lang, _ := c.Cookie(cookieLang)
	st := &state{L: s.i18n.Localizer(lang, c.GetHeader("Accept-Language"))}
	c.Set(ctxState, st)
	c.Header("Cache-Control", "no-store")
	c.Header("Vary", "Cookie, Accept-Language")
	if err := s.loadSession(c, st); err != nil {
		s.fail(c, err)
		return false
	}
	return true
}

// loadSession fills st's session and actor from the session cookie.
func (s *Server) loadSession(c *gin.Context, st *state) error {
	secret, err := c.Cookie(cookieSession)
	if err != nil || secret == "" {
		return nil
	}
	ctx := c.Request.Context()
	sess, u, err := s.auth.FindSession(ctx, secret)
	if domain.ErrorCode(err) == domain.EUNAUTHORIZED {
		s.clearCookie(c, cookieSession)
		return nil
	} else if err != nil {
		return err
	}
	ms, err := s.members.FindMemberships(ctx, u.ID)
	if err != nil {
		return err
	}
	st.Session, st.secret = sess, secret
	st.Actor = &domain.Actor{User: u, Memberships: ms}
	return nil
}

// setCookie sets an HttpOnly, SameSite=Lax cookie on Path=/, Secure when
// the pages are served over TLS. maxAge 0 makes a browser-session cookie.
func (s *Server) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

// clearCookie tells the browser to forget a cookie.
func (s *Server) clearCookie(c *gin.Context, name string) {
	s.setCookie(c, name, "", -1)
}
