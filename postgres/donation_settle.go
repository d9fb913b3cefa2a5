package postgres

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/payments"
)

// HandleEvent applies one verified webhook event. Its id is recorded in
// stripe_events in the transaction of its effect, so a repeated delivery
// is a no-op; the effect itself only adds facts to the donation (paid,
// refunded so far, disputed) and settles the ledger from them, so events
// in any order leave the same ledger.
func (s *DonationService) HandleEvent(ctx context.Context, ev payments.Event) error {
	if ev.ID == "" {
		return domain.Invalid("id", "an event needs an id")
	}
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		now := s.db.now()
		res := tx.Exec(`INSERT INTO stripe_events (id, type, received_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			ev.ID, ev.Type, now)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		if !relevant(ev.Type) {
			return nil
		}
		d, err := matchDonation(tx, ev)
		if err != nil {
			return err
		}
		if d == nil {
			return nil
		}
		before := *d
		if err := s.learn(tx, d, ev); err != nil {
			return err
		}
		if err := s.settle(ctx, tx, d); err != nil {
			return err
		}
		if err := saveFacts(tx, d, now); err != nil {
			return err
		}
		return s.auditMoney(tx, &before, d, ev)
	})
}

// auditMoney appends an audit entry, by the system, when an event moved
// a donation's money or status: paid and placed, refunded, disputed,
// released. Events that change nothing leave no entry.
func (s *DonationService) auditMoney(tx *gorm.DB, before, d *donationRow, ev payments.Event) error {
	if before.Status == d.Status && before.Placement == d.Placement && before.RefundedFen == d.RefundedFen {
		return nil
	}
	return s.db.audit(tx, nil, &d.HostID, "donation."+d.Status, "donation", d.ID.String(), map[string]any{
		"event_id": ev.ID, "event_type": ev.Type, "placement": d.Placement,
		"amount_fen": d.AmountFen, "refunded_fen": d.RefundedFen,
	})
}

// relevant reports the event types that act on donations.
func relevant(typ string) bool {
	switch typ {
	case payments.EventCheckoutCompleted, payments.EventCheckoutExpired, payments.EventPaymentSucceeded,
		payments.EventPaymentFailed, payments.EventChargeRefunded, payments.EventDisputeCreated:
		return true
	}
	return false
}

// matchDonation locks the donation an event is about: by the donation id
// Hutong put on the session and payment intent, else by the ids Stripe
// gave. An event of Hutong's that names an unknown donation is recorded
// and ignored; a charge no donation knows yet is retried.
func matchDonation(tx *gorm.DB, ev payments.Event) (*donationRow, error) {
	tries := []struct {
		where string
		arg   any
	}{
		{`d.id = ?`, ev.DonationID}, {`d.stripe_session_id = ?`, ev.SessionID},
		{`d.stripe_intent_id = ?`, ev.PaymentIntentID}, {`d.stripe_charge_id = ?`, ev.ChargeID},
	}
	for i, t := range tries {
		if (i == 0 && ev.DonationID == uuid.Nil) || (i > 0 && t.arg == "") {
			continue
		}
		d, err := findDonation(tx, t.where, t.arg, true)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			if i == 0 {
				return nil, nil
			}
			continue
		}
		return d, err
	}
	if ev.Type == payments.EventChargeRefunded || ev.Type == payments.EventDisputeCreated {
		return nil, fmt.Errorf("%w: %s %s", payments.ErrUnmatchedEvent, ev.Type, ev.ID)
	}
	return nil, nil
}

// learn adds what the event tells to the donation's facts. Facts only
// grow: ids are kept once known, paid and disputed once set stay set,
// the refunded amount is the largest total any event named.
func (s *DonationService) learn(tx *gorm.DB, d *donationRow, ev payments.Event) error {
	keep := func(dst **string, v string) {
		if *dst == nil && v != "" {
			*dst = &v
		}
	}
	keep(&d.StripeSessionID, ev.SessionID)
	keep(&d.StripeIntentID, ev.PaymentIntentID)
	keep(&d.StripeChargeID, ev.ChargeID)
	now := s.db.now()
	switch ev.Type {
	case payments.EventCheckoutCompleted, payments.EventPaymentSucceeded:
		if (ev.Paid || ev.Type == payments.EventPaymentSucceeded) && d.PaidAt == nil {
			d.PaidAt = &now
		}
	case payments.EventCheckoutExpired:
		if d.PaidAt == nil {
			return releaseHold(tx, d, domain.DonationExpired)
		}
	case payments.EventPaymentFailed:
		if d.PaidAt == nil {
			return releaseHold(tx, d, domain.DonationFailed)
		}
	case payments.EventChargeRefunded:
		return learnRefund(tx, d, ev)
	case payments.EventDisputeCreated:
		if d.DisputedAt == nil {
			d.DisputedAt = &now
		}
	}
	return nil
}

// learnRefund records the refund step an event reports: from the total
// before it (or, when Stripe did not say, the largest total known) to its
// total; the donation's refunded amount is the largest total named.
func learnRefund(tx *gorm.DB, d *donationRow, ev payments.Event) error {
	to := min(ev.RefundedFen, d.AmountFen)
	from := ev.PreviousRefundedFen
	if from < 0 {
		from = d.RefundedFen
	}
	d.RefundedFen = max(d.RefundedFen, to)
	if to <= from {
		return nil
	}
	return mapError(tx.Exec(`INSERT INTO donation_refunds (donation_id, from_fen, to_fen) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, d.ID, from, to).Error)
}

