package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/postgres"
)

// evalEnv is an opened project with bids at the given prices and two
// evaluators of the bureau.
type evalEnv struct {
	*bidEnv
	evals      *postgres.EvaluationService
	bidIDs     []uuid.UUID
	bidderOrgs []*domain.Organization
	ev1, ev2   *domain.Actor
}

func newEvalEnv(tb testing.TB, prices ...int64) *evalEnv {
	tb.Helper()
	ctx := context.Background()
	e := &evalEnv{bidEnv: newBidEnv(tb)}
	e.evals = postgres.NewEvaluationService(e.db)
	for i, price := range prices {
		org, staff := e.bidder, e.bidStaff
		if i > 0 {
			org, staff = e.newBidder(tb, "社工机构"+string(rune('甲'+i)), "320213")
		}
		b, err := e.bids.SubmitBid(ctx, staff, e.project.ID, bidFor(org.ID, price))
		must(tb, err)
		e.bidIDs = append(e.bidIDs, b.ID)
		e.bidderOrgs = append(e.bidderOrgs, org)
		e.clock.Advance(time.Minute)
	}
	e.ev1, e.ev2 = e.evaluator(tb), e.evaluator(tb)
	e.clock.Advance(e.deadline.Sub(e.clock.Now()))
	_, err := e.projects.CloseBidding(ctx, e.project.ID)
	must(tb, err)
	ok, err := e.bids.OpenBids(ctx, e.project.ID)
	must(tb, err)
	if !ok {
		tb.Fatal("not opened")
	}
	return e
}

// evaluator adds a new user to the bureau with the evaluator role.
func (e *evalEnv) evaluator(tb testing.TB) *domain.Actor {
	tb.Helper()
	u := e.register(tb, "Evaluator")
	_, err := e.members.AddMember(context.Background(), e.owner, e.bureau.ID,
		domain.MemberInput{UserID: u.ID, Roles: []domain.Role{domain.RoleEvaluator}})
	must(tb, err)
	return e.actor(tb, u)
}

// declare makes a no-conflict declaration.
func (e *evalEnv) declare(tb testing.TB, a *domain.Actor) {
	tb.Helper()
	_, err := e.evals.DeclareConflicts(context.Background(), a, e.project.ID, domain.DeclarationInput{})
	must(tb, err)
}

func (e *evalEnv) score(tb testing.TB, a *domain.Actor, bid uuid.UUID, plan, team domain.Points) {
	tb.Helper()
	_, err := e.evals.SubmitScores(context.Background(), a, e.project.ID, bid, domain.TechnicalScores{"plan": plan, "team": team})
	must(tb, err)
}

