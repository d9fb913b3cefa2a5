package httpx_test

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"hutong/internal/httpx"
)

func init() { gin.SetMode(gin.TestMode) }

// syncBuffer is a log sink that the race detector accepts.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// lines decodes every JSON log line written so far.
func (s *syncBuffer) lines(tb testing.TB) []map[string]any {
	tb.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			tb.Fatalf("log line is not JSON: %q", l)
		}
		out = append(out, m)
	}
	return out
}

type fixture struct {
	r    *gin.Engine
	logs *syncBuffer
	reg  *prometheus.Registry
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	f := &fixture{r: gin.New(), logs: &syncBuffer{}, reg: prometheus.NewRegistry()}
	logger := slog.New(slog.NewJSONHandler(f.logs, nil))
	f.r.Use(httpx.Middleware(logger, f.reg)...)
	f.r.GET("/items/:id", func(c *gin.Context) {
		httpx.Logger(c).Info("handler", "seen_id", httpx.RequestID(c),
			"ctx_id", httpx.RequestIDFromContext(c.Request.Context()))
		c.String(http.StatusOK, "hello")
	})
	f.r.GET("/api/v1/boom", func(*gin.Context) { panic("kaboom secret") })
	f.r.GET("/boom", func(*gin.Context) { panic("kaboom") })
	f.r.POST("/upload", httpx.BodyLimit(10), func(c *gin.Context) {
		_, err := io.ReadAll(c.Request.Body)
		if httpx.TooLarge(err) {
			c.String(http.StatusRequestEntityTooLarge, "too large")
			return
		}
		c.String(http.StatusOK, "ok")
	})
	return f
}

func (f *fixture) do(req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	f.r.ServeHTTP(w, req)
	return w
}

func TestRequestID(t *testing.T) {
	t.Parallel()
	t.Run("GeneratedWhenAbsent", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		w := f.do(httptest.NewRequest("GET", "/items/1", nil))
		id := w.Header().Get("X-Request-ID")
		if len(id) != 36 {
			t.Fatalf("X-Request-ID = %q, want a generated uuid", id)
		}
		logs := f.logs.lines(t)
		if logs[0]["seen_id"] != id || logs[0]["ctx_id"] != id || logs[0]["request_id"] != id {
			t.Fatalf("handler log %v does not carry request id %s", logs[0], id)
		}
	})
	t.Run("SafeIncomingKept", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		req := httptest.NewRequest("GET", "/items/1", nil)
		req.Header.Set("X-Request-ID", "lb-1234.abc_DEF")
		if got := f.do(req).Header().Get("X-Request-ID"); got != "lb-1234.abc_DEF" {
			t.Fatalf("X-Request-ID = %q, want the incoming one", got)
		}
	})
	for name, bad := range map[string]string{
		"UnsafeCharactersReplaced": "abc\ndef: forged",
		"LongReplaced":             strings.Repeat("a", 65),
		"SpacesReplaced":           "a b",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			req := httptest.NewRequest("GET", "/items/1", nil)
			req.Header.Set("X-Request-ID", bad)
			got := f.do(req).Header().Get("X-Request-ID")
			if got == bad || len(got) != 36 {
				t.Fatalf("X-Request-ID = %q, want a fresh id instead of %q", got, bad)
			}
		})
	}
}

func TestAccessLog(t *testing.T) {
	t.Parallel()
	t.Run("RouteTemplateWithoutSecrets", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		req := httptest.NewRequest("GET", "/items/42?token=s3cr3t-query", nil)
		req.Header.Set("Authorization", "Bearer s3cr3t-bearer")
		req.Header.Set("Cookie", "session=s3cr3t-cookie")
		w := f.do(req)
		out := f.logs.String()
		for _, secret := range []string{"s3cr3t", "/items/42"} {
			if strings.Contains(out, secret) {
				t.Fatalf("access log leaks %q: %s", secret, out)
			}
		}
		logs := f.logs.lines(t)
		line := logs[len(logs)-1]
		want := map[string]any{"msg": "request", "method": "GET", "route": "/items/:id",
			"status": float64(200), "bytes": float64(5), "request_id": w.Header().Get("X-Request-ID")}
		for k, v := range want {
			if line[k] != v {
				t.Errorf("access log %s = %v, want %v", k, line[k], v)
			}
		}
		if _, ok := line["duration_ms"].(float64); !ok {
			t.Errorf("access log has no duration_ms: %v", line)
		}
	})
	t.Run("UnmatchedRouteFolded", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.do(httptest.NewRequest("GET", "/no/such/path", nil))
		logs := f.logs.lines(t)
		if got := logs[len(logs)-1]["route"]; got != "unmatched" {
			t.Fatalf("route = %v, want unmatched", got)
		}
	})
}

