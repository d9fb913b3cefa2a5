package httpx

import (
	"context"
	"log/slog"
	"regexp"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
)

// HeaderRequestID carries the request id in both directions, so that a
// load balancer's id survives into our logs and the caller can quote ours.
const HeaderRequestID = "X-Request-ID"

// Keys under which the request id and the request's logger are kept in the
// Gin context.
const (
	keyRequestID = "httpx.request_id"
	keyLogger    = "httpx.logger"
)

type ctxKey struct{}

// safeID accepts an incoming id only when it is a short token of safe
// characters; anything else could forge log lines or carry a secret.
var safeID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestID adopts a safe incoming X-Request-ID or makes a new one, echoes
// it in the response, and keeps it (with a logger carrying it) in both the
// Gin context and the request's context.
func requestID(base *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(HeaderRequestID)
		if !safeID.MatchString(id) {
			id = uuid.Must(uuid.NewV7()).String()
		}
		c.Header(HeaderRequestID, id)
		l := base.With("request_id", id)
		c.Set(keyRequestID, id)
		c.Set(keyLogger, l)
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), ctxKey{}, id))
		c.Next()
	}
}

// RequestID returns the id of the request being served, or "" outside the
// middleware chain.
func RequestID(c *gin.Context) string {
	return c.GetString(keyRequestID)
}

// RequestIDFromContext returns the request id kept in a request's context,
// for code that holds a context.Context rather than a *gin.Context.
func RequestIDFromContext(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// Logger returns a logger that carries the request id, so that every line
// a handler writes can be matched with the access log. Outside the
// middleware chain it returns slog.Default().
func Logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(keyLogger); ok {
		if l, ok := l.(*slog.Logger); ok {
			return l
		}
	}
	return slog.Default()
}
