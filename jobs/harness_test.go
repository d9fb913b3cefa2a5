package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"hutong/domain"
	"hutong/internal/i18n"
	"hutong/internal/mail"
	"hutong/internal/mail/mailtest"
	"hutong/internal/testkit"
	"hutong/jobs"
	"hutong/postgres"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// baseURL is the site address the test mail links point to.
const baseURL = "https://hutong.test"

// waitTimeout bounds every wait on River; the 451 retry needs River's
// scheduler (every 5 s) to make the retried job available again.
const waitTimeout = 45 * time.Second

// harness is one fresh database with the real services, a real SMTP
// server, and a River client working the jobs.
type harness struct {
	dsn    string
	db     *postgres.DB
	pool   *pgxpool.Pool
	users  *postgres.UserService
	notes  *postgres.NotificationService
	smtp   *mailtest.Server
	deps   jobs.Deps
	client *river.Client[pgx.Tx]
	events <-chan *river.Event
}

// newHarness prepares everything but does not start the client, so that a
// test can set up the SMTP server or the deps first.
func newHarness(t *testing.T) *harness {
	t.Helper()
	ctx := context.Background()
	h := &harness{dsn: testkit.DSN(t)}
	var err error
	h.db, err = postgres.Open(ctx, h.dsn, postgres.Options{SecretKey: testkit.SecretKey, Logger: testkit.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.db.Close() })
	h.pool, err = pgxpool.New(ctx, h.dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.pool.Close)
	h.users, h.notes = postgres.NewUserService(h.db), postgres.NewNotificationService(h.db)
	h.smtp = mailtest.Start(t, mailtest.Options{})
	m, err := mail.ParseURL(h.smtp.URL())
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	h.deps = jobs.Deps{
		Notifications: h.notes, Pruner: postgres.NewAuthService(h.db), Mailer: m,
		I18n: bundle, BaseURL: baseURL, Logger: testkit.Logger(t),
	}
	return h
}

// start builds and starts the River client from h.deps, subscribed to the
// end of every job, and stops it when the test ends.
func (h *harness) start(t *testing.T) {
	t.Helper()
	var err error
	h.client, err = jobs.NewClient(h.pool, jobs.NewWorkers(h.deps), h.deps, true)
	if err != nil {
		t.Fatal(err)
	}
	var cancel func()
	h.events, cancel = h.client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled)
	if err := h.client.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		ctx, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = h.client.Stop(ctx)
	})
}

// register opens an account, which inserts a welcome notification and
// its send_email job in one transaction.
func (h *harness) register(t *testing.T, in domain.RegisterInput) *domain.User {
	t.Helper()
	in.Password = "correct horse battery"
	u, err := h.users.Register(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// welcome returns the user's one notification, with its recipient.
func (h *harness) welcome(t *testing.T, u *domain.User) *domain.Notification {
	t.Helper()
	ns, _, err := h.notes.FindNotifications(context.Background(), &domain.Actor{User: u}, domain.Page{})
	if err != nil || len(ns) != 1 || ns[0].Kind != domain.NotifyWelcome {
		t.Fatalf("inbox = %v, %v; want one welcome", ns, err)
	}
	n, _, err := h.notes.FindNotificationForEmail(context.Background(), ns[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitJob waits for the next event about a job of kind and returns it.
func (h *harness) waitJob(t *testing.T, kind string) *river.Event {
	t.Helper()
	timeout := time.After(waitTimeout)
	for {
		select {
		case ev := <-h.events:
			if ev.Job.Kind == kind {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s job finished within %s", kind, waitTimeout)
		}
	}
}

// waitDone waits until the next job of kind completes, failing the test if
// it fails or is cancelled instead.
func (h *harness) waitDone(t *testing.T, kind string) *rivertype.JobRow {
	t.Helper()
	ev := h.waitJob(t, kind)
	if ev.Kind != river.EventKindJobCompleted {
		t.Fatalf("%s job %d: %s (state %s), errors %v", kind, ev.Job.ID, ev.Kind, ev.Job.State, ev.Job.Errors)
	}
	return ev.Job
}
