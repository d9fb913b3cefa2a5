package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"hutong/api"
	"hutong/domain"
	"hutong/internal/httpx"
	"hutong/internal/testkit"
	"hutong/postgres"
)

func init() { gin.SetMode(gin.TestMode) }

func TestMain(m *testing.M) { testkit.Main(m) }

// harness is the whole API on a fresh database, with the real postgres
// services, behind the shared middleware, as main composes it.
type harness struct {
	tb    testing.TB
	db    *postgres.DB
	r     *gin.Engine
	users domain.UserService
	ready map[string]func(context.Context) error
}

// newHarness builds the API on a fresh migrated database.
func newHarness(tb testing.TB) *harness {
	tb.Helper()
	return newHarnessWith(tb, nil)
}

// newHarnessWith builds the API on a fresh migrated database, letting edit
// add dependencies (a search index) to the real services first.
func newHarnessWith(tb testing.TB, edit func(db *postgres.DB, d *api.Deps)) *harness {
	tb.Helper()
	db := testkit.DB(tb)
	h := &harness{tb: tb, db: db, users: postgres.NewUserService(db)}
	h.ready = map[string]func(context.Context) error{"database": db.Ping}
	d := api.Deps{
		Users:         h.users,
		Auth:          postgres.NewAuthService(db),
		Orgs:          postgres.NewOrganizationService(db),
		Members:       postgres.NewMemberService(db),
		Alliances:     postgres.NewAllianceService(db),
		Audit:         postgres.NewAuditService(db),
		Notifications: postgres.NewNotificationService(db),
		Regions:       postgres.NewRegionService(db),
		Synonyms:      postgres.NewSynonymService(db),
		Ready:         h.ready,
	}
	if edit != nil {
		edit(db, &d)
	}
	h.r = newEngine(tb, d)
	return h
}

// newEngine composes the API as main does, with its own metrics registry.
func newEngine(tb testing.TB, d api.Deps) *gin.Engine {
	tb.Helper()
	reg := prometheus.NewRegistry()
	d.Gatherer, d.Logger = reg, testkit.Logger(tb)
	r := gin.New()
	r.Use(httpx.Middleware(d.Logger, reg)...)
	api.NewServer(d).Register(r)
	return r
}

// client sends requests to an engine as one caller. Every response it sees
// is validated against the OpenAPI document, so a handler that drifts from
// the document fails whichever test exercises it.
type client struct {
	tb    testing.TB
	r     *gin.Engine
	token string
}

// anon is a caller without a token.
func (h *harness) anon() *client { return &client{tb: h.tb, r: h.r} }

// response is what the API answered.
type response struct {
	tb     testing.TB
	Code   int
	Header http.Header
	Body   []byte
}

// do sends body (a string or []byte as is, anything else as JSON) and
// validates the answer against the OpenAPI document.
func (c *client) do(method, path string, body any) *response {
	c.tb.Helper()
	req := httptest.NewRequest(method, path, bodyReader(c.tb, body))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	w := httptest.NewRecorder()
	c.r.ServeHTTP(w, req)
	res := &response{tb: c.tb, Code: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
	validateResponse(c.tb, req, res)
	return res
}

func bodyReader(tb testing.TB, body any) io.Reader {
	tb.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return strings.NewReader(b)
	case []byte:
		return bytes.NewReader(b)
	}
	b, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	return bytes.NewReader(b)
}

// want fails the test unless the status is code.
func (r *response) want(code int) *response {
	r.tb.Helper()
	if r.Code != code {
		r.tb.Fatalf("status = %d, want %d; body: %s", r.Code, code, r.Body)
	}
	return r
}

// decode unmarshals the body into v.
func (r *response) decode(v any) {
	r.tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		r.tb.Fatalf("decode %s: %v", r.Body, err)
	}
}

// problem is a decoded problem+json answer.
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Instance  string `json:"instance"`
	RequestID string `json:"request_id"`
	Errors    []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

// problem checks the answer is a problem with status code and decodes it.
func (r *response) problem(code int) problem {
	r.tb.Helper()
	r.want(code)
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		r.tb.Fatalf("Content-Type = %q, want application/problem+json", ct)
	}
	var p problem
	r.decode(&p)
	if p.Status != code || p.RequestID != r.Header.Get("X-Request-ID") || p.RequestID == "" {
		r.tb.Fatalf("problem %+v does not match status %d and request id %q", p, code, r.Header.Get("X-Request-ID"))
	}
	return p
}

// field fails unless the problem names field.
func (p problem) field(tb testing.TB, field string) {
	tb.Helper()
	for _, e := range p.Errors {
		if e.Field == field {
			return
		}
	}
	tb.Fatalf("problem %+v does not name field %q", p, field)
}

var spec struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// openAPI loads and validates the embedded document once per binary.
func openAPI(tb testing.TB) (*openapi3.T, routers.Router) {
	tb.Helper()
	spec.once.Do(func() {
		spec.doc, spec.err = openapi3.NewLoader().LoadFromData(api.OpenAPI)
		if spec.err == nil {
			spec.err = spec.doc.Validate(context.Background())
		}
		if spec.err == nil {
			spec.router, spec.err = legacy.NewRouter(spec.doc)
		}
	})
	if spec.err != nil {
		tb.Fatalf("OpenAPI document: %v", spec.err)
	}
	return spec.doc, spec.router
}

// validateResponse fails the test when the route is not in the document
// or the answer does not match what the document says of it.
func validateResponse(tb testing.TB, req *http.Request, res *response) {
	tb.Helper()
	_, router := openAPI(tb)
	route, params, err := router.FindRoute(req)
	if err != nil {
		tb.Fatalf("%s %s is not in the OpenAPI document: %v", req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 res.Code,
		Header:                 res.Header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	in.SetBodyBytes(res.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		tb.Fatalf("%s %s answered %d, which does not match the OpenAPI document: %v\nbody: %s",
			req.Method, req.URL.Path, res.Code, err, res.Body)
	}
}