func TestRecovery(t *testing.T) {
	t.Parallel()
	t.Run("APIProblem", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		w := f.do(httptest.NewRequest("GET", "/api/v1/boom", nil))
		if w.Code != 500 || w.Header().Get("Content-Type") != "application/problem+json" {
			t.Fatalf("got %d %q, want 500 problem+json", w.Code, w.Header().Get("Content-Type"))
		}
		var p map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		id := w.Header().Get("X-Request-ID")
		if p["status"] != float64(500) || p["request_id"] != id || p["instance"] != "/api/v1/boom" ||
			p["type"] != "urn:hutong:problem:internal" {
			t.Fatalf("problem = %v", p)
		}
		if strings.Contains(w.Body.String(), "kaboom") {
			t.Fatalf("answer leaks the panic: %s", w.Body)
		}
		var logged bool
		for _, l := range f.logs.lines(t) {
			if l["msg"] == "panic" && l["request_id"] == id && l["level"] == "ERROR" {
				logged = true
			}
		}
		if !logged {
			t.Fatalf("panic not logged with request id: %s", f.logs)
		}
	})
	t.Run("PagePlain", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		w := f.do(httptest.NewRequest("GET", "/boom", nil))
		if w.Code != 500 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
			t.Fatalf("got %d %q, want 500 text/plain", w.Code, w.Header().Get("Content-Type"))
		}
		if !strings.Contains(w.Body.String(), w.Header().Get("X-Request-ID")) {
			t.Fatalf("body %q does not quote the request id", w.Body)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
		"X-Frame-Options":         "DENY",
	}
	t.Run("PlainHTTP", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		for _, path := range []string{"/items/1", "/nowhere", "/api/v1/boom"} {
			w := f.do(httptest.NewRequest("GET", path, nil))
			for k, v := range want {
				if got := w.Header().Get(k); got != v {
					t.Errorf("%s: %s = %q, want %q", path, k, got, v)
				}
			}
			if w.Header().Get("Permissions-Policy") == "" {
				t.Errorf("%s: no Permissions-Policy", path)
			}
			if got := w.Header().Get("Strict-Transport-Security"); got != "" {
				t.Errorf("%s: HSTS %q sent over plain HTTP", path, got)
			}
		}
	})
	t.Run("TLSAddsHSTS", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		req := httptest.NewRequest("GET", "/items/1", nil)
		req.TLS = &tls.ConnectionState{}
		if got := f.do(req).Header().Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
			t.Fatalf("HSTS = %q over TLS", got)
		}
	})
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	t.Run("CountedByRouteAndStatus", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		f.do(httptest.NewRequest("GET", "/items/1", nil))
		f.do(httptest.NewRequest("GET", "/items/2", nil))
		f.do(httptest.NewRequest("GET", "/api/v1/boom", nil))
		f.do(httptest.NewRequest("BREW", "/x", nil))
		expected := `
# HELP hutong_http_requests_total HTTP requests served, by method, route template and status.
# TYPE hutong_http_requests_total counter
hutong_http_requests_total{method="GET",route="/api/v1/boom",status="500"} 1
hutong_http_requests_total{method="GET",route="/items/:id",status="200"} 2
hutong_http_requests_total{method="OTHER",route="unmatched",status="404"} 1
`
		if err := testutil.GatherAndCompare(f.reg, strings.NewReader(expected), "hutong_http_requests_total"); err != nil {
			t.Fatal(err)
		}
		if n := testutil.CollectAndCount(f.reg, "hutong_http_request_duration_seconds"); n != 3 {
			t.Fatalf("duration series = %d, want 3", n)
		}
	})
	t.Run("SharedRegistryReused", func(t *testing.T) {
		t.Parallel()
		reg := prometheus.NewRegistry()
		for range 2 {
			r := gin.New()
			r.Use(httpx.Middleware(nil, reg)...)
			r.GET("/", func(c *gin.Context) { c.Status(204) })
			r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
		}
		expected := `
# HELP hutong_http_requests_total HTTP requests served, by method, route template and status.
# TYPE hutong_http_requests_total counter
hutong_http_requests_total{method="GET",route="/",status="204"} 2
`
		if err := testutil.GatherAndCompare(reg, strings.NewReader(expected), "hutong_http_requests_total"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		body string
		want int
	}{
		"UnderLimitOK": {"0123456789", 200},
		"OverLimit413": {"0123456789A", 413},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			w := f.do(httptest.NewRequest("POST", "/upload", strings.NewReader(tc.body)))
			if w.Code != tc.want {
				t.Fatalf("status = %d, want %d", w.Code, tc.want)
			}
		})
	}
}