// settle writes the ledger entries the facts call for and not yet
// written: the gift once paid, then any refunds beyond those recorded.
func (s *DonationService) settle(ctx context.Context, tx *gorm.DB, d *donationRow) error {
	if d.PaidAt != nil && d.Placement == "" {
		if err := s.place(ctx, tx, d); err != nil {
			return err
		}
	}
	if d.Placement == "wish" || d.Placement == "programme" {
		if err := s.recordRefunds(tx, d); err != nil {
			return err
		}
	}
	d.deriveStatus()
	return nil
}

// place puts a paid gift where it belongs: on the wish from its hold, or
// on the wish if it still has room; otherwise where the donor chose for a
// full wish, the programme or a refund.
func (s *DonationService) place(ctx context.Context, tx *gorm.DB, d *donationRow) error {
	switch {
	case d.WishID == nil:
		return s.placeOnProgramme(tx, d, "donation")
	case d.HoldExpiresAt != nil:
		if err := tx.Exec(`UPDATE wishes SET held_fen = held_fen - ?, funded_fen = funded_fen + ? WHERE id = ?`,
			d.AmountFen, d.AmountFen, *d.WishID).Error; err != nil {
			return mapError(err)
		}
		d.HoldExpiresAt = nil
		return s.placeOnWish(tx, d)
	}
	res := tx.Exec(`UPDATE wishes SET funded_fen = funded_fen + ? WHERE id = ? AND status = 'published'
		AND funded_fen + held_fen + ? <= amount_fen`, d.AmountFen, *d.WishID, d.AmountFen)
	if res.Error != nil {
		return mapError(res.Error)
	}
	if res.RowsAffected == 1 {
		return s.placeOnWish(tx, d)
	}
	if d.Overflow == string(domain.OverflowProgramme) {
		return s.placeOnProgramme(tx, d, "redirect_in")
	}
	return s.refundOverflow(ctx, d)
}

// placeOnWish writes the gift's entry on the wish (whose funded_fen the
// caller raised), adds the programme's matching funds (配捐), marks the
// wish funded when full, numbers a receipt and queues the wish's search
// document, whose raised amount changed.
func (s *DonationService) placeOnWish(tx *gorm.DB, d *donationRow) error {
	d.Placement = "wish"
	if err := s.insertEntry(tx, ledgerEntry{ProgrammeID: d.ProgrammeID, WishID: d.WishID, DonationID: &d.ID,
		Kind: "donation", AmountFen: d.AmountFen, Source: paymentSource(d)}); err != nil {
		return err
	}
	if err := s.db.applyMatches(tx, d.ProgrammeID, d.WishID, d.ID, d.AmountFen, paymentSource(d)); err != nil {
		return err
	}
	if err := tx.Exec(`UPDATE wishes SET status = 'funded', updated_at = ? WHERE id = ? AND status = 'published'
		AND funded_fen = amount_fen`, s.db.now(), *d.WishID).Error; err != nil {
		return mapError(err)
	}
	if err := s.assignReceipt(tx, d); err != nil {
		return err
	}
	return s.db.reindex(tx, "wishes", d.WishID.String())
}

