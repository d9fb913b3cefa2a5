package jobs_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"hutong/domain"
	"hutong/internal/demo"
	"hutong/internal/i18n"
	"hutong/internal/testkit"
	"hutong/jobs"
	"hutong/postgres"
	"hutong/search"
	"hutong/search/bleve"
)

// BenchmarkIndexLag measures the time from the commit of an organisation
// edit to its document being searchable in Bleve, under a steady write
// load of 50 edits a second spread over 20 organisations. It reports the
// p50 and p99 lag.
func BenchmarkIndexLag(b *testing.B) {
	ctx := context.Background()
	dsn := testkit.DSN(b)
	db, err := postgres.Open(ctx, dsn, postgres.Options{SecretKey: testkit.SecretKey})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	idx, err := bleve.Open(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Init(ctx, search.Organizations); err != nil {
		b.Fatal(err)
	}
	bundle, _ := i18n.New()
	orgs := postgres.NewOrganizationService(db)
	rec := &stampIndex{Index: idx, at: map[string][]stamped{}}
	deps := jobs.Deps{Notifications: postgres.NewNotificationService(db), I18n: bundle, Search: rec,
		SearchSources: []search.Source{search.OrganizationSource(orgs, func(a string) string { return a })}}
	client, err := jobs.NewClient(pool, jobs.NewWorkers(deps), deps, true)
	if err != nil {
		b.Fatal(err)
	}
	if err := client.Start(ctx); err != nil {
		b.Fatal(err)
	}
	defer client.Stop(ctx)

	owner, ids := lagFixtures(b, db, orgs)
	type commit struct {
		id      string
		version int64
		at      time.Time
	}
	committed := make([]commit, 0, b.N)
	b.ResetTimer()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for i := 0; i < b.N; i++ {
		<-tick.C
		id := ids[i%len(ids)]
		in := domain.OrganizationInput{Name: fmt.Sprintf("无锡市星火青少年社会心理服务中心%d", i), RegionCode: "320213"}
		o, err := orgs.UpdateOrganization(ctx, owner, id, in)
		if err != nil {
			b.Fatal(err)
		}
		committed = append(committed, commit{o.ID.String(), o.UpdatedAt.UnixMicro(), time.Now()})
	}
	lags := make([]time.Duration, 0, b.N)
	deadline := time.Now().Add(time.Minute)
	for len(lags) < len(committed) {
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d index jobs finished", len(lags), len(committed))
		}
		time.Sleep(10 * time.Millisecond)
		lags = lags[:0]
		for _, c := range committed {
			if f, ok := rec.searchable(c.id, c.version); ok {
				lags = append(lags, f.Sub(c.at))
			}
		}
	}
	b.StopTimer()
	sort.Slice(lags, func(i, j int) bool { return lags[i] < lags[j] })
	b.ReportMetric(float64(lags[len(lags)/2].Microseconds())/1000, "p50-lag-ms")
	b.ReportMetric(float64(lags[(len(lags)*99)/100].Microseconds())/1000, "p99-lag-ms")
}

// lagFixtures makes 20 verified organisations and returns their owner.
func lagFixtures(b *testing.B, db *postgres.DB, orgs *postgres.OrganizationService) (*domain.Actor, []uuid.UUID) {
	ctx := context.Background()
	users := postgres.NewUserService(db)
	u, err := users.Register(ctx, domain.RegisterInput{Email: "lag@example.org", Password: "long-enough-pw", DisplayName: "压测"})
	if err != nil {
		b.Fatal(err)
	}
	admin, err := users.CreatePlatformAdmin(ctx, domain.RegisterInput{Email: "lag-admin@example.org", Password: "long-enough-pw", DisplayName: "管理员"})
	if err != nil {
		b.Fatal(err)
	}
	owner := &domain.Actor{User: u}
	var ids []uuid.UUID
	for i := 0; i < 20; i++ {
		code, err := demo.CreditCode(fmt.Sprintf("5232020000000%04d", i))
		if err != nil {
			b.Fatal(err)
		}
		o, err := orgs.CreateOrganization(ctx, owner, domain.OrganizationInput{Kind: domain.KindSocialOrg,
			Name: fmt.Sprintf("星火服务中心%d", i), CreditCode: code, RegionCode: "320213"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := orgs.VerifyOrganization(ctx, &domain.Actor{User: admin}, o.ID, domain.VerificationVerified, ""); err != nil {
			b.Fatal(err)
		}
		owner.Memberships = append(owner.Memberships, &domain.Membership{OrganizationID: o.ID, Roles: []domain.Role{domain.RoleOwner}})
		ids = append(ids, o.ID)
	}
	return owner, ids
}

// stampIndex notes when each document version became searchable: when the
// backend's Upsert returned. A job may write a newer version than the one
// its change committed (it rebuilds from the database), which makes the
// older version searchable at the same moment.
type stampIndex struct {
	search.Index
	mu sync.Mutex
	at map[string][]stamped
}

type stamped struct {
	version int64
	at      time.Time
}

func (s *stampIndex) Upsert(ctx context.Context, t *search.DocType, docs ...search.Document) error {
	err := s.Index.Upsert(ctx, t, docs...)
	now := time.Now()
	s.mu.Lock()
	for _, d := range docs {
		s.at[d.ID] = append(s.at[d.ID], stamped{d.Version, now})
	}
	s.mu.Unlock()
	return err
}

// searchable returns when a version of id at least as new as version was
// first written.
func (s *stampIndex) searchable(id string, version int64) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.at[id] {
		if st.version >= version {
			return st.at, true
		}
	}
	return time.Time{}, false
}
