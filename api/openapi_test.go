package api_test

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"hutong/api"
)

// ginParam matches a Gin path parameter (":id" or "*path").
var ginParam = regexp.MustCompile(`[:*]([A-Za-z_]+)`)

// registered lists every route the API registers, as "METHOD /path/{id}".
func registered(tb testing.TB) map[string]bool {
	tb.Helper()
	r := gin.New()
	api.NewServer(api.Deps{}).Register(r)
	out := map[string]bool{}
	for _, rt := range r.Routes() {
		out[rt.Method+" "+ginParam.ReplaceAllString(rt.Path, "{$1}")] = true
	}
	return out
}

// documented lists every operation in the OpenAPI document the same way.
func documented(tb testing.TB) map[string]bool {
	tb.Helper()
	doc, _ := openAPI(tb)
	out := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			out[strings.ToUpper(method)+" "+path] = true
		}
	}
	return out
}

func TestOpenAPICoversRoutes(t *testing.T) {
	t.Parallel()
	reg, doc := registered(t), documented(t)
	t.Run("EveryRouteDocumented", func(t *testing.T) {
		t.Parallel()
		for _, r := range missing(reg, doc) {
			t.Errorf("route %s is registered but not in api/openapi.json", r)
		}
	})
	t.Run("NoStaleOperations", func(t *testing.T) {
		t.Parallel()
		for _, r := range missing(doc, reg) {
			t.Errorf("api/openapi.json documents %s, which is not registered", r)
		}
	})
	t.Run("RequestBodiesClosed", func(t *testing.T) {
		t.Parallel()
		d, _ := openAPI(t)
		for path, item := range d.Paths.Map() {
			for method, op := range item.Operations() {
				if op.RequestBody == nil {
					continue
				}
				mt := op.RequestBody.Value.Content.Get("application/json")
				if mt == nil { // an upload: multipart/form-data
					mt = op.RequestBody.Value.Content.Get("multipart/form-data")
				}
				s := mt.Schema.Value
				if s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has {
					t.Errorf("%s %s: request body allows additional properties", method, path)
				}
			}
		}
	})
}

// missing lists the keys of a that b lacks, sorted.
func missing(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func TestOps(t *testing.T) {
	t.Parallel()
	fine := func(context.Context) error { return nil }
	broken := func(context.Context) error { return errors.New("dial tcp: secret-host refused") }
	hung := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	engine := func(t *testing.T, ready map[string]func(context.Context) error) *client {
		return &client{tb: t, r: newEngine(t, api.Deps{Ready: ready})}
	}
	t.Run("HealthzOK", func(t *testing.T) {
		t.Parallel()
		engine(t, nil).do("GET", "/healthz", nil).want(200)
	})
	t.Run("ReadyzOK", func(t *testing.T) {
		t.Parallel()
		engine(t, map[string]func(context.Context) error{"database": fine}).do("GET", "/readyz", nil).want(200)
	})
	t.Run("ReadyzNamesFailingCheck", func(t *testing.T) {
		t.Parallel()
		res := engine(t, map[string]func(context.Context) error{"database": fine, "workers": broken}).
			do("GET", "/readyz", nil).want(503)
		var body struct {
			Status string
			Checks map[string]string
		}
		res.decode(&body)
		if body.Status != "unavailable" || body.Checks["workers"] != "failed" || body.Checks["database"] != "ok" {
			t.Fatalf("readyz = %+v, want workers failed and database ok", body)
		}
		if strings.Contains(string(res.Body), "secret-host") {
			t.Fatalf("readyz leaks the error text: %s", res.Body)
		}
	})
	t.Run("ReadyzTimesOut", func(t *testing.T) {
		t.Parallel()
		res := engine(t, map[string]func(context.Context) error{"database": hung}).do("GET", "/readyz", nil).want(503)
		if !strings.Contains(string(res.Body), `"database":"timeout"`) {
			t.Fatalf("readyz = %s, want database timeout", res.Body)
		}
	})
	t.Run("MetricsCountRequests", func(t *testing.T) {
		t.Parallel()
		c := engine(t, nil)
		c.do("GET", "/healthz", nil).want(200)
		res := c.do("GET", "/metrics", nil).want(200)
		if !strings.Contains(string(res.Body), `hutong_http_requests_total{method="GET",route="/healthz",status="200"} 1`) {
			t.Fatalf("metrics do not count /healthz:\n%s", res.Body)
		}
	})
	t.Run("OpenAPIServed", func(t *testing.T) {
		t.Parallel()
		res := engine(t, nil).do("GET", "/api/openapi.json", nil).want(200)
		if string(res.Body) != string(api.OpenAPI) {
			t.Fatal("served document differs from the embedded one")
		}
	})
}
