package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"hutong/domain"
	"hutong/internal/demo"
	"hutong/internal/testkit"
	"hutong/jobs"
	"hutong/postgres"
	"hutong/search"
	"hutong/search/bleve"
)

// deadlineEnv is a database with a verified bureau and its owner, and
// two River clients working the same queue, as two worker processes
// would.
type deadlineEnv struct {
	db       *postgres.DB
	projects *postgres.ProjectService
	bids     *postgres.BidService
	owner    *domain.Actor
	bureau   *domain.Organization
	clients  []*river.Client[pgx.Tx]
}

// newDeadlineEnv builds the environment; with idx set, the clients also
// keep idx in step with the projects.
func newDeadlineEnv(t *testing.T, idx search.Index) *deadlineEnv {
	t.Helper()
	ctx := context.Background()
	dsn := testkit.DSN(t)
	db, err := postgres.Open(ctx, dsn, postgres.Options{SecretKey: testkit.SecretKey, Logger: testkit.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	e := &deadlineEnv{db: db, projects: postgres.NewProjectService(db), bids: postgres.NewBidService(db)}
	e.owner, e.bureau = verifiedBureau(t, db)
	for range 2 {
		pool, err := pgxpool.New(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		deps := jobs.Deps{Projects: e.projects, Bids: e.bids, Awards: postgres.NewAwardService(db), Logger: testkit.Logger(t)}
		if idx != nil {
			deps.Search = idx
			deps.SearchSources = []search.Source{search.ProjectSource(e.projects, func(a string) string { return a })}
		}
		c, err := jobs.NewClient(pool, jobs.NewWorkers(deps), deps, true)
		if err != nil {
			t.Fatal(err)
		}
		e.clients = append(e.clients, c)
	}
	return e
}

// start starts both clients, stopping them when the test ends.
func (e *deadlineEnv) start(t *testing.T) {
	t.Helper()
	for _, c := range e.clients {
		if err := c.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = c.Stop(ctx)
		})
	}
}

// verifiedBureau registers an owner and a bureau a platform admin verified.
func verifiedBureau(t *testing.T, db *postgres.DB) (*domain.Actor, *domain.Organization) {
	t.Helper()
	ctx := context.Background()
	users := postgres.NewUserService(db)
	in := func(name string) domain.RegisterInput {
		return domain.RegisterInput{Email: name + "@example.org", Password: "correct horse battery", DisplayName: name}
	}
	u, err := users.Register(ctx, in("owner"))
	if err != nil {
		t.Fatal(err)
	}
	admin, err := users.CreatePlatformAdmin(ctx, in("admin"))
	if err != nil {
		t.Fatal(err)
	}
	code, err := demo.CreditCode("11320213MB0000001")
	if err != nil {
		t.Fatal(err)
	}
	orgs := postgres.NewOrganizationService(db)
	org, err := orgs.CreateOrganization(ctx, &domain.Actor{User: u}, domain.OrganizationInput{
		Kind: domain.KindBureau, Name: "梁溪区民政局", CreditCode: code, RegionCode: "320213",
	})
	if err != nil {
		t.Fatal(err)
	}
	if org, err = orgs.VerifyOrganization(ctx, &domain.Actor{User: admin}, org.ID, domain.VerificationVerified, ""); err != nil {
		t.Fatal(err)
	}
	ms, err := postgres.NewMemberService(db).FindMemberships(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return &domain.Actor{User: u, Memberships: ms}, org
}

// create makes a single-source draft (no minimum period) titled title.
func (e *deadlineEnv) create(t *testing.T, title string) *domain.Project {
	t.Helper()
	start := domain.DateOf(time.Now()).AddDays(30)
	p, err := e.projects.CreateProject(context.Background(), e.owner, e.bureau.ID, domain.ProjectInput{
		Title: title, Description: "单一来源采购的儿童关爱服务。", Category: "home_visits", RegionCode: "320213",
		BudgetFen: 1_000_000, Method: domain.MethodSingleSource, Criteria: domain.Criteria{PriceWeight: 100},
		Targets:      []domain.Target{{Indicator: "入户走访", Unit: "户次", Target: 100, Kind: domain.TargetCount}},
		Milestones:   []domain.Milestone{{Name: "全款", Percent: 100, Due: start.AddDays(60)}},
		ServiceStart: start, ServiceEnd: start.AddDays(90),
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// publishSoon publishes a single-source project (no minimum period)
// whose bid deadline is in d.
func (e *deadlineEnv) publishSoon(t *testing.T, title string, d time.Duration) *domain.Project {
	t.Helper()
	deadline := time.Now().Add(d)
	p, err := e.projects.PublishProject(context.Background(), e.owner, e.create(t, title).ID, deadline, deadline)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// query runs a one-value query.
func (e *deadlineEnv) query(t *testing.T, dst any, q string, args ...any) {
	t.Helper()
	if err := e.db.SQL().QueryRow(q, args...).Scan(dst); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// waitDeadlineJobs waits until every deadline job of a project has
// completed, and fails if any ends otherwise.
func (e *deadlineEnv) waitDeadlineJobs(t *testing.T, p *domain.Project, want int) {
	t.Helper()
	end := time.Now().Add(waitTimeout)
	for time.Now().Before(end) {
		var done, total int
		e.query(t, &total, `SELECT count(*) FROM river_job WHERE kind = 'project_deadline' AND args->>'project_id' = $1`, p.ID.String())
		e.query(t, &done, `SELECT count(*) FROM river_job WHERE kind = 'project_deadline' AND args->>'project_id' = $1
			AND state = 'completed'`, p.ID.String())
		if total != want {
			t.Fatalf("%d deadline jobs, want %d", total, want)
		}
		if done == want {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the deadline jobs of %s did not complete within %v", p.Title, waitTimeout)
}

func TestProjectDeadline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newDeadlineEnv(t, nil)
	closing := e.publishSoon(t, "到期关闭的项目", 2*time.Second)
	// Duplicates of the job, as a retried publication or a restart might
	// leave, race on both clients: the conditional update lets one win.
	for i := range 4 {
		args := domain.ProjectDeadlineArgs{ProjectID: closing.ID, Deadline: *closing.Timeline.BidDeadline}
		if _, err := e.clients[i%2].Insert(ctx, args, &river.InsertOpts{ScheduledAt: args.Deadline}); err != nil {
			t.Fatal(err)
		}
	}
	extended := e.publishSoon(t, "延期的项目", 2*time.Second)
	// The deadline moves a week later before the old job runs (the
	// extension rule of a later issue will do this in its service).
	if _, err := e.db.SQL().Exec(`UPDATE projects SET bid_deadline = bid_deadline + interval '7 days',
		opening_at = opening_at + interval '7 days' WHERE id = $1`, extended.ID); err != nil {
		t.Fatal(err)
	}
	e.start(t)
	e.waitDeadlineJobs(t, closing, 5)
	e.waitDeadlineJobs(t, extended, 1)

	for _, tt := range []struct {
		name    string
		project *domain.Project
		status  domain.ProjectStatus
		audits  int
	}{{"ClosedOnce", closing, domain.StatusBiddingClosed, 1}, {"ExtendedStaysOpen", extended, domain.StatusPublished, 0}} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.projects.FindProjectByID(ctx, nil, tt.project.ID)
			if err != nil || got.Status != tt.status {
				t.Fatalf("status %v, %v; want %s", got, err, tt.status)
			}
			var n int
			e.query(t, &n, `SELECT count(*) FROM audit_log WHERE action = $1 AND object_id = $2`,
				domain.AuditProjectBiddingClosed, tt.project.ID.String())
			if n != tt.audits {
				t.Errorf("%d bidding_closed audit entries, want %d", n, tt.audits)
			}
		})
	}
}

// TestIndexFollowsProjects: a draft never reaches the index; a published
// project does, and its document follows it when bidding closes at the
// deadline.
func TestIndexFollowsProjects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	idx, err := bleve.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if err := idx.Init(ctx, search.Projects); err != nil {
		t.Fatal(err)
	}
	e := newDeadlineEnv(t, idx)
	draft := e.create(t, "未发布的入户走访项目")
	p := e.publishSoon(t, "已发布的入户走访项目", 2*time.Second)
	e.start(t)
	e.waitDeadlineJobs(t, p, 1)

	closed := search.Query{Filters: []search.Filter{{Field: "status", Op: search.OpEq, Values: []any{"bidding_closed"}}}, Limit: 10}
	end := time.Now().Add(waitTimeout)
	for {
		res, err := idx.Search(ctx, search.Projects, closed)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 1 && res.Hits[0].ID == p.ID.String() {
			break
		}
		if time.Now().After(end) {
			t.Fatalf("the closed project is not in the index as bidding_closed: %+v", res.Hits)
		}
		time.Sleep(100 * time.Millisecond)
	}
	versions, err := idx.Versions(ctx, search.Projects)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := versions[draft.ID.String()]; ok || len(versions) != 1 {
		t.Errorf("indexed %v; want only %s", versions, p.ID)
	}
}

// TestProjectOpening: closing bidding schedules the opening in the same
// transaction, and at the opening time one of the two workers opens the
// bids, once.
func TestProjectOpening(t *testing.T) {
	t.Parallel()
	e := newDeadlineEnv(t, nil)
	ctx := context.Background()
	deadline := time.Now().Add(time.Second)
	p, err := e.projects.PublishProject(ctx, e.owner, e.create(t, "按时开标的项目").ID, deadline, deadline.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	e.start(t)
	e.waitDeadlineJobs(t, p, 1)
	end := time.Now().Add(waitTimeout)
	var status string
	for time.Now().Before(end) {
		e.query(t, &status, `SELECT status FROM projects WHERE id = $1`, p.ID)
		if status == string(domain.StatusOpened) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if status != string(domain.StatusOpened) {
		t.Fatalf("status %s, want opened", status)
	}
	var jobs, audits int
	e.query(t, &jobs, `SELECT count(*) FROM river_job WHERE kind = 'project_opening' AND args->>'project_id' = $1`, p.ID.String())
	e.query(t, &audits, `SELECT count(*) FROM audit_log WHERE action = $1 AND object_id = $2`, domain.AuditProjectOpened, p.ID.String())
	if jobs != 1 || audits != 1 {
		t.Fatalf("%d opening jobs and %d opening audit entries, want 1 and 1", jobs, audits)
	}
}
