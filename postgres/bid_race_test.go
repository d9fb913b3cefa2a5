package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hutong/domain"
	"hutong/postgres"
)

// TestBidsRaceTheDeadline runs 50 submissions and withdrawals by 25
// bidders while the deadline job closes bidding. Bidders read a clock a
// microsecond before the deadline and the closer one at it, so the row
// lock alone decides: every operation is wholly before the close (and
// audited before it) or rejected with 409, and every stored bid opens
// against its receipt.
func TestBidsRaceTheDeadline(t *testing.T) {
	t.Parallel()
	e := newBidEnv(t)
	ctx := context.Background()
	type bidder struct {
		org   *domain.Organization
		staff *domain.Actor
		bid   *domain.Bid
	}
	bidders := make([]*bidder, 25)
	for i := range bidders {
		org, staff := e.newBidder(t, fmt.Sprintf("第%d社工服务中心", i+1), "320213")
		b, err := e.bids.SubmitBid(ctx, staff, e.project.ID, bidFor(org.ID, int64(40_000_000+i)))
		must(t, err)
		bidders[i] = &bidder{org: org, staff: staff, bid: b}
	}
	e.clock.Advance(e.deadline.Sub(e.clock.Now()) - time.Microsecond)
	closer := postgres.NewProjectService(servicesOnClock(t, e.env, &clock{t: e.deadline.UTC()}).db)

	var accepted, rejected, done atomic.Int64
	var wg sync.WaitGroup
	start, fire := make(chan struct{}), make(chan struct{})
	var once sync.Once
	op := func(f func() error) {
		defer wg.Done()
		<-start
		err := f()
		switch domain.ErrorCode(err) {
		case "":
			accepted.Add(1)
		case domain.ECONFLICT:
			rejected.Add(1)
		default:
			t.Errorf("unexpected error: %v", err)
		}
		if done.Add(1) == 10 {
			once.Do(func() { close(fire) })
		}
	}
	for i, b := range bidders {
		wg.Add(2)
		go op(func() error {
			_, err := e.bids.SubmitBid(ctx, b.staff, e.project.ID, bidFor(b.org.ID, int64(30_000_000+i)))
			return err
		})
		go op(func() error { _, err := e.bids.WithdrawBid(ctx, b.staff, b.bid.ID); return err })
	}
	var closed bool
	var closeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-fire
		closed, closeErr = closer.CloseBidding(ctx, e.project.ID)
	}()
	close(start)
	wg.Wait()
	must(t, closeErr)
	t.Logf("accepted %d, rejected %d", accepted.Load(), rejected.Load())

	t.Run("OKClosedOnceWithSomeOfEach", func(t *testing.T) {
		if !closed || accepted.Load() == 0 || rejected.Load() == 0 || accepted.Load()+rejected.Load() != 50 {
			t.Fatalf("closed %v, accepted %d, rejected %d", closed, accepted.Load(), rejected.Load())
		}
	})
	t.Run("OKAuditMatchesAcceptedAndPrecedesClose", func(t *testing.T) {
		n := e.count(t, `SELECT count(*) FROM audit_log WHERE action IN ('bid.submitted', 'bid.withdrawn')`) - len(bidders)
		if int64(n) != accepted.Load() {
			t.Errorf("audit entries %d, accepted %d", n, accepted.Load())
		}
		late := e.count(t, `SELECT count(*) FROM audit_log b, audit_log c
			WHERE b.action IN ('bid.submitted', 'bid.withdrawn') AND c.action = 'project.bidding_closed'
			AND c.object_id = $1 AND b.seq > c.seq`, e.project.ID.String())
		if late != 0 {
			t.Errorf("%d bid changes after the close", late)
		}
	})
	t.Run("OKEachBidIsItsLastAcceptedChange", func(t *testing.T) {
		wrong := e.count(t, `SELECT count(*) FROM bids b
			JOIN LATERAL (SELECT action, data FROM audit_log WHERE object_id = b.id::text ORDER BY seq DESC LIMIT 1) last ON true
			WHERE b.status <> CASE last.action WHEN 'bid.submitted' THEN 'submitted' ELSE 'withdrawn' END
			OR last.data->>'content_sha256' <> b.content_sha256`)
		if wrong != 0 {
			t.Errorf("%d bids differ from their last audited change", wrong)
		}
	})
	t.Run("OKEveryLiveBidOpens", func(t *testing.T) {
		e.clock.Advance(time.Microsecond)
		ok, err := e.bids.OpenBids(ctx, e.project.ID)
		must(t, err)
		rec, err := e.bids.FindOpening(ctx, nil, e.project.ID)
		must(t, err)
		live := e.count(t, `SELECT count(*) FROM bids WHERE project_id = $1 AND status = 'submitted'`, e.project.ID)
		if !ok || len(rec) != live {
			t.Errorf("opened %v, record %d, live bids %d", ok, len(rec), live)
		}
	})
}
