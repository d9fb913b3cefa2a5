package postgres_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/postgres"
)

// CanaryProposal is a proposal text that must never leave the bids table
// in clear.
const CanaryProposal = "CANARY-BID-7f3a 方案全文不得外泄"

// bidEnv is a tender with a published project and one verified bidder.
type bidEnv struct {
	*tenderEnv
	bids     *postgres.BidService
	project  *domain.Project
	bidder   *domain.Organization
	bidStaff *domain.Actor
	deadline time.Time
}

func newBidEnv(tb testing.TB) *bidEnv {
	tb.Helper()
	te := newTenderEnv(tb, shanghai(2025, 9, 12, 10))
	e := &bidEnv{tenderEnv: te, bids: postgres.NewBidService(te.db), deadline: shanghai(2025, 10, 9, 9)}
	e.project = te.publish(tb, te.create(tb, nil), e.deadline)
	e.bidder, e.bidStaff = e.newBidder(tb, "梁溪区阳光社工服务中心", "320213")
	return e
}

// newBidder creates a verified 4A social organisation and returns it with
// its owner.
func (e *bidEnv) newBidder(tb testing.TB, name, region string) (*domain.Organization, *domain.Actor) {
	tb.Helper()
	owner := e.actor(tb, e.register(tb, "Bidder"))
	org := e.createOrg(tb, owner, domain.KindSocialOrg, name, region)
	org, err := e.orgs.VerifyOrganization(context.Background(), e.platform, org.ID, domain.VerificationVerified, "ok")
	must(tb, err)
	return org, e.actor(tb, owner.User)
}

func bidFor(org uuid.UUID, price int64) domain.BidInput {
	return domain.BidInput{OrganizationID: org, PriceFen: price, TechnicalProposal: CanaryProposal,
		Team: []domain.TeamMember{{Name: "王芳", Role: "项目主管", Qualification: "中级社工师"}}}
}

