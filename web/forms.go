package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"hutong/domain"
	"hutong/internal/httpx"
)

// parseForm reads the urlencoded body (already capped by BodyLimit). It
// answers 413 past the cap and 400 for a body it cannot parse, and
// reports whether the handler may go on.
func (s *Server) parseForm(c *gin.Context) bool {
	if c.Request.ContentLength > maxFormBody {
		s.renderError(c, http.StatusRequestEntityTooLarge, "error.too_large")
		return false
	}
	if err := c.Request.ParseForm(); err != nil {
		if httpx.TooLarge(err) {
			s.renderError(c, http.StatusRequestEntityTooLarge, "error.too_large")
		} else {
			s.renderError(c, http.StatusBadRequest, "error.malformed")
		}
		return false
	}
	return true
}

// anonForm guards the anonymous forms (sign-up, sign-in): the body must
// parse and carry the signed double-submit token.
func (s *Server) anonForm(c *gin.Context) {
	if !s.parseForm(c) {
		c.Abort()
		return
	}
	if !s.checkAnonToken(c, c.Request.PostForm.Get(csrfField)) {
		s.renderError(c, http.StatusForbidden, "error.csrf")
		c.Abort()
		return
	}
	c.Next()
}

// userForm guards a signed-in user's forms: without a session the reader
// is sent to sign in; the body must parse and carry the session's token.
func (s *Server) userForm(c *gin.Context) {
	st := stateOf(c)
	if st.Session == nil {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		c.Abort()
		return
	}
	if !s.parseForm(c) {
		c.Abort()
		return
	}
	if !checkSessionToken(st, c.Request.PostForm.Get(csrfField)) {
		s.renderError(c, http.StatusForbidden, "error.csrf")
		c.Abort()
		return
	}
	c.Next()
}

// form is a form's entered values and its problems, translated, for
// re-rendering it.
type form struct {
	Values url.Values
	// Errors holds messages by field name.
	Errors map[string][]string
	// General holds messages that belong to no field shown on the form.
	General []string
}

// newForm starts a form with values (nil for an empty form).
func newForm(values url.Values) *form {
	if values == nil {
		values = url.Values{}
	}
	return &form{Values: values, Errors: map[string][]string{}}
}

// Get returns a field's entered value.
func (f *form) Get(name string) string { return f.Values.Get(name) }

// Has reports whether value was entered for name (checkboxes, selects).
func (f *form) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Err returns a field's messages.
func (f *form) Err(name string) []string { return f.Errors[name] }

// Invalid reports whether a field has a problem, for aria-invalid.
func (f *form) Invalid(name string) bool { return len(f.Errors[name]) > 0 }

// Failed reports whether the form has any problem.
func (f *form) Failed() bool { return len(f.Errors) > 0 || len(f.General) > 0 }

// applyError puts an EINVALID or ECONFLICT error's messages on f: each
// field error next to its field when the form shows it (fields), at the
// top with the field's name otherwise, and an error without fields at the
// top.
func (s *Server) applyError(st *state, f *form, fields []string, e *domain.Error) {
	for _, fe := range e.Fields {
		msg := translateMessage(st.L, fe.Message)
		if slices.Contains(fields, fe.Field) {
			f.Errors[fe.Field] = append(f.Errors[fe.Field], msg)
		} else {
			f.General = append(f.General, fieldLabel(st.L, fe.Field)+st.L.T("msg.colon")+msg)
		}
	}
	if len(e.Fields) > 0 {
		return
	}
	msg, ok := knownMessage(st.L, e.Message)
	if !ok {
		msg = st.L.T(errorPages[e.Code].id)
	}
	f.General = append(f.General, msg)
}

// changed finishes a POST that changed something on a management page: on
// success it redirects to done; on a problem the user can fix it renders
// the page again, with the problem on the submitted form (when onForm,
// naming fields) or at the top of the page; anything else goes to the one
// error mapping.
func (s *Server) changed(c *gin.Context, err error, done string, onForm bool, fields []string,
	render func(status int, form *form, problems []string)) {
	if err == nil {
		c.Redirect(http.StatusSeeOther, done)
		return
	}
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	st := stateOf(c)
	if onForm {
		f := newForm(c.Request.PostForm)
		s.applyError(st, f, fields, domain.AsError(err))
		render(formStatus[code], f, nil)
		return
	}
	f := newForm(nil)
	s.applyError(st, f, nil, domain.AsError(err))
	render(formStatus[code], newForm(nil), f.General)
}
