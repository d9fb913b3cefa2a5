package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"hutong/api"
	"hutong/domain"
	"hutong/internal/httpx"
	"hutong/internal/testkit"
	"hutong/postgres"
	"hutong/search"
	"hutong/search/searchtest"
)

// lockedBuffer collects log lines or response bodies from concurrent
// writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// teeWriter copies what a handler writes.
type teeWriter struct {
	gin.ResponseWriter
	to *lockedBuffer
}

func (w *teeWriter) Write(b []byte) (int, error) {
	_, _ = w.to.Write(append(append([]byte{}, b...), '\n'))
	return w.ResponseWriter.Write(b)
}

func (w *teeWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

// wishAPI is the API on a fresh database with the micro-wish services and
// a recorded Bleve index; every log line goes to logs, and every answer
// to a caller outside the station's child directors and wish writer goes
// to public.
type wishAPI struct {
	*harness
	logs, public *lockedBuffer
	index        *searchtest.Recorder
	watched      sync.Map // tokens whose answers go to public
	programmes   *postgres.ProgrammeService
	wishes       *postgres.WishService
}

func newWishAPI(t *testing.T) *wishAPI {
	t.Helper()
	w := &wishAPI{logs: &lockedBuffer{}, public: &lockedBuffer{}}
	logger := slog.New(slog.NewJSONHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db, err := postgres.Open(context.Background(), testkit.DSN(t), postgres.Options{SecretKey: testkit.SecretKey, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	w.index = searchtest.NewRecorder(openBleve(t))
	w.programmes, w.wishes = postgres.NewProgrammeService(db), postgres.NewWishService(db)
	reg := prometheus.NewRegistry()
	d := api.Deps{
		Users: postgres.NewUserService(db), Auth: postgres.NewAuthService(db), Orgs: postgres.NewOrganizationService(db),
		Members: postgres.NewMemberService(db), Audit: postgres.NewAuditService(db), Regions: postgres.NewRegionService(db),
		Notifications: postgres.NewNotificationService(db), Search: w.index,
		Programmes: w.programmes, Children: postgres.NewChildService(db), Wishes: w.wishes,
		Gatherer: reg, Logger: logger,
	}
	r := gin.New()
	r.Use(httpx.Middleware(logger, reg)...)
	r.Use(func(c *gin.Context) {
		tok := c.GetHeader("Authorization")
		if _, ok := w.watched.Load(tok); ok || tok == "" {
			c.Writer = &teeWriter{ResponseWriter: c.Writer, to: w.public}
		}
		c.Next()
	})
	api.NewServer(d).Register(r)
	w.harness = &harness{tb: t, db: db, r: r, users: d.Users}
	return w
}

// watch sends u's answers to the public record.
func (w *wishAPI) watch(u *user) *user {
	w.watched.Store("Bearer "+u.token, true)
	return u
}

// reindex rebuilds the wish and programme indexes as the search sync
// does, through the sources the workers load documents from.
func (w *wishAPI) reindex(t *testing.T) {
	t.Helper()
	for _, src := range []search.Source{search.WishSource(w.wishes), search.ProgrammeSource(w.programmes)} {
		if _, err := search.Reindex(context.Background(), w.index, src, nil); err != nil {
			t.Fatal(err)
		}
	}
}

// today is the service's calendar day.
func today() domain.Date { return domain.DateOf(time.Now()) }
