package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/postgres"
)

// awardEnv is an evaluated project with three bids; the first bidder
// (e.bidder) ranks first.
type awardEnv struct {
	*evalEnv
	awards    *postgres.AwardService
	contracts *postgres.ContractService
}

func newAwardEnv(tb testing.TB) *awardEnv {
	tb.Helper()
	e := &awardEnv{evalEnv: newEvalEnv(tb, 45_000_000, 42_000_000, 48_000_000)}
	e.awards, e.contracts = postgres.NewAwardService(e.db), postgres.NewContractService(e.db)
	e.declare(tb, e.ev1)
	e.score(tb, e.ev1, e.bidIDs[0], domain.WholePoints(38), domain.WholePoints(28))
	e.score(tb, e.ev1, e.bidIDs[1], domain.WholePoints(20), domain.WholePoints(15))
	e.score(tb, e.ev1, e.bidIDs[2], domain.WholePoints(25), domain.WholePoints(20))
	_, err := e.evals.FinalizeEvaluation(context.Background(), e.staff, e.project.ID)
	must(tb, err)
	return e
}

// award publishes the award as the bureau's staff.
func (e *awardEnv) award(tb testing.TB) *domain.Award {
	tb.Helper()
	a, err := e.awards.PublishAward(context.Background(), e.staff, e.project.ID, domain.AwardInput{})
	must(tb, err)
	return a
}

func (e *awardEnv) status(tb testing.TB) domain.ProjectStatus {
	tb.Helper()
	p, err := e.projects.FindProjectByID(context.Background(), e.staff, e.project.ID)
	must(tb, err)
	return p.Status
}

// complain files a complaint for the i-th bidder.
func (e *awardEnv) complain(tb testing.TB, i int) (*domain.Complaint, error) {
	tb.Helper()
	staff := e.bidStaff
	if i > 0 {
		staff = e.ownerOf(tb, e.bidderOrgs[i])
	}
	return e.awards.FileComplaint(context.Background(), staff, e.project.ID,
		domain.ComplaintInput{OrganizationID: e.bidderOrgs[i].ID, Grounds: "评分标准适用不一致,请复核技术分。"})
}

// ownerOf returns an actor for the owner of org.
func (e *awardEnv) ownerOf(tb testing.TB, org *domain.Organization) *domain.Actor {
	tb.Helper()
	var id string
	if err := e.db.SQL().QueryRow(`SELECT user_id FROM memberships WHERE organization_id = $1 AND 'owner' = ANY(roles)`, org.ID).Scan(&id); err != nil {
		tb.Fatal(err)
	}
	u, err := e.users.FindUserByID(context.Background(), uuid.MustParse(id))
	must(tb, err)
	return e.actor(tb, u)
}

