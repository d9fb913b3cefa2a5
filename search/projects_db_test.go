package search_test

import (
	"context"
	"testing"
	"time"

	"hutong/domain"
	"hutong/internal/demo"
	"hutong/internal/testkit"
	"hutong/postgres"
	"hutong/search"
	"hutong/search/searchtest"
)

// TestMain stops the package's test cluster when its tests are done.
func TestMain(m *testing.M) { testkit.Main(m) }

// TestProjectSourceCarriesNoCanaries builds a bureau whose owner and
// contact details are canaries, publishes one project and leaves another
// as a draft and a third cancelled as a draft, then rebuilds the index
// through a Recorder: only the published project is indexed, and none of
// the canaries reach it.
func TestProjectSourceCarriesNoCanaries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.DB(t)
	owner, bureau := canaryBureau(t, db)
	projects := postgres.NewProjectService(db)
	label := func(area string) string { return map[string]string{"psychological": "心理疏导"}[area] }

	published := createProject(t, projects, owner, bureau, "困境儿童心理疏导服务项目")
	deadline := time.Now().Add(60 * 24 * time.Hour)
	if _, err := projects.PublishProject(ctx, owner, published.ID, deadline, deadline); err != nil {
		t.Fatal(err)
	}
	draft := createProject(t, projects, owner, bureau, "尚未发布的草稿项目")
	dropped := createProject(t, projects, owner, bureau, "发布前取消的项目")
	if _, err := projects.CancelProject(ctx, owner, dropped.ID, "预算未获批准"); err != nil {
		t.Fatal(err)
	}

	src := search.ProjectSource(projects, label)
	rec := searchtest.NewRecorder(nil)
	n, err := search.Reindex(ctx, rec, src, nil)
	if err != nil || n != 1 {
		t.Fatalf("reindexed %d documents, %v; want 1", n, err)
	}
	if docs := rec.Documents(); len(docs) != 1 || docs[0].ID != published.ID.String() || docs[0].Fields["category_name"] != "心理疏导" {
		t.Fatalf("indexed %+v", docs)
	}
	rec.AssertNoCanaries(t, append(searchtest.Canaries(), canaryOwnerEmail, canaryOrgEmail, canaryOrgPhone)...)

	t.Run("DraftsAreNotLoaded", func(t *testing.T) {
		for _, p := range []*domain.Project{draft, dropped} {
			if doc, err := src.Load(ctx, p.ID.String()); err != nil || doc != nil {
				t.Errorf("%s: loaded %+v, %v", p.Title, doc, err)
			}
		}
	})
	t.Run("CancelledAfterPublicationStays", func(t *testing.T) {
		if _, err := projects.CancelProject(ctx, owner, published.ID, "需求变更"); err != nil {
			t.Fatal(err)
		}
		doc, err := src.Load(ctx, published.ID.String())
		if err != nil || doc == nil || doc.Fields["status"] != "cancelled" {
			t.Fatalf("loaded %+v, %v", doc, err)
		}
		if n, err := src.Count(ctx); err != nil || n != 1 {
			t.Errorf("count %d, %v; want 1", n, err)
		}
	})
}

// Canary contact details of the bureau and its owner.
const (
	canaryOwnerEmail = "owner.canary@hutong.test"
	canaryOrgEmail   = searchtest.CanaryEmail
	canaryOrgPhone   = searchtest.CanaryPhone
)

// canaryBureau creates a verified bureau whose owner is named after the
// child canary and whose contact details are canaries.
func canaryBureau(t *testing.T, db *postgres.DB) (*domain.Actor, *domain.Organization) {
	t.Helper()
	ctx := context.Background()
	users := postgres.NewUserService(db)
	u, err := users.Register(ctx, domain.RegisterInput{Email: canaryOwnerEmail, Password: "correct horse battery", DisplayName: searchtest.CanaryChildName})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := users.CreatePlatformAdmin(ctx, domain.RegisterInput{Email: "admin@hutong.test", Password: "correct horse battery", DisplayName: "Admin"})
	if err != nil {
		t.Fatal(err)
	}
	code, err := demo.CreditCode("11320213MB0000002")
	if err != nil {
		t.Fatal(err)
	}
	orgs := postgres.NewOrganizationService(db)
	org, err := orgs.CreateOrganization(ctx, &domain.Actor{User: u}, domain.OrganizationInput{
		Kind: domain.KindBureau, Name: "梁溪区民政局", CreditCode: code, RegionCode: "320213",
		ContactEmail: canaryOrgEmail, ContactPhone: canaryOrgPhone,
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

// createProject creates a draft open tender titled title.
func createProject(t *testing.T, projects *postgres.ProjectService, owner *domain.Actor, bureau *domain.Organization, title string) *domain.Project {
	t.Helper()
	start := domain.DateOf(time.Now()).AddDays(90)
	p, err := projects.CreateProject(context.Background(), owner, bureau.ID, domain.ProjectInput{
		Title: title, Description: "为困境儿童提供心理疏导和个案管理服务。", Category: "psychological", RegionCode: "320213",
		BudgetFen: 30_000_000, Method: domain.MethodOpenTender,
		Criteria: domain.Criteria{PriceWeight: 30, Technical: []domain.TechnicalItem{{Key: "plan", Name: "服务方案", MaxPoints: 70}}},
		Targets:  []domain.Target{{Indicator: "个案数", Unit: "个", Target: 40, Kind: domain.TargetCount}},
		Milestones: []domain.Milestone{
			{Name: "首期", Percent: 50, Due: start}, {Name: "尾款", Percent: 50, Due: start.AddDays(300)},
		},
		ServiceStart: start, ServiceEnd: start.AddDays(365),
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
