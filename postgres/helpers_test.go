package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/internal/testkit"
	"hutong/postgres"
)

// env is one test's database with every service on it.
type env struct {
	db       *postgres.DB
	users    *postgres.UserService
	auth     *postgres.AuthService
	orgs     *postgres.OrganizationService
	members  *postgres.MemberService
	alliance *postgres.AllianceService
	audit    *postgres.AuditService
	notes    *postgres.NotificationService
	regions  *postgres.RegionService
	clock    *clock
	dsn      string
}

// clock is a test clock that only moves when told to.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newEnv opens a fresh database whose services read a test clock.
func newEnv(tb testing.TB) *env {
	tb.Helper()
	c := &clock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
	dsn := testkit.DSN(tb)
	db, err := postgres.Open(context.Background(), dsn, postgres.Options{
		SecretKey: testkit.SecretKey, Logger: testkit.Logger(tb), Now: c.Now,
	})
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	e := servicesOn(db, c)
	e.dsn = dsn
	return e
}

func servicesOn(db *postgres.DB, c *clock) *env {
	return &env{
		db: db, clock: c,
		users: postgres.NewUserService(db), auth: postgres.NewAuthService(db),
		orgs: postgres.NewOrganizationService(db), members: postgres.NewMemberService(db),
		alliance: postgres.NewAllianceService(db), audit: postgres.NewAuditService(db),
		notes: postgres.NewNotificationService(db), regions: postgres.NewRegionService(db),
	}
}

var seq atomic.Int64

// register opens an account with a unique email and the password
// "correct horse battery".
func (e *env) register(tb testing.TB, name string) *domain.User {
	tb.Helper()
	n := seq.Add(1)
	u, err := e.users.Register(context.Background(), domain.RegisterInput{
		Email: fmt.Sprintf("%s%d@example.org", strings.ToLower(name), n), Password: "correct horse battery", DisplayName: name,
	})
	if err != nil {
		tb.Fatalf("register %s: %v", name, err)
	}
	return u
}

// actor builds the Actor of a signed-in user, as the API does.
func (e *env) actor(tb testing.TB, u *domain.User) *domain.Actor {
	tb.Helper()
	ms, err := e.members.FindMemberships(context.Background(), u.ID)
	if err != nil {
		tb.Fatalf("memberships: %v", err)
	}
	return &domain.Actor{User: u, Memberships: ms}
}

// admin creates a platform admin.
func (e *env) admin(tb testing.TB) *domain.Actor {
	tb.Helper()
	u, err := e.users.CreatePlatformAdmin(context.Background(), domain.RegisterInput{
		Email: fmt.Sprintf("admin%d@example.org", seq.Add(1)), Password: "correct horse battery", DisplayName: "Admin",
	})
	if err != nil {
		tb.Fatalf("create admin: %v", err)
	}
	return &domain.Actor{User: u}
}

// createOrg creates an organisation owned by owner's user and returns it.
func (e *env) createOrg(tb testing.TB, owner *domain.Actor, kind domain.OrgKind, name, region string) *domain.Organization {
	tb.Helper()
	org, err := e.orgs.CreateOrganization(context.Background(), owner, orgInput(kind, name, region))
	if err != nil {
		tb.Fatalf("create %s: %v", name, err)
	}
	return org
}

func orgInput(kind domain.OrgKind, name, region string) domain.OrganizationInput {
	return domain.OrganizationInput{
		Kind: kind, Name: name, CreditCode: creditCode(seq.Add(1)), RegionCode: region,
		ServiceAreas: []string{"psychological", "tutoring"}, Rating: "4A",
	}
}

// creditCode makes a distinct valid unified social credit code (GB 32100)
// from n.
func creditCode(n int64) string {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	body := fmt.Sprintf("52320200%09d", n)
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(chars, body[i]) * weights[i]
	}
	return body + string(chars[(31-sum%31)%31])
}

// count runs a counting query on the raw database.
func (e *env) count(tb testing.TB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := e.db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// wantCode fails unless err carries the domain code want.
func wantCode(tb testing.TB, err error, want string) *domain.Error {
	tb.Helper()
	if got := domain.ErrorCode(err); got != want {
		tb.Fatalf("error code = %q (%v), want %q", got, err, want)
	}
	return domain.AsError(err)
}

// wantField fails unless err is a domain error naming field.
func wantField(tb testing.TB, err error, code, field string) {
	tb.Helper()
	e := wantCode(tb, err, code)
	for _, f := range e.Fields {
		if f.Field == field {
			return
		}
	}
	tb.Fatalf("error fields = %+v, want %q", e.Fields, field)
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// notifications returns the kinds of a user's notifications, oldest first.
func (e *env) notifications(tb testing.TB, userID uuid.UUID) []*domain.Notification {
	tb.Helper()
	ns, _, err := e.notes.FindNotifications(context.Background(), &domain.Actor{User: &domain.User{ID: userID}}, domain.Page{Limit: 100})
	must(tb, err)
	return ns
}

// servicesOnClock opens a second handle on e's database whose services
// read c, so that a subtest can move time without disturbing others.
func servicesOnClock(tb testing.TB, e *env, c *clock) *env {
	tb.Helper()
	db, err := postgres.Open(context.Background(), e.dsn, postgres.Options{
		SecretKey: testkit.SecretKey, Logger: testkit.Logger(tb), Now: c.Now,
	})
	must(tb, err)
	tb.Cleanup(func() { _ = db.Close() })
	e2 := servicesOn(db, c)
	e2.dsn = e.dsn
	return e2
}