func TestPublishAward(t *testing.T) {
	t.Parallel()
	e := newAwardEnv(t)
	ctx := context.Background()
	t.Run("ErrNotTheWinner", func(t *testing.T) {
		_, err := e.awards.PublishAward(ctx, e.staff, e.project.ID, domain.AwardInput{BidID: &e.bidIDs[1]})
		wantField(t, err, domain.EINVALID, "bid_id")
	})
	t.Run("ErrEvaluatorMayNotAward", func(t *testing.T) {
		_, err := e.awards.PublishAward(ctx, e.ev1, e.project.ID, domain.AwardInput{})
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("ErrBidderMayNotAward", func(t *testing.T) {
		_, err := e.awards.PublishAward(ctx, e.bidStaff, e.project.ID, domain.AwardInput{})
		wantCode(t, err, domain.EFORBIDDEN)
	})
	published := e.clock.Now()
	a := e.award(t)
	t.Run("OKPendingWithWindowOfSevenWorkingDays", func(t *testing.T) {
		// Published Thu 9 Oct 2025: the 7 working days are 10, 11 (a
		// 调休 Saturday), 13-17 October; the window closes at midnight.
		want := shanghai(2025, 10, 18, 0).UTC()
		if a.Status != domain.AwardPending || !a.ComplaintDeadline.Equal(want) || a.BidID != e.bidIDs[0] ||
			a.PriceFen != 45_000_000 || a.OrganizationName != e.bidder.Name || !a.PublishedAt.Equal(published) {
			t.Errorf("award = %+v, want deadline %s", a, want)
		}
		if s := e.status(t); s != domain.StatusAwarded {
			t.Errorf("status = %s", s)
		}
	})
	t.Run("OKPublic", func(t *testing.T) {
		got, err := e.awards.FindAward(ctx, nil, e.project.ID)
		must(t, err)
		if got.ID != a.ID {
			t.Errorf("public award = %+v", got)
		}
	})
	t.Run("ErrSecondAward", func(t *testing.T) {
		_, err := e.awards.PublishAward(ctx, e.staff, e.project.ID, domain.AwardInput{})
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("OKAuditedAndBiddersTold", func(t *testing.T) {
		if n := e.audits(t, domain.AuditAwardPublished, e.project.ID.String()); n != 1 {
			t.Errorf("audits = %d", n)
		}
		if n := e.count(t, `SELECT count(*) FROM notifications WHERE kind = $1`, domain.NotifyAwardPublished); n != 3 {
			t.Errorf("notifications = %d, want one per bidder's owner", n)
		}
		if n := e.count(t, `SELECT count(*) FROM river_job WHERE kind = 'award_finalize'`); n != 1 {
			t.Errorf("finalize jobs = %d", n)
		}
	})
	t.Run("OKNotFinalBeforeTheWindowCloses", func(t *testing.T) {
		e.clock.Advance(a.ComplaintDeadline.Sub(e.clock.Now()) - time.Second)
		ok, err := e.awards.FinalizeAward(ctx, e.project.ID)
		must(t, err)
		if ok {
			t.Fatal("finalised a second before the window closed")
		}
	})
	t.Run("OKFinalCreatesContractOnce", func(t *testing.T) {
		e.clock.Advance(time.Second)
		ok, err := e.awards.FinalizeAward(ctx, e.project.ID)
		must(t, err)
		again, err := e.awards.FinalizeAward(ctx, e.project.ID)
		must(t, err)
		if !ok || again {
			t.Fatalf("finalize = %v then %v", ok, again)
		}
		got, err := e.awards.FindAward(ctx, nil, e.project.ID)
		must(t, err)
		if got.Status != domain.AwardFinal || got.ContractID == nil {
			t.Fatalf("award = %+v", got)
		}
		c, err := e.contracts.FindContractByID(ctx, nil, *got.ContractID)
		must(t, err)
		if c.PriceFen != 45_000_000 || c.OrganizationID != e.bidder.ID || len(c.Milestones) != 2 ||
			c.Milestones[0].AmountFen != 18_000_000 || c.Milestones[1].AmountFen != 27_000_000 || len(c.Targets) != 2 {
			t.Errorf("contract = %+v", c)
		}
		if s := e.status(t); s != domain.StatusContracted {
			t.Errorf("status = %s", s)
		}
		if n := e.count(t, `SELECT count(*) FROM contracts WHERE project_id = $1`, e.project.ID); n != 1 {
			t.Errorf("contracts = %d", n)
		}
	})
	t.Run("ErrComplaintAfterFinal", func(t *testing.T) {
		_, err := e.complain(t, 1)
		wantCode(t, err, domain.ECONFLICT)
	})
}

func TestAwardRaces(t *testing.T) {
	t.Parallel()
	e := newAwardEnv(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.awards.PublishAward(ctx, e.staff, e.project.ID, domain.AwardInput{})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("err = %v", err)
		}
	}
	if won != 1 || e.count(t, `SELECT count(*) FROM awards WHERE project_id = $1`, e.project.ID) != 1 {
		t.Fatalf("awards won = %d", won)
	}
	a, err := e.awards.FindAward(ctx, nil, e.project.ID)
	must(t, err)
	e.clock.Advance(a.ComplaintDeadline.Sub(e.clock.Now()))
	done := make([]bool, 8)
	for i := range done {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := e.awards.FinalizeAward(ctx, e.project.ID)
			if err != nil {
				t.Error(err)
			}
			done[i] = ok
		}()
	}
	wg.Wait()
	n := 0
	for _, ok := range done {
		if ok {
			n++
		}
	}
	if n != 1 || e.count(t, `SELECT count(*) FROM contracts WHERE project_id = $1`, e.project.ID) != 1 {
		t.Errorf("finalised %d times", n)
	}
}