func TestSubmitBid(t *testing.T) {
	t.Parallel()
	e := newBidEnv(t)
	ctx := context.Background()
	first, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, bidFor(e.bidder.ID, 45_000_000))
	must(t, err)
	t.Run("OKSealedWithReceipt", func(t *testing.T) {
		if first.Content != nil || first.Status != domain.BidSubmitted || len(first.Receipt.ContentSHA256) != 64 {
			t.Fatalf("bid = %+v", first)
		}
		var raw []byte
		must(t, e.db.SQL().QueryRow(`SELECT b::text FROM bids b WHERE id = $1`, first.ID).Scan(&raw))
		if bytes.Contains(raw, []byte("CANARY")) || bytes.Contains(raw, []byte("45000000")) {
			t.Errorf("plaintext in the bid row: %s", raw)
		}
		var keys int
		must(t, e.db.SQL().QueryRow(`SELECT count(*) FROM project_keys WHERE project_id = $1`, e.project.ID).Scan(&keys))
		if keys != 1 {
			t.Errorf("project keys = %d", keys)
		}
	})
	t.Run("OKAuditHoldsHashOnly", func(t *testing.T) {
		var data string
		must(t, e.db.SQL().QueryRow(`SELECT data::text FROM audit_log WHERE action = 'bid.submitted' AND object_id = $1`,
			first.ID.String()).Scan(&data))
		if !strings.Contains(data, first.Receipt.ContentSHA256) || strings.Contains(data, "CANARY") || strings.Contains(data, "45000000") {
			t.Errorf("audit data = %s", data)
		}
	})
	t.Run("OKResubmitReplaces", func(t *testing.T) {
		e.clock.Advance(time.Minute)
		second, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, bidFor(e.bidder.ID, 44_000_000))
		must(t, err)
		if second.ID != first.ID || second.Receipt.ContentSHA256 == first.Receipt.ContentSHA256 ||
			!second.Receipt.SubmittedAt.After(first.Receipt.SubmittedAt) {
			t.Errorf("second = %+v, first = %+v", second, first)
		}
		if n := e.count(t, `SELECT count(*) FROM bids WHERE project_id = $1`, e.project.ID); n != 1 {
			t.Errorf("bids = %d", n)
		}
	})
	t.Run("ErrAboveBudget", func(t *testing.T) {
		_, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, bidFor(e.bidder.ID, 50_000_001))
		wantField(t, err, domain.EINVALID, "price_fen")
	})
	t.Run("ErrNotAMember", func(t *testing.T) {
		_, err := e.bids.SubmitBid(ctx, e.stranger, e.project.ID, bidFor(e.bidder.ID, 1))
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("ErrIneligibleRegion", func(t *testing.T) {
		org, staff := e.newBidder(t, "南京鼓楼社工", "320106")
		_, err := e.bids.SubmitBid(ctx, staff, e.project.ID, bidFor(org.ID, 1000))
		if !strings.Contains(domain.ErrorMessage(wantCode(t, err, domain.EFORBIDDEN)), "region") {
			t.Errorf("message = %v", err)
		}
	})
	t.Run("ErrUnverified", func(t *testing.T) {
		owner := e.actor(t, e.register(t, "Pending"))
		org := e.createOrg(t, owner, domain.KindSocialOrg, "未认证机构", "320213")
		_, err := e.bids.SubmitBid(ctx, e.actor(t, owner.User), e.project.ID, bidFor(org.ID, 1000))
		if !strings.Contains(domain.ErrorMessage(wantCode(t, err, domain.EFORBIDDEN)), "verified") {
			t.Errorf("message = %v", err)
		}
	})
}

func TestBidReadsAreSealed(t *testing.T) {
	t.Parallel()
	e := newBidEnv(t)
	ctx := context.Background()
	bid, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, bidFor(e.bidder.ID, 45_000_000))
	must(t, err)
	_, otherStaff := e.newBidder(t, "另一家社工机构", "320213")
	for name, a := range map[string]*domain.Actor{"Bureau": e.staff, "OtherBidder": otherStaff, "PlatformAdmin": e.platform, "Anonymous": nil} {
		t.Run("NotFoundFor"+name, func(t *testing.T) {
			_, err := e.bids.FindBidByID(ctx, a, bid.ID)
			wantCode(t, err, domain.ENOTFOUND)
			_, err = e.bids.FindBidReceipt(ctx, a, bid.ID)
			wantCode(t, err, domain.ENOTFOUND)
			_, err = e.bids.FindOpening(ctx, a, e.project.ID)
			wantCode(t, err, domain.ENOTFOUND)
		})
	}
	t.Run("OKBidderSeesReceiptOnly", func(t *testing.T) {
		got, err := e.bids.FindBidByID(ctx, e.bidStaff, bid.ID)
		must(t, err)
		r, err := e.bids.FindBidReceipt(ctx, e.bidStaff, bid.ID)
		must(t, err)
		mine, err := e.bids.FindMyBids(ctx, e.bidStaff, &e.project.ID)
		must(t, err)
		if got.Content != nil || *r != bid.Receipt || len(mine) != 1 || mine[0].Content != nil {
			t.Errorf("got %+v, receipt %+v, mine %+v", got, r, mine)
		}
	})
}

func TestWithdrawBid(t *testing.T) {
	t.Parallel()
	e := newBidEnv(t)
	ctx := context.Background()
	bid, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, bidFor(e.bidder.ID, 45_000_000))
	must(t, err)
	t.Run("ErrOtherActor", func(t *testing.T) {
		_, err := e.bids.WithdrawBid(ctx, e.staff, bid.ID)
		wantCode(t, err, domain.ENOTFOUND)
	})
	got, err := e.bids.WithdrawBid(ctx, e.bidStaff, bid.ID)
	must(t, err)
	t.Run("OKWithdrawn", func(t *testing.T) {
		if got.Status != domain.BidWithdrawn || e.audits(t, domain.AuditBidWithdrawn, bid.ID.String()) != 1 {
			t.Errorf("bid = %+v", got)
		}
	})
	t.Run("ErrTwice", func(t *testing.T) {
		_, err := e.bids.WithdrawBid(ctx, e.bidStaff, bid.ID)
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("ErrAfterDeadline", func(t *testing.T) {
		again, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, bidFor(e.bidder.ID, 45_000_000))
		must(t, err)
		e.clock.Advance(e.deadline.Sub(e.clock.Now()))
		_, err = e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, bidFor(e.bidder.ID, 40_000_000))
		wantCode(t, err, domain.ECONFLICT)
		_, err = e.bids.WithdrawBid(ctx, e.bidStaff, again.ID)
		wantCode(t, err, domain.ECONFLICT)
	})
}

