package jobs_test

import (
	"context"
	"testing"
	"time"

	"hutong/domain"
	"hutong/internal/demo"
	"hutong/postgres"
)

// TestAwardBecomesFinalByItsJob runs a single-source tender on two worker
// processes: their jobs close bidding and open the one bid; the bureau
// evaluates and awards; when the complaint window closes (moved here to
// now), the award job makes the award final and creates the contract,
// once, whichever worker takes it.
func TestAwardBecomesFinalByItsJob(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newDeadlineEnv(t, nil)
	bidder, org := verifiedBidder(t, e.db)
	p := e.publishSoon(t, "单一来源关爱服务项目", 2*time.Second)
	if _, err := e.bids.SubmitBid(ctx, bidder, p.ID, domain.BidInput{OrganizationID: org.ID, PriceFen: 900_000,
		TechnicalProposal: "按单一来源采购要求提供入户走访服务。"}); err != nil {
		t.Fatal(err)
	}
	e.start(t)
	e.waitStatus(t, p, domain.StatusOpened)

	evals, awards := postgres.NewEvaluationService(e.db), postgres.NewAwardService(e.db)
	if _, err := evals.DeclareConflicts(ctx, e.owner, p.ID, domain.DeclarationInput{}); err == nil {
		t.Fatal("the owner is no evaluator, yet declared")
	}
	ev := e.member(t, domain.RoleEvaluator)
	opening, err := e.bids.FindOpening(ctx, ev, p.ID)
	if err != nil || len(opening) != 1 {
		t.Fatalf("opening = %v, %v", opening, err)
	}
	if _, err := evals.DeclareConflicts(ctx, ev, p.ID, domain.DeclarationInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := evals.SubmitScores(ctx, ev, p.ID, opening[0].BidID, domain.TechnicalScores{}); err != nil {
		t.Fatal(err)
	}
	if _, err := evals.FinalizeEvaluation(ctx, e.owner, p.ID); err != nil {
		t.Fatal(err)
	}
	a, err := awards.PublishAward(ctx, e.owner, p.ID, domain.AwardInput{})
	if err != nil {
		t.Fatal(err)
	}
	// The window closes now instead of in seven working days: the award
	// and its job move together, as if the time had passed.
	if _, err := e.db.SQL().Exec(`UPDATE awards SET published_at = now() - interval '10 days',
		complaint_deadline = now() WHERE id = $1`, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.SQL().Exec(`UPDATE river_job SET scheduled_at = now(), args = jsonb_set(args, '{deadline}', to_jsonb(now()))
		WHERE kind = 'award_finalize'`); err != nil {
		t.Fatal(err)
	}
	e.waitStatus(t, p, domain.StatusContracted)
	var contracts, done int
	for end := time.Now().Add(waitTimeout); done == 0 && time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		e.query(t, &done, `SELECT count(*) FROM river_job WHERE kind = 'award_finalize' AND state = 'completed'`)
	}
	e.query(t, &contracts, `SELECT count(*) FROM contracts WHERE project_id = $1`, p.ID)
	if contracts != 1 || done != 1 {
		t.Errorf("%d contracts, %d completed award jobs; want 1 and 1", contracts, done)
	}
}

// waitStatus waits until the workers have moved p to status.
func (e *deadlineEnv) waitStatus(t *testing.T, p *domain.Project, status domain.ProjectStatus) {
	t.Helper()
	end := time.Now().Add(waitTimeout)
	for time.Now().Before(end) {
		var s string
		e.query(t, &s, `SELECT status FROM projects WHERE id = $1`, p.ID)
		if s == string(status) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not become %s within %v", p.Title, status, waitTimeout)
}

// member adds a new user to the bureau with role and returns them.
func (e *deadlineEnv) member(t *testing.T, role domain.Role) *domain.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := postgres.NewUserService(e.db).Register(ctx, domain.RegisterInput{Email: "evaluator@hutong.test",
		Password: "a long enough password", DisplayName: "评审专家"})
	if err != nil {
		t.Fatal(err)
	}
	members := postgres.NewMemberService(e.db)
	if _, err := members.AddMember(ctx, e.owner, e.bureau.ID, domain.MemberInput{UserID: u.ID, Roles: []domain.Role{role}}); err != nil {
		t.Fatal(err)
	}
	ms, err := members.FindMemberships(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return &domain.Actor{User: u, Memberships: ms}
}

// verifiedBidder creates a verified social organisation in 梁溪区 and
// returns its owner.
func verifiedBidder(t *testing.T, db *postgres.DB) (*domain.Actor, *domain.Organization) {
	t.Helper()
	ctx := context.Background()
	users := postgres.NewUserService(db)
	u, err := users.Register(ctx, domain.RegisterInput{Email: "bidder@hutong.test", Password: "a long enough password", DisplayName: "投标人"})
	if err != nil {
		t.Fatal(err)
	}
	code, err := demo.CreditCode("52320213MJ7012746")
	if err != nil {
		t.Fatal(err)
	}
	orgs := postgres.NewOrganizationService(db)
	org, err := orgs.CreateOrganization(ctx, &domain.Actor{User: u}, domain.OrganizationInput{
		Kind: domain.KindSocialOrg, Name: "梁溪区暖阳社工服务中心", CreditCode: code, RegionCode: "320213", Rating: "4A",
		ServiceAreas: []string{"home_visits"},
	})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := users.CreatePlatformAdmin(ctx, domain.RegisterInput{Email: "verifier@hutong.test",
		Password: "a long enough password", DisplayName: "审核员"})
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
