package httpx

import (
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the request counters and latency histograms, labelled by
// method, route template and status.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

var labels = []string{"method", "route", "status"}

// newMetrics registers the collectors with reg. Registering twice on one
// registry (two engines in one process, as tests do) reuses the collectors
// already there. A nil reg gives metrics that record nothing.
func newMetrics(reg prometheus.Registerer) *metrics {
	if reg == nil {
		return nil
	}
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hutong_http_requests_total",
			Help: "HTTP requests served, by method, route template and status.",
		}, labels),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hutong_http_request_duration_seconds",
			Help:    "Time to serve HTTP requests, by method, route template and status.",
			Buckets: prometheus.DefBuckets,
		}, labels),
	}
	m.requests = register(reg, m.requests)
	m.duration = register(reg, m.duration)
	return m
}

// register registers c, or returns the equal collector already registered.
// Any other registration error is a programming mistake and panics at
// startup, where it is seen at once.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	err := reg.Register(c)
	var dup prometheus.AlreadyRegisteredError
	switch {
	case err == nil:
		return c
	case errors.As(err, &dup):
		if old, ok := dup.ExistingCollector.(C); ok {
			return old
		}
	}
	panic(err)
}

func (m *metrics) observe(method, route, status string, d time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(method, route, status).Inc()
	m.duration.WithLabelValues(method, route, status).Observe(d.Seconds())
}
