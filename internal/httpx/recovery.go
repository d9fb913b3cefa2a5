package httpx

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/gin-gonic/gin"
)

// recovery turns a panic into a logged error and a 500, so one bad request
// never takes the process down. The log line carries the request id (the
// caller sees the same id) and the stack; the answer carries neither the
// panic value nor the stack. API paths get problem+json like every other
// API error; pages get plain text.
func recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(p) // net/http's way of aborting a response on purpose
			}
			Logger(c).LogAttrs(c.Request.Context(), slog.LevelError, "panic",
				slog.String("panic", fmt.Sprint(p)),
				slog.String("stack", string(debug.Stack())),
			)
			answerPanic(c)
		}()
		c.Next()
	}
}

// problemInternal is the API's problem type for internal errors (api/
// names every type "urn:hutong:problem:<code>"), so a panic answers like
// any other internal error.
const problemInternal = "urn:hutong:problem:internal"

func answerPanic(c *gin.Context) {
	if c.Writer.Written() {
		c.Abort()
		return
	}
	id := RequestID(c)
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		c.Header("Content-Type", "application/problem+json")
		c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{
			"type":       problemInternal,
			"title":      http.StatusText(http.StatusInternalServerError),
			"status":     http.StatusInternalServerError,
			"detail":     "internal error",
			"instance":   c.Request.URL.Path,
			"request_id": id,
		})
		return
	}
	c.Header("Content-Type", "text/plain; charset=utf-8")
	c.AbortWithStatus(http.StatusInternalServerError)
	_, _ = fmt.Fprintf(c.Writer, "500 服务器内部错误 Internal Server Error\nrequest id: %s\n", id)
}
