package httpx

import (
	"log/slog"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

// unmatched is the route label of requests no route matched, so that
// probes of random paths cannot grow the metrics without bound.
const unmatched = "unmatched"

// accessLog writes one JSON line per request and records its metrics. It
// logs the route template, never the raw path or query string (which may
// carry tokens), and no request headers at all, so Authorization and
// Cookie cannot leak.
func accessLog(m *metrics) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		d := time.Since(start)
		route := c.FullPath()
		if route == "" {
			route = unmatched
		}
		status := c.Writer.Status()
		m.observe(methodLabel(c.Request.Method), route, strconv.Itoa(status), d)
		Logger(c).LogAttrs(c.Request.Context(), levelFor(status), "request",
			slog.String("method", c.Request.Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Float64("duration_ms", float64(d.Microseconds())/1000),
			slog.Int("bytes", max(c.Writer.Size(), 0)),
		)
	}
}

// levelFor logs server errors as errors so that alerts can key on them;
// everything else, client mistakes included, is routine.
func levelFor(status int) slog.Level {
	if status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}

// methodLabel folds unknown methods into one label, for the same reason
// as unmatched routes.
func methodLabel(m string) string {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS":
		return m
	}
	return "OTHER"
}
