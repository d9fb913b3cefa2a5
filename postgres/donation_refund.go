package postgres

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/payments"
)

// RefundDonation asks the payment provider to give amountFen of a
// received Stripe gift back to its donor, for the host's finance staff
// (a partial refund is any amount below what is left). A disputed payment
// is never refunded by Hutong: the dispute decides (409). The ledger
// moves when Stripe's charge.refunded event arrives, as for refunds made
// in Stripe's dashboard. The idempotency key counts the donation's
// earlier refund requests, so a retried request refunds once.
func (s *DonationService) RefundDonation(ctx context.Context, actor *domain.Actor, id uuid.UUID, amountFen int64) (*domain.Donation, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	if s.gateway == nil {
		return nil, domain.Errorf(domain.EUNAVAILABLE, "payments are not configured on this server")
	}
	var out *domain.Donation
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		d, err := findDonation(tx, `d.id = ?`, id, true)
		if err != nil {
			return err
		}
		if !mayRead(actor, d) {
			return domain.Errorf(domain.ENOTFOUND, "donation not found")
		}
		if !actor.HasRole(d.HostID, domain.RoleFinance, domain.RoleOwner) {
			return domain.Errorf(domain.EFORBIDDEN, "only the host's finance staff refund gifts")
		}
		if err := refundable(d, amountFen); err != nil {
			return err
		}
		var n []int64
		if err := tx.Raw(`SELECT count(*) FROM audit_log WHERE object_type = 'donation' AND object_id = ?
			AND action = 'donation.refund_requested'`, d.ID.String()).Scan(&n).Error; err != nil {
			return mapError(err)
		}
		key := payments.RefundKey(d.ID, fmt.Sprintf("manual-%d", n[0]+1))
		if err := s.gateway.Refund(ctx, *d.StripeIntentID, amountFen, key); err != nil {
			return err
		}
		out = d.domain()
		return s.db.audit(tx, actor, &d.HostID, "donation.refund_requested", "donation", d.ID.String(),
			map[string]any{"amount_fen": amountFen, "refunded_fen": d.RefundedFen})
	})
	return out, err
}

// refundable checks that a gift can be refunded by amountFen now.
func refundable(d *donationRow, amountFen int64) error {
	switch {
	case d.DisputedAt != nil:
		return domain.Errorf(domain.ECONFLICT, "the payment is disputed: the dispute decides, Hutong refunds nothing")
	case d.Method != "stripe" || d.StripeIntentID == nil || (d.Placement != "wish" && d.Placement != "programme"):
		return domain.Errorf(domain.ECONFLICT, "only a received Stripe gift can be refunded here")
	case amountFen < 1 || amountFen > d.AmountFen-d.RefundedFen:
		return domain.Invalid("amount_fen", fmt.Sprintf("between 1 fen and %s, what is left of the gift", yuan(d.AmountFen-d.RefundedFen)))
	}
	return nil
}
