package api

import (
	"math"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"hutong/domain"
	"hutong/internal/httpx"
)

// statusOf is the one map from domain error code to HTTP status.
var statusOf = map[string]int{
	domain.EMALFORMED:    http.StatusBadRequest,
	domain.EUNAUTHORIZED: http.StatusUnauthorized,
	domain.EFORBIDDEN:    http.StatusForbidden,
	domain.ENOTFOUND:     http.StatusNotFound,
	domain.ECONFLICT:     http.StatusConflict,
	domain.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	domain.EINVALID:      http.StatusUnprocessableEntity,
	domain.ETOOMANY:      http.StatusTooManyRequests,
	domain.EINTERNAL:     http.StatusInternalServerError,
	domain.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// problemTypePrefix starts every problem type URI; the code follows, so a
// client can switch on the type without parsing titles.
const problemTypePrefix = "urn:hutong:problem:"

// contentTypeProblem is RFC 9457's media type.
const contentTypeProblem = "application/problem+json"

// problem is an RFC 9457 problem details object, with the request id so a
// caller can quote it to an operator.
type problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail"`
	Instance  string              `json:"instance"`
	RequestID string              `json:"request_id"`
	Errors    []domain.FieldError `json:"errors,omitempty"`
}

// fail renders err as problem+json and stops the chain. Internal errors are
// logged with the request id and answered with a generic detail, so no
// internal detail reaches the caller.
func (s *Server) fail(c *gin.Context, err error) { s.failAs(c, err, "") }

// failAs is fail with the problem title of catalogue id title, for a
// failure that deserves a more precise title than its code's ("" keeps
// the code's).
func (s *Server) failAs(c *gin.Context, err error, title string) {
	code := domain.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		code, status = domain.EINTERNAL, http.StatusInternalServerError
	}
	if status >= 500 {
		httpx.Logger(c).Error("api: request failed", "code", code, "err", err)
	}
	p := problem{
		Type:      problemTypePrefix + code,
		Title:     s.title(c, title, code, status),
		Status:    status,
		Detail:    domain.ErrorMessage(err),
		Instance:  c.Request.URL.Path,
		RequestID: httpx.RequestID(c),
	}
	if code == domain.EINTERNAL {
		p.Detail = "internal error"
	}
	if e := domain.AsError(err); e != nil {
		p.Errors = e.Fields
		s.setRetryAfter(c, e)
	}
	if status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", "Bearer")
	}
	c.Header("Content-Type", contentTypeProblem)
	c.AbortWithStatusJSON(status, p)
}

// setRetryAfter tells a throttled caller how many whole seconds to wait,
// never less than one.
func (s *Server) setRetryAfter(c *gin.Context, e *domain.Error) {
	if e.Code != domain.ETOOMANY {
		return
	}
	secs := max(int(math.Ceil(e.RetryAfter.Seconds())), 1)
	c.Header("Retry-After", strconv.Itoa(secs))
}

// title is the problem title in the caller's language (zh-CN by default):
// message id when the catalogue has it, else the code's title.
func (s *Server) title(c *gin.Context, id, code string, status int) string {
	if s.msgs == nil {
		return http.StatusText(status)
	}
	l := s.msgs.Localizer(c.GetHeader("Accept-Language"))
	c.Header("Content-Language", l.Lang)
	if id == "" || !l.Has(id) {
		id = titleID(code)
	}
	return l.T(id)
}

// titleID is the catalogue id of a code's problem title.
func titleID(code string) string { return "api.problem." + code }

// NotFound answers 404 problem+json. Gin has one NoRoute handler per
// engine, shared with the pages, so main calls this for paths under /api/.
func (s *Server) NotFound(c *gin.Context) {
	s.fail(c, domain.Errorf(domain.ENOTFOUND, "no such endpoint"))
}