func TestEvaluationRanking(t *testing.T) {
	t.Parallel()
	e := newEvalEnv(t, 45_000_000, 42_000_000, 48_000_000)
	ctx := context.Background()
	e.declare(t, e.ev1)
	e.declare(t, e.ev2)
	// Bid 0: plan (3000+3101)/2=3050.5→3051, team 2000 → 5051; price 28.00 → 78.51.
	e.score(t, e.ev1, e.bidIDs[0], 3000, 2000)
	e.score(t, e.ev2, e.bidIDs[0], 3101, 2000)
	// Bid 1: 50.00 technical; price 30.00 → 80.00.
	e.score(t, e.ev1, e.bidIDs[1], 3000, 2000)
	e.score(t, e.ev2, e.bidIDs[1], 3000, 2000)
	// Bid 2 by one evaluator only: replaced sheet counts: 6500; price 26.25 → 91.25.
	e.score(t, e.ev1, e.bidIDs[2], 1000, 1000)
	e.score(t, e.ev1, e.bidIDs[2], 3500, 3000)

	t.Run("OKProgressForBureauOnly", func(t *testing.T) {
		ev, err := e.evals.FindEvaluation(ctx, e.staff, e.project.ID)
		must(t, err)
		if ev.Finalized || len(ev.Progress) != 3 || ev.Progress[0].Sheets != 2 || ev.Progress[2].Sheets != 1 {
			t.Errorf("progress = %+v", ev)
		}
		_, err = e.evals.FindEvaluation(ctx, nil, e.project.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = e.evals.FindEvaluation(ctx, e.bidStaff, e.project.ID)
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("ErrEvaluatorMayNotFinalize", func(t *testing.T) {
		_, err := e.evals.FinalizeEvaluation(ctx, e.ev1, e.project.ID)
		wantCode(t, err, domain.EFORBIDDEN)
	})
	ev, err := e.evals.FinalizeEvaluation(ctx, e.staff, e.project.ID)
	must(t, err)
	t.Run("OKRankedByTotal", func(t *testing.T) {
		o := ev.Outcome
		if o.Status != domain.StatusEvaluated || o.Winner == nil || o.Winner.BidID != e.bidIDs[2] {
			t.Fatalf("outcome = %+v", o)
		}
		want := []struct {
			id                 uuid.UUID
			price, tech, total domain.Points
		}{{e.bidIDs[2], 2625, 6500, 9125}, {e.bidIDs[1], 3000, 5000, 8000}, {e.bidIDs[0], 2800, 5051, 7851}}
		for i, w := range want {
			r := o.Ranking[i]
			if r.BidID != w.id || r.PriceScore != w.price || r.TechnicalScore != w.tech || r.TotalScore != w.total || r.Rank != i+1 {
				t.Errorf("rank %d = %+v, want %+v", i+1, r, w)
			}
		}
	})
	t.Run("OKPublicAfterFinalize", func(t *testing.T) {
		pub, err := e.evals.FindEvaluation(ctx, nil, e.project.ID)
		must(t, err)
		if !pub.Finalized || len(pub.Outcome.Ranking) != 3 {
			t.Errorf("public = %+v", pub)
		}
		p, err := e.projects.FindProjectByID(ctx, nil, e.project.ID)
		must(t, err)
		if p.Status != domain.StatusEvaluated {
			t.Errorf("status = %s", p.Status)
		}
	})
	t.Run("OKAudited", func(t *testing.T) {
		if n := e.audits(t, domain.AuditEvaluationFinalized, e.project.ID.String()); n != 1 {
			t.Errorf("finalized audits = %d", n)
		}
		if n := e.audits(t, domain.AuditEvaluationDeclared, e.project.ID.String()); n != 2 {
			t.Errorf("declaration audits = %d", n)
		}
		if n := e.audits(t, domain.AuditEvaluationScored, e.bidIDs[2].String()); n != 2 {
			t.Errorf("sheet audits = %d", n)
		}
	})
	t.Run("ErrFinalizeTwice", func(t *testing.T) {
		_, err := e.evals.FinalizeEvaluation(ctx, e.staff, e.project.ID)
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("ErrScoreAfterFinalize", func(t *testing.T) {
		_, err := e.evals.SubmitScores(ctx, e.ev1, e.project.ID, e.bidIDs[0], domain.TechnicalScores{"plan": 0, "team": 0})
		wantCode(t, err, domain.ECONFLICT)
	})
}

func TestEvaluationRules(t *testing.T) {
	t.Parallel()
	e := newEvalEnv(t, 45_000_000, 42_000_000, 48_000_000)
	ctx := context.Background()
	t.Run("ErrNoDeclaration", func(t *testing.T) {
		_, err := e.evals.SubmitScores(ctx, e.ev1, e.project.ID, e.bidIDs[0], domain.TechnicalScores{"plan": 0, "team": 0})
		if ee := wantCode(t, err, domain.EFORBIDDEN); !strings.Contains(ee.Message, "conflict_declaration") {
			t.Errorf("message = %q", ee.Message)
		}
	})
	t.Run("ErrMemberOfBidder", func(t *testing.T) {
		u := e.register(t, "Insider")
		_, err := e.members.AddMember(ctx, e.owner, e.bureau.ID, domain.MemberInput{UserID: u.ID, Roles: []domain.Role{domain.RoleEvaluator}})
		must(t, err)
		_, err = e.members.AddMember(ctx, e.bidStaff, e.bidder.ID, domain.MemberInput{UserID: u.ID, Roles: []domain.Role{domain.RoleStaff}})
		must(t, err)
		insider := e.actor(t, u)
		e.declare(t, insider)
		_, err = e.evals.SubmitScores(ctx, insider, e.project.ID, e.bidIDs[1], domain.TechnicalScores{"plan": 0, "team": 0})
		if ee := wantCode(t, err, domain.EFORBIDDEN); !strings.Contains(ee.Message, "evaluator_independence") {
			t.Errorf("message = %q", ee.Message)
		}
	})
	t.Run("ErrDeclaredConflict", func(t *testing.T) {
		_, err := e.evals.DeclareConflicts(ctx, e.ev2, e.project.ID, domain.DeclarationInput{Conflict: true, Note: "亲属"})
		must(t, err)
		_, err = e.evals.SubmitScores(ctx, e.ev2, e.project.ID, e.bidIDs[0], domain.TechnicalScores{"plan": 0, "team": 0})
		if ee := wantCode(t, err, domain.EFORBIDDEN); !strings.Contains(ee.Message, "conflict_of_interest") {
			t.Errorf("message = %q", ee.Message)
		}
		_, err = e.evals.DeclareConflicts(ctx, e.ev2, e.project.ID, domain.DeclarationInput{})
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("ErrStaffIsNotEvaluator", func(t *testing.T) {
		_, err := e.evals.DeclareConflicts(ctx, e.staff, e.project.ID, domain.DeclarationInput{})
		wantCode(t, err, domain.EFORBIDDEN)
	})
	e.declare(t, e.ev1)
	t.Run("ErrScoreOutOfBounds", func(t *testing.T) {
		_, err := e.evals.SubmitScores(ctx, e.ev1, e.project.ID, e.bidIDs[0], domain.TechnicalScores{"plan": 4001, "team": 0})
		wantField(t, err, domain.EINVALID, "scores.plan")
	})
	t.Run("ErrUnknownBid", func(t *testing.T) {
		_, err := e.evals.SubmitScores(ctx, e.ev1, e.project.ID, uuid.New(), domain.TechnicalScores{"plan": 0, "team": 0})
		wantField(t, err, domain.EINVALID, "bid_id")
	})
	t.Run("ErrFinalizeWithUnscoredBid", func(t *testing.T) {
		e.score(t, e.ev1, e.bidIDs[0], 0, 0)
		_, err := e.evals.FinalizeEvaluation(ctx, e.staff, e.project.ID)
		wantField(t, err, domain.EINVALID, "scores")
	})
}

func TestEvaluationFailsWithTooFewBids(t *testing.T) {
	t.Parallel()
	e := newEvalEnv(t, 45_000_000, 42_000_000)
	ctx := context.Background()
	e.declare(t, e.ev1)
	e.score(t, e.ev1, e.bidIDs[0], 3000, 2000)
	e.score(t, e.ev1, e.bidIDs[1], 3000, 2000)
	ev, err := e.evals.FinalizeEvaluation(ctx, e.owner, e.project.ID)
	must(t, err)
	if ev.Outcome.Status != domain.StatusFailed || ev.Outcome.Winner != nil || ev.Outcome.ValidBids != 2 {
		t.Errorf("outcome = %+v", ev.Outcome)
	}
	p, err := e.projects.FindProjectByID(ctx, nil, e.project.ID)
	must(t, err)
	if p.Status != domain.StatusFailed {
		t.Errorf("status = %s", p.Status)
	}
}

func TestCopyProject(t *testing.T) {
	t.Parallel()
	e := newEvalEnv(t, 45_000_000, 42_000_000)
	ctx := context.Background()
	t.Run("ErrNotFailed", func(t *testing.T) {
		_, err := e.evals.CopyProject(ctx, e.staff, e.project.ID)
		wantCode(t, err, domain.ECONFLICT)
	})
	e.declare(t, e.ev1)
	e.score(t, e.ev1, e.bidIDs[0], 3000, 2000)
	e.score(t, e.ev1, e.bidIDs[1], 3000, 2000)
	_, err := e.evals.FinalizeEvaluation(ctx, e.staff, e.project.ID)
	must(t, err)
	t.Run("ErrStranger", func(t *testing.T) {
		_, err := e.evals.CopyProject(ctx, e.stranger, e.project.ID)
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("OKDraftWithSameContent", func(t *testing.T) {
		d, err := e.evals.CopyProject(ctx, e.staff, e.project.ID)
		must(t, err)
		if d.ID == e.project.ID || d.Status != domain.StatusDraft || d.Title != e.project.Title+domain.RetenderSuffix ||
			d.BudgetFen != e.project.BudgetFen || len(d.Criteria.Technical) != 2 || d.BureauID != e.bureau.ID {
			t.Errorf("draft = %+v", d)
		}
	})
}
