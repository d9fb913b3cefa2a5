package web

import (
	"math"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// authData is what the sign-up and sign-in pages show.
type authData struct {
	Form *form
	CSRF string
	Next string
}

// Fields each form shows; a problem with any other field is shown at the
// top of the form.
var (
	registerFields = []string{"email", "phone", "password", "display_name"}
	loginFields    = []string{"login", "password"}
)

// registerForm shows the sign-up form.
func (s *Server) registerForm(c *gin.Context) {
	s.renderAuth(c, http.StatusOK, "register", newForm(nil), c.Query("next"))
}

// register opens an account and signs its owner in.
func (s *Server) register(c *gin.Context) {
	st, f := stateOf(c), c.Request.PostForm
	in := domain.RegisterInput{
		Email: f.Get("email"), Phone: f.Get("phone"), Password: f.Get("password"),
		DisplayName: f.Get("display_name"), Locale: st.L.Lang,
	}
	u, err := s.users.Register(c.Request.Context(), in)
	if err != nil {
		s.authFailed(c, "register", registerFields, err)
		return
	}
	s.signIn(c, u)
}

// loginForm shows the sign-in form.
func (s *Server) loginForm(c *gin.Context) {
	s.renderAuth(c, http.StatusOK, "login", newForm(nil), c.Query("next"))
}

// login checks the credentials and starts a new session.
func (s *Server) login(c *gin.Context) {
	f := c.Request.PostForm
	u, err := s.auth.Authenticate(c.Request.Context(), domain.Credentials{
		Login: f.Get("login"), Password: f.Get("password"), Addr: c.ClientIP(),
	})
	if err != nil {
		s.authFailed(c, "login", loginFields, err)
		return
	}
	s.signIn(c, u)
}

// signIn starts a new server-side session for u and goes on to the next
// page. A session that was open before is deleted, so sign-in always
// rotates the session id; the anonymous forms' nonce is dropped too.
func (s *Server) signIn(c *gin.Context, u *domain.User) {
	ctx := c.Request.Context()
	if old, err := c.Cookie(cookieSession); err == nil && old != "" {
		if err := s.auth.DeleteSession(ctx, old); err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			s.fail(c, err)
			return
		}
	}
	_, secret, err := s.auth.CreateSession(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, cookieSession, secret, int(domain.SessionAbsoluteTimeout.Seconds()))
	s.clearCookie(c, cookieCSRF)
	c.Redirect(http.StatusSeeOther, safeNext(c.Request.PostForm.Get("next")))
}

// authFailed shows the sign-up or sign-in form again with its problems:
// field messages for invalid input, one message for bad credentials, and
// the wait for a throttled sign-in (429 with Retry-After). The password
// is never sent back.
func (s *Server) authFailed(c *gin.Context, name string, fields []string, err error) {
	st := stateOf(c)
	values := url.Values{}
	for k, v := range c.Request.PostForm {
		if k != "password" && k != csrfField {
			values[k] = v
		}
	}
	f := newForm(values)
	e := domain.AsError(err)
	switch code := domain.ErrorCode(err); {
	case code == domain.ETOOMANY:
		setRetryAfter(c, e.RetryAfter)
		f.General = append(f.General, st.L.T("login.throttled", map[string]any{"Minutes": waitMinutes(e)}))
		s.renderAuth(c, http.StatusTooManyRequests, name, f, values.Get("next"))
	case code == domain.EUNAUTHORIZED:
		f.General = append(f.General, st.L.T("msg.bad_credentials"))
		s.renderAuth(c, http.StatusUnauthorized, name, f, values.Get("next"))
	case formStatus[code] != 0:
		s.applyError(st, f, fields, e)
		s.renderAuth(c, formStatus[code], name, f, values.Get("next"))
	default:
		s.fail(c, err)
	}
}

// waitMinutes is how many whole minutes a throttled reader waits, at least
// one.
func waitMinutes(e *domain.Error) int {
	return max(1, int(math.Ceil(e.RetryAfter.Minutes())))
}

// renderAuth renders the sign-up or sign-in page with a fresh anonymous
// CSRF token.
func (s *Server) renderAuth(c *gin.Context, status int, name string, f *form, next string) {
	st := stateOf(c)
	d := authData{Form: f, CSRF: s.anonToken(c), Next: safeNext(next)}
	s.render(c, status, name, st.L.T(name+".title"), d)
}

// logout ends the session. Without a session there is nothing to protect
// and the reader just goes home; with one, the form's token must match.
func (s *Server) logout(c *gin.Context) {
	st := stateOf(c)
	if st.Session == nil {
		s.clearCookie(c, cookieSession)
		c.Redirect(http.StatusSeeOther, "/")
		return
	}
	if !s.parseForm(c) {
		return
	}
	if !checkSessionToken(st, c.Request.PostForm.Get(csrfField)) {
		s.renderError(c, http.StatusForbidden, "error.csrf")
		return
	}
	if err := s.auth.DeleteSession(c.Request.Context(), st.secret); err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
		s.fail(c, err)
		return
	}
	s.clearCookie(c, cookieSession)
	c.Redirect(http.StatusSeeOther, "/")
}