func TestOpenBids(t *testing.T) {
	t.Parallel()
	e := newBidEnv(t)
	ctx := context.Background()
	other, otherStaff := e.newBidder(t, "另一家社工机构", "320213")
	_, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, bidFor(e.bidder.ID, 45_000_000))
	must(t, err)
	_, err = e.bids.SubmitBid(ctx, otherStaff, e.project.ID, bidFor(other.ID, 42_000_000))
	must(t, err)
	e.clock.Advance(e.deadline.Sub(e.clock.Now()) - time.Second)
	t.Run("NoOpBeforeOpening", func(t *testing.T) {
		ok, err := e.bids.OpenBids(ctx, e.project.ID)
		if err != nil || ok {
			t.Fatalf("opened = %v, %v", ok, err)
		}
		_, err = e.bids.FindOpening(ctx, nil, e.project.ID)
		wantCode(t, err, domain.ENOTFOUND)
	})
	e.clock.Advance(time.Second)
	closed, err := e.projects.CloseBidding(ctx, e.project.ID)
	must(t, err)
	ok, err := e.bids.OpenBids(ctx, e.project.ID)
	must(t, err)
	t.Run("OKOpeningRecordPublic", func(t *testing.T) {
		if !closed || !ok {
			t.Fatalf("closed %v, opened %v", closed, ok)
		}
		rec, err := e.bids.FindOpening(ctx, nil, e.project.ID)
		must(t, err)
		if len(rec) != 2 || rec[0].PriceFen != 42_000_000 || rec[0].OrganizationName != other.Name || rec[1].PriceFen != 45_000_000 {
			t.Errorf("record = %+v", rec)
		}
		if e.audits(t, domain.AuditProjectOpened, e.project.ID.String()) != 1 {
			t.Error("opening not audited")
		}
	})
	t.Run("NoOpTwice", func(t *testing.T) {
		ok, err := e.bids.OpenBids(ctx, e.project.ID)
		if err != nil || ok {
			t.Fatalf("opened again = %v, %v", ok, err)
		}
	})
}

// TestAuditHidesSealedBids: before opening, the audit log shows a bid's
// entries to the bidding organisation's managers only; a platform admin
// listing everything, or filtering by the bidder, learns nothing of who
// bids or how many bids there are. After opening the entries are visible.
func TestAuditHidesSealedBids(t *testing.T) {
	t.Parallel()
	e := newBidEnv(t)
	ctx := context.Background()
	audit := postgres.NewAuditService(e.db)
	bid, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, bidFor(e.bidder.ID, 45_000_000))
	must(t, err)
	bidEntries := func(t *testing.T, a *domain.Actor, org *uuid.UUID) int {
		t.Helper()
		n := 0
		page := domain.Page{Limit: 100}
		for {
			entries, next, err := audit.FindAuditEntries(ctx, a, org, page)
			must(t, err)
			for _, en := range entries {
				if en.ObjectType == "bid" || en.ObjectID == bid.ID.String() {
					n++
				}
			}
			if next == "" {
				return n
			}
			page.Cursor = next
		}
	}
	t.Run("HiddenFromPlatformAdmin", func(t *testing.T) {
		if n := bidEntries(t, e.platform, nil) + bidEntries(t, e.platform, &e.bidder.ID); n != 0 {
			t.Fatalf("a platform admin sees %d sealed bid entries", n)
		}
	})
	t.Run("OKBidderSeesItsOwn", func(t *testing.T) {
		if n := bidEntries(t, e.bidStaff, &e.bidder.ID); n != 1 {
			t.Fatalf("the bidder's owner sees %d entries, want 1", n)
		}
	})
	e.clock.Advance(e.deadline.Sub(e.clock.Now()))
	_, err = e.projects.CloseBidding(ctx, e.project.ID)
	must(t, err)
	_, err = e.bids.OpenBids(ctx, e.project.ID)
	must(t, err)
	t.Run("VisibleAfterOpening", func(t *testing.T) {
		if n := bidEntries(t, e.platform, nil); n != 1 {
			t.Fatalf("after opening a platform admin sees %d entries, want 1", n)
		}
	})
}
