package postgres_test

import (
	"context"
	"testing"
	"time"

	"hutong/domain"
)

// amendAt moves e's clock to at (Beijing time).
func (e *bidEnv) amendAt(at time.Time) { e.clock.Advance(at.Sub(e.clock.Now())) }

func newTargets() *[]domain.Target {
	ts := []domain.Target{{Indicator: "受益人次", Unit: "人次", Target: 6000, Kind: domain.TargetPersonTimes}}
	return &ts
}

// TestAmendProjectSubstantive: a substantive amendment five days before
// the deadline (2025-10-04, in the National Day holiday) restarts the
// 20-day period, so the deadline moves to 2025-10-24 09:00 with the
// opening; the bids need confirmation and their bidders are told. A
// confirmed or resubmitted bid is opened, an unconfirmed one is invalid.
func TestAmendProjectSubstantive(t *testing.T) {
	t.Parallel()
	e := newBidEnv(t)
	ctx := context.Background()
	other, otherStaff := e.newBidder(t, "另一家社工机构", "320213")
	mine, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, bidFor(e.bidder.ID, 45_000_000))
	must(t, err)
	theirs, err := e.bids.SubmitBid(ctx, otherStaff, e.project.ID, bidFor(other.ID, 42_000_000))
	must(t, err)
	third, thirdStaff := e.newBidder(t, "第三家社工机构", "320213")
	_, err = e.bids.SubmitBid(ctx, thirdStaff, e.project.ID, bidFor(third.ID, 43_000_000))
	must(t, err)
	e.amendAt(shanghai(2025, 10, 4, 10))
	p, err := e.projects.AmendProject(ctx, e.staff, e.project.ID, domain.ProjectAmendment{Targets: newTargets(), Reason: "提高服务人次目标"})
	must(t, err)
	want := shanghai(2025, 10, 24, 9).UTC()
	t.Run("OKDeadlineExtended", func(t *testing.T) {
		if !p.Timeline.BidDeadline.Equal(want) || !p.Timeline.OpeningAt.Equal(want) || p.Targets[0].Target != 6000 {
			t.Fatalf("timeline = %+v, targets = %+v", p.Timeline, p.Targets)
		}
		if e.audits(t, domain.AuditProjectAmended, p.ID.String()) != 1 {
			t.Error("amendment not audited")
		}
		if n := e.count(t, `SELECT count(*) FROM river_job WHERE kind = 'project_deadline' AND args->>'project_id' = $1`, p.ID.String()); n != 2 {
			t.Errorf("deadline jobs = %d, want 2", n)
		}
	})
	t.Run("OKBidsNeedConfirmation", func(t *testing.T) {
		if n := e.count(t, `SELECT count(*) FROM bids WHERE project_id = $1 AND status = 'needs_confirmation'`, p.ID); n != 3 {
			t.Errorf("bids needing confirmation = %d", n)
		}
		found := false
		for _, n := range e.notifications(t, e.bidStaff.User.ID) {
			found = found || n.Kind == domain.NotifyProjectAmended && n.Params["project"] == p.Title
		}
		if !found {
			t.Error("bidder not notified")
		}
	})
	t.Run("OldDeadlineJobNoOp", func(t *testing.T) {
		e.amendAt(shanghai(2025, 10, 9, 9))
		closed, err := e.projects.CloseBidding(ctx, p.ID)
		if err != nil || closed {
			t.Fatalf("closed at the old deadline = %v, %v", closed, err)
		}
	})
	confirmed, err := e.bids.ConfirmBid(ctx, e.bidStaff, mine.ID)
	must(t, err)
	t.Run("OKConfirmNewReceiptTime", func(t *testing.T) {
		if confirmed.Status != domain.BidSubmitted || !confirmed.Receipt.SubmittedAt.After(mine.Receipt.SubmittedAt) ||
			confirmed.Receipt.ContentSHA256 == mine.Receipt.ContentSHA256 {
			t.Errorf("confirmed = %+v", confirmed)
		}
		_, err := e.bids.ConfirmBid(ctx, e.bidStaff, mine.ID)
		wantCode(t, err, domain.ECONFLICT)
		_, err = e.bids.ConfirmBid(ctx, e.stranger, theirs.ID)
		wantCode(t, err, domain.ENOTFOUND)
	})
	resubmitted, err := e.bids.SubmitBid(ctx, thirdStaff, p.ID, bidFor(third.ID, 41_000_000))
	must(t, err)
	e.amendAt(want)
	_, err = e.projects.CloseBidding(ctx, p.ID)
	must(t, err)
	_, err = e.bids.OpenBids(ctx, p.ID)
	must(t, err)
	t.Run("OKOnlyConfirmedOpened", func(t *testing.T) {
		rec, err := e.bids.FindOpening(ctx, nil, p.ID)
		must(t, err)
		if len(rec) != 2 || rec[0].BidID != resubmitted.ID || rec[1].BidID != mine.ID {
			t.Fatalf("record = %+v", rec)
		}
		b, err := e.bids.FindBidByID(ctx, otherStaff, theirs.ID)
		must(t, err)
		if b.Status != domain.BidInvalid {
			t.Errorf("unconfirmed bid = %s", b.Status)
		}
	})
	t.Run("ErrConfirmAfterDeadline", func(t *testing.T) {
		_, err := e.bids.ConfirmBid(ctx, otherStaff, theirs.ID)
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("ErrAmendClosed", func(t *testing.T) {
		_, err := e.projects.AmendProject(ctx, e.staff, p.ID, domain.ProjectAmendment{Targets: newTargets(), Reason: "再次变更"})
		wantCode(t, err, domain.ECONFLICT)
	})
}

// TestAmendProjectWording: a change of wording only keeps the deadline and
// the bids as they are.
func TestAmendProjectWording(t *testing.T) {
	t.Parallel()
	e := newBidEnv(t)
	ctx := context.Background()
	_, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, bidFor(e.bidder.ID, 45_000_000))
	must(t, err)
	e.amendAt(shanghai(2025, 10, 4, 10))
	desc := "为辖区困境儿童提供个案管理、入户走访与心理疏导服务(措辞更正)。"
	p, err := e.projects.AmendProject(ctx, e.staff, e.project.ID, domain.ProjectAmendment{Description: &desc, Reason: "更正措辞"})
	must(t, err)
	t.Run("OKNotExtended", func(t *testing.T) {
		if !p.Timeline.BidDeadline.Equal(e.deadline) || p.Description != desc {
			t.Errorf("project = %+v", p.Timeline)
		}
	})
	t.Run("OKBidsUntouched", func(t *testing.T) {
		if n := e.count(t, `SELECT count(*) FROM bids WHERE project_id = $1 AND status = 'submitted'`, p.ID); n != 1 {
			t.Errorf("submitted bids = %d", n)
		}
		for _, n := range e.notifications(t, e.bidStaff.User.ID) {
			if n.Kind == domain.NotifyProjectAmended {
				t.Error("bidder notified of a wording change")
			}
		}
	})
	t.Run("ErrBudgetLowered", func(t *testing.T) {
		low := int64(1000)
		_, err := e.projects.AmendProject(ctx, e.staff, p.ID, domain.ProjectAmendment{BudgetFen: &low, Reason: "降低预算"})
		wantField(t, err, domain.EINVALID, "budget_fen")
	})
	t.Run("ErrNoReason", func(t *testing.T) {
		_, err := e.projects.AmendProject(ctx, e.staff, p.ID, domain.ProjectAmendment{Description: &desc})
		wantField(t, err, domain.EINVALID, "reason")
	})
	t.Run("ErrDraft", func(t *testing.T) {
		d := e.create(t, nil)
		_, err := e.projects.AmendProject(ctx, e.staff, d.ID, domain.ProjectAmendment{Description: &desc, Reason: "更正措辞"})
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("ErrOtherBureau", func(t *testing.T) {
		owner := e.actor(t, e.register(t, "OtherBureau"))
		b := e.createOrg(t, owner, domain.KindBureau, "无锡市滨湖区民政局", "320211")
		_, err := e.orgs.VerifyOrganization(ctx, e.platform, b.ID, domain.VerificationVerified, "ok")
		must(t, err)
		_, err = e.projects.AmendProject(ctx, e.actor(t, owner.User), p.ID, domain.ProjectAmendment{Description: &desc, Reason: "越权"})
		wantCode(t, err, domain.EFORBIDDEN)
	})
}
