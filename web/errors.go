package web

import (
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
	"hutong/internal/httpx"
)

// errorPages maps a domain error code to the status and message a page
// answers with: the pages' one place for this mapping. EUNAUTHORIZED is
// not here: it sends the reader to sign in instead.
var errorPages = map[string]struct {
	status int
	id     string
}{
	domain.ENOTFOUND:    {http.StatusNotFound, "error.not_found"},
	domain.EFORBIDDEN:   {http.StatusForbidden, "error.forbidden"},
	domain.EINVALID:     {http.StatusUnprocessableEntity, "error.invalid"},
	domain.ECONFLICT:    {http.StatusConflict, "error.conflict"},
	domain.ETOOMANY:     {http.StatusTooManyRequests, "error.too_many"},
	domain.ETOOLARGE:    {http.StatusRequestEntityTooLarge, "error.too_large"},
	domain.EMALFORMED:   {http.StatusBadRequest, "error.malformed"},
	domain.EUNAVAILABLE: {http.StatusServiceUnavailable, "error.unavailable"},
	domain.EINTERNAL:    {http.StatusInternalServerError, "error.internal"},
}

// formStatus is the status of a form shown again with its problems.
var formStatus = map[string]int{
	domain.EINVALID:  http.StatusUnprocessableEntity,
	domain.ECONFLICT: http.StatusConflict,
}

// fail answers a service error as a page. Only internal errors are logged
// as errors, with the request id the page shows.
func (s *Server) fail(c *gin.Context, err error) {
	code := domain.ErrorCode(err)
	if code == domain.EUNAUTHORIZED {
		c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(returnPath(c)))
		return
	}
	p, ok := errorPages[code]
	if !ok {
		p = errorPages[domain.EINTERNAL]
	}
	if p.status >= 500 {
		httpx.Logger(c).LogAttrs(c.Request.Context(), slog.LevelError, "page failed",
			slog.String("path", c.Request.URL.Path), slog.String("error", err.Error()))
	}
	if e := domain.AsError(err); e != nil && e.RetryAfter > 0 {
		setRetryAfter(c, e.RetryAfter)
	}
	s.renderError(c, p.status, p.id)
}

// setRetryAfter sends Retry-After in whole seconds, rounded up.
func setRetryAfter(c *gin.Context, d time.Duration) {
	c.Header("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
}

// errorData is what the error page shows.
type errorData struct {
	Status    int
	Message   string
	RequestID string
}

// renderError renders the error page with status and the message id.
func (s *Server) renderError(c *gin.Context, status int, id string) {
	st := stateOf(c)
	if st.L == nil {
		st.L = s.i18n.Localizer(c.GetHeader("Accept-Language"))
	}
	d := errorData{Status: status, Message: st.L.T(id), RequestID: httpx.RequestID(c)}
	s.render(c, status, "error", d.Message, d)
}

// returnPath is where to come back to after signing in: the page itself
// for a GET, the page the form was on for a POST.
func returnPath(c *gin.Context) string {
	if c.Request.Method == http.MethodGet {
		return c.Request.URL.RequestURI()
	}
	if ref, err := url.Parse(c.GetHeader("Referer")); err == nil && ref.Host == c.Request.Host {
		return safeNext(ref.RequestURI())
	}
	return "/"
}

// safeNext accepts only a local path as a redirect target: it starts with
// "/" but not "//" or "/\" (which browsers read as another host), and
// carries no control characters. Anything else becomes "/".
func safeNext(next string) string {
	if len(next) == 0 || next[0] != '/' || len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}
