package postgres_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/payments"
	"hutong/payments/stripetest"
)

func TestCancelWishRefundsOrRedirects(t *testing.T) {
	t.Parallel()
	g := newGiving(t)
	ctx := context.Background()
	wish := g.wish(t, 10_000)
	toProgramme := g.give(t, wish, 4_000, domain.OverflowProgramme)
	g.paid(t, toProgramme)
	toRefund := g.give(t, wish, 3_000, domain.OverflowRefund)
	g.paid(t, toRefund)
	var ownerID string
	must(t, g.db.SQL().QueryRow(`SELECT user_id FROM memberships WHERE organization_id = $1 AND 'owner' = ANY(roles)`, g.station.ID).Scan(&ownerID))
	ownerUser, err := g.users.FindUserByID(ctx, uuid.MustParse(ownerID))
	must(t, err)
	stationOwner := g.actor(t, ownerUser)
	t.Run("ErrDonorCancels", func(t *testing.T) {
		_, err := g.donations.CancelWish(ctx, g.donor, wish, "孩子已随家人搬离本市")
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("ErrNoReason", func(t *testing.T) {
		_, err := g.donations.CancelWish(ctx, stationOwner, wish, "")
		wantField(t, err, domain.EINVALID, "reason")
	})
	out, err := g.donations.CancelWish(ctx, stationOwner, wish, "孩子已随家人搬离本市,心愿改由当地站点跟进")
	must(t, err)
	status, funded, _ := g.wishMoney(t, wish)
	if out.Redirects != 1 || out.RedirectedFen != 4_000 || out.Refunds != 1 || out.RefundedFen != 3_000 || status != "cancelled" || funded != 3_000 {
		t.Fatalf("cancellation %+v, wish %s funded %d", out, status, funded)
	}
	g.verified(t)
	t.Run("OKTheRefundEventEmptiesTheWish", func(t *testing.T) {
		pi := "pi_" + toRefund.ID.String()[:8]
		must(t, g.deliver(t, "evt_cancel_refund", payments.EventChargeRefunded, stripetest.Charge("ch_"+toRefund.ID.String()[:8], pi, 3_000, 3_000)))
		_, funded, _ := g.wishMoney(t, wish)
		if funded != 0 {
			t.Errorf("funded after the refund = %d", funded)
		}
		g.verified(t)
	})
	t.Run("ErrCancelTwice", func(t *testing.T) {
		_, err := g.donations.CancelWish(ctx, stationOwner, wish, "重复操作")
		wantCode(t, err, domain.ECONFLICT)
	})
}
