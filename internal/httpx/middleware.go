package httpx

import (
	"log/slog"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
)

// Middleware returns the shared chain, outermost first: request id,
// security headers, access log with metrics, and panic recovery. Recovery
// sits innermost so that the access log and the metrics see the 500 it
// answers. A nil reg disables metrics; a nil logger uses slog.Default().
func Middleware(logger *slog.Logger, reg prometheus.Registerer) []gin.HandlerFunc {
	if logger == nil {
		logger = slog.Default()
	}
	return []gin.HandlerFunc{
		requestID(logger),
		securityHeaders(),
		accessLog(newMetrics(reg)),
		recovery(),
	}
}