// placeOnProgramme writes a gift to the programme itself: a gift made to
// it (kind donation) or one redirected from a full wish (redirect_in),
// with the programme's matching funds.
func (s *DonationService) placeOnProgramme(tx *gorm.DB, d *donationRow, kind string) error {
	d.Placement = "programme"
	if err := s.insertEntry(tx, ledgerEntry{ProgrammeID: d.ProgrammeID, DonationID: &d.ID,
		Kind: kind, AmountFen: d.AmountFen, Source: paymentSource(d)}); err != nil {
		return err
	}
	if err := s.db.applyMatches(tx, d.ProgrammeID, nil, d.ID, d.AmountFen, paymentSource(d)); err != nil {
		return err
	}
	return s.assignReceipt(tx, d)
}

// refundOverflow gives the money of a gift to a full wish back, as its
// donor chose. The refund is asked for inside the transaction with a key
// derived from the donation: if the commit fails, Stripe redelivers the
// event and the same key refunds once. A disputed payment is not
// refunded: the dispute decides.
func (s *DonationService) refundOverflow(ctx context.Context, d *donationRow) error {
	if d.DisputedAt != nil {
		return nil
	}
	if s.gateway == nil || d.StripeIntentID == nil {
		return domain.Errorf(domain.EUNAVAILABLE, "the refund of donation %s cannot be sent now", d.ID)
	}
	if err := s.gateway.Refund(ctx, *d.StripeIntentID, d.AmountFen, payments.RefundKey(d.ID, "overflow")); err != nil {
		return err
	}
	d.Placement = "refund"
	return nil
}

// paymentSource keys a gift's ledger entry by its payment intent (or
// session), so that UNIQUE(kind, source) forbids a second entry.
func paymentSource(d *donationRow) string {
	switch {
	case d.StripeIntentID != nil:
		return "stripe:" + *d.StripeIntentID
	case d.StripeSessionID != nil:
		return "stripe:" + *d.StripeSessionID
	}
	return "donation:" + d.ID.String()
}

// recordRefunds writes one refund entry per refund step not yet in the
// ledger, on the wish or programme the gift went to, never more in all
// than the refunded total.
func (s *DonationService) recordRefunds(tx *gorm.DB, d *donationRow) error {
	var steps []struct{ FromFen, ToFen int64 }
	if err := tx.Raw(`SELECT from_fen, to_fen FROM donation_refunds WHERE donation_id = ? ORDER BY from_fen, to_fen`,
		d.ID).Scan(&steps).Error; err != nil {
		return mapError(err)
	}
	var written []int64
	if err := tx.Raw(`SELECT COALESCE(-SUM(amount_fen), 0) FROM ledger_entries WHERE donation_id = ? AND kind = 'refund'`,
		d.ID).Scan(&written).Error; err != nil {
		return mapError(err)
	}
	total := written[0]
	for _, st := range steps {
		source := fmt.Sprintf("refund:%s:%d-%d", d.ID, st.FromFen, st.ToFen)
		var n []int
		if err := tx.Raw(`SELECT 1 FROM ledger_entries WHERE kind = 'refund' AND source = ?`, source).Scan(&n).Error; err != nil {
			return mapError(err)
		}
		delta := st.ToFen - st.FromFen
		if len(n) > 0 || total+delta > d.RefundedFen {
			continue
		}
		if err := s.refundEntry(tx, d, delta, source); err != nil {
			return err
		}
		total += delta
	}
	return nil
}

// refundEntry writes one refund of delta fen out of the wish (reopening
// a funded wish) or the programme.
func (s *DonationService) refundEntry(tx *gorm.DB, d *donationRow, delta int64, source string) error {
	e := ledgerEntry{ProgrammeID: d.ProgrammeID, DonationID: &d.ID, Kind: "refund", AmountFen: -delta, Source: source}
	if d.Placement == "wish" {
		e.WishID = d.WishID
		if err := tx.Exec(`UPDATE wishes SET funded_fen = funded_fen - ?, updated_at = ?,
			status = CASE WHEN status = 'funded' THEN 'published' ELSE status END WHERE id = ?`,
			delta, s.db.now(), *d.WishID).Error; err != nil {
			return mapError(err)
		}
		if err := s.db.reindex(tx, "wishes", d.WishID.String()); err != nil {
			return err
		}
	}
	return s.insertEntry(tx, e)
}
