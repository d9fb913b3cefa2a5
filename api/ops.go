package api

import (
	"context"
	_ "embed"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"hutong/internal/httpx"
)

// OpenAPI is the API's OpenAPI 3.0 document, written by hand and checked
// by tests against the registered routes and real responses.
//
//go:embed openapi.json
var OpenAPI []byte

// readyTimeout bounds each readiness check, so a hung dependency makes the
// instance unready instead of hanging the load balancer's probe.
const readyTimeout = 2 * time.Second

// healthz says the process is alive and serving; it checks nothing else,
// so an orchestrator restarts only a process that is truly stuck.
func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz runs every readiness check at once and answers 503 naming the
// checks that failed. Error texts go to the log, not to the caller.
func (s *Server) readyz(c *gin.Context) {
	results := s.runChecks(c.Request.Context())
	status, code := "ok", http.StatusOK
	for name, r := range results {
		if r != "ok" {
			status, code = "unavailable", http.StatusServiceUnavailable
			httpx.Logger(c).Warn("api: readiness check failed", "check", name, "result", r)
		}
	}
	c.JSON(code, gin.H{"status": status, "checks": results})
}

// runChecks runs the checks concurrently, each with its own timeout, and
// reports "ok", "failed" or "timeout" for each.
func (s *Server) runChecks(ctx context.Context) map[string]string {
	var mu sync.Mutex
	var wg sync.WaitGroup
	results := make(map[string]string, len(s.ready))
	for name, check := range s.ready {
		wg.Go(func() {
			r := runCheck(ctx, check)
			mu.Lock()
			results[name] = r
			mu.Unlock()
		})
	}
	wg.Wait()
	return results
}

func runCheck(ctx context.Context, check func(context.Context) error) string {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- check(ctx) }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
	}
	switch {
	case ctx.Err() != nil:
		return "timeout"
	case err != nil:
		return "failed"
	}
	return "ok"
}

// metrics exposes the Prometheus registry.
func (s *Server) metrics() gin.HandlerFunc {
	return gin.WrapH(promhttp.HandlerFor(s.gatherer, promhttp.HandlerOpts{}))
}

// openapi serves the embedded OpenAPI document.
func (s *Server) openapi(c *gin.Context) {
	c.Data(http.StatusOK, "application/json", OpenAPI)
}
