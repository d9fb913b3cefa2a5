package search_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/internal/demo"
	"hutong/internal/testkit"
	"hutong/postgres"
	"hutong/search"
	"hutong/search/searchtest"
)

// TestProjectSourceIndexesOpeningOnlyAfterOpening submits a bid whose
// proposal is the bid canary, rebuilds the index before and after the
// opening, and checks that the bidder's name and price appear nowhere
// before, that the name and count appear after, and that the proposal
// never does.
func TestProjectSourceIndexesOpeningOnlyAfterOpening(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testkit.DB(t)
	owner, bureau := canaryBureau(t, db)
	projects, bids := postgres.NewProjectService(db), postgres.NewBidService(db)
	p := createProject(t, projects, owner, bureau, "困境儿童个案管理服务项目")
	deadline := time.Now().Add(60 * 24 * time.Hour)
	if _, err := projects.PublishProject(ctx, owner, p.ID, deadline, deadline); err != nil {
		t.Fatal(err)
	}
	const bidder, price = "梁溪区晨曦社会工作服务中心", int64(27_654_321)
	actor, org := verifiedBidder(t, db, bidder)
	_, err := bids.SubmitBid(ctx, actor, p.ID, domain.BidInput{OrganizationID: org.ID, PriceFen: price,
		TechnicalProposal: searchtest.CanaryBid, Team: []domain.TeamMember{{Name: "王芳", Role: "项目主管"}}})
	if err != nil {
		t.Fatal(err)
	}
	src := search.ProjectSourceWithOpening(projects, func(string) string { return "心理疏导" }, search.BidOpenings(bids))
	secrets := []string{searchtest.CanaryBid, strconv.FormatInt(price, 10), "276543.21", "276,543.21"}

	t.Run("BeforeOpeningNothingOfTheBid", func(t *testing.T) {
		rec := searchtest.NewRecorder(nil)
		if _, err := search.Reindex(ctx, rec, src, nil); err != nil {
			t.Fatal(err)
		}
		rec.AssertNoCanaries(t, append(secrets, bidder)...)
		for _, d := range rec.Documents() {
			if _, ok := d.Fields["bid_count"]; ok {
				t.Errorf("document %s has a bid count before the opening", d.ID)
			}
		}
	})

	openProject(t, db, p.ID)

	t.Run("AfterOpeningTheBiddersButNeverTheProposal", func(t *testing.T) {
		rec := searchtest.NewRecorder(nil)
		if _, err := search.Reindex(ctx, rec, src, nil); err != nil {
			t.Fatal(err)
		}
		docs := rec.Documents()
		if len(docs) != 1 || fmt.Sprint(docs[0].Fields["bid_count"]) != "1" {
			t.Fatalf("indexed %+v", docs)
		}
		if names, _ := docs[0].Fields["bidders"].([]string); !slices.Equal(names, []string{bidder}) {
			t.Errorf("bidders = %#v", docs[0].Fields["bidders"])
		}
		rec.AssertNoCanaries(t, searchtest.CanaryBid)
		doc, err := src.Load(ctx, p.ID.String())
		if err != nil || doc == nil || fmt.Sprint(doc.Fields["bidders"]) != fmt.Sprint([]string{bidder}) {
			t.Errorf("loaded %+v, %v", doc, err)
		}
	})
}

// verifiedBidder registers a user owning a verified social organisation
// named name.
func verifiedBidder(t *testing.T, db *postgres.DB, name string) (*domain.Actor, *domain.Organization) {
	t.Helper()
	ctx := context.Background()
	users := postgres.NewUserService(db)
	u, err := users.Register(ctx, domain.RegisterInput{Email: "bidder@hutong.test", Password: "correct horse battery", DisplayName: "投标人"})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := users.CreatePlatformAdmin(ctx, domain.RegisterInput{Email: "admin2@hutong.test", Password: "correct horse battery", DisplayName: "Admin"})
	if err != nil {
		t.Fatal(err)
	}
	code, err := demo.CreditCode("52320213MD0000003")
	if err != nil {
		t.Fatal(err)
	}
	orgs := postgres.NewOrganizationService(db)
	org, err := orgs.CreateOrganization(ctx, &domain.Actor{User: u}, domain.OrganizationInput{
		Kind: domain.KindSocialOrg, Name: name, CreditCode: code, RegionCode: "320213",
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

// openProject moves the project's deadline and opening into the past and
// closes and opens it as the jobs would.
func openProject(t *testing.T, db *postgres.DB, id uuid.UUID) {
	t.Helper()
	_, err := db.SQL().Exec(`UPDATE projects SET published_at = now() - interval '40 days',
		bid_deadline = now() - interval '2 seconds', opening_at = now() - interval '1 second' WHERE id = $1`, id)
	if err != nil {
		t.Fatal(err)
	}
	closed, err := postgres.NewProjectService(db).CloseBidding(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	opened, err := postgres.NewBidService(db).OpenBids(context.Background(), id)
	if err != nil || !closed || !opened {
		t.Fatalf("closed %v, opened %v, %v", closed, opened, err)
	}
}
