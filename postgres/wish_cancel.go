package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/payments"
)

var _ domain.WishCanceller = (*DonationService)(nil)

// CancelWish cancels a wish and settles its money in one transaction:
// refunds are asked of Stripe with keys derived from the donation (so a
// retried cancellation refunds once), redirects and matched funds move to
// the programme as pairs of ledger entries, and the wish's funded_fen
// follows its entries.
func (s *DonationService) CancelWish(ctx context.Context, actor *domain.Actor, wishID uuid.UUID, reason string) (*domain.WishCancellation, error) {
	reason, err := domain.NormalizeCancelReason(reason)
	if err != nil {
		return nil, err
	}
	out := &domain.WishCancellation{WishID: wishID}
	err = s.db.tx(ctx, func(tx *gorm.DB) error {
		w, err := findClaimWish(tx, wishID, true)
		if err != nil {
			return err
		}
		if !actor.HasRole(w.StationID, domain.RoleOwner, domain.RoleAdmin) {
			if actor.Membership(w.StationID) == nil && !domain.WishStatus(w.Status).Public() {
				return domain.Errorf(domain.ENOTFOUND, "wish not found")
			}
			return domain.Errorf(domain.EFORBIDDEN, "rule wish_cancel: only the station's owners and admins cancel a wish")
		}
		switch domain.WishStatus(w.Status) {
		case domain.WishDraft, domain.WishInReview, domain.WishPublished, domain.WishFunded, domain.WishClaimed:
		default:
			return domain.Errorf(domain.ECONFLICT, "the wish is %s: it can no longer be cancelled", w.Status)
		}
		if err := s.cancelClaims(tx, w); err != nil {
			return err
		}
		if err := s.settleCancelled(ctx, tx, w, out); err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE wishes SET status = 'cancelled', cancel_reason = ?, updated_at = ? WHERE id = ?`,
			reason, s.db.now(), w.ID).Error; err != nil {
			return mapError(err)
		}
		data := map[string]any{"reason": reason, "refunded_fen": out.RefundedFen, "redirected_fen": out.RedirectedFen}
		if err := s.db.audit(tx, actor, ptr(w.StationID), domain.AuditWishCancelled, "wish", w.ID.String(), data); err != nil {
			return err
		}
		return s.db.reindex(tx, "wishes", w.ID.String())
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// cancelClaims ends a claim not yet bought; bought goods block the
// cancellation.
func (s *DonationService) cancelClaims(tx *gorm.DB, w *claimWish) error {
	var claims []claimRow
	if err := tx.Where("wish_id = ? AND status IN ?", w.ID, []string{"claimed", "bought", "received"}).Find(&claims).Error; err != nil {
		return mapError(err)
	}
	for i := range claims {
		c := &claims[i]
		if c.Status != string(domain.ClaimClaimed) {
			return domain.Errorf(domain.ECONFLICT, "the claimed goods are already bought: deliver them instead of cancelling")
		}
		c.Status, c.UpdatedAt = string(domain.ClaimCancelled), s.db.now()
		if err := tx.Save(c).Error; err != nil {
			return mapError(err)
		}
		if err := s.db.notify(tx, c.DonorID, domain.NotifyWishCancelled, map[string]string{"wish": w.Title}, fulfilmentLink(w.ID)); err != nil {
			return err
		}
	}
	return nil
}

// settleCancelled refunds or redirects every gift placed on the wish, and
// moves its matched funds back to the programme.
func (s *DonationService) settleCancelled(ctx context.Context, tx *gorm.DB, w *claimWish, out *domain.WishCancellation) error {
	var ds []donationRow
	if err := tx.Raw(donationSelect+` WHERE d.wish_id = ? AND d.placement = 'wish' ORDER BY d.created_at, d.id FOR UPDATE OF d`, w.ID).
		Scan(&ds).Error; err != nil {
		return mapError(err)
	}
	var programmes []uuid.UUID
	if err := tx.Raw(`SELECT programme_id FROM wishes WHERE id = ?`, w.ID).Scan(&programmes).Error; err != nil {
		return mapError(err)
	}
	if len(programmes) != 1 {
		return domain.Errorf(domain.ENOTFOUND, "wish not found")
	}
	programme := programmes[0]
	for i := range ds {
		d := &ds[i]
		net := d.AmountFen - d.RefundedFen
		if net <= 0 {
			continue
		}
		refund := d.Method == "stripe" && d.Overflow == string(domain.OverflowRefund) && d.DisputedAt == nil && d.StripeIntentID != nil
		if refund && s.gateway != nil {
			if err := s.gateway.Refund(ctx, *d.StripeIntentID, net, payments.RefundKey(d.ID, "cancel")); err != nil {
				return err
			}
			out.RefundedFen += net
			out.Refunds++
			continue
		}
		if err := s.redirect(tx, w.ID, programme, &d.ID, net, "cancel:"+d.ID.String()); err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE donations SET placement = 'programme', updated_at = ? WHERE id = ?`, s.db.now(), d.ID).Error; err != nil {
			return mapError(err)
		}
		if d.DonorID != nil {
			if err := s.db.notify(tx, *d.DonorID, domain.NotifyWishCancelled, map[string]string{"wish": w.Title}, fulfilmentLink(w.ID)); err != nil {
				return err
			}
		}
		out.RedirectedFen += net
		out.Redirects++
	}
	var matched []int64
	if err := tx.Raw(`SELECT COALESCE(SUM(amount_fen), 0) FROM ledger_entries WHERE wish_id = ? AND kind = 'match'`, w.ID).
		Scan(&matched).Error; err != nil {
		return mapError(err)
	}
	if matched[0] > 0 {
		if err := s.redirect(tx, w.ID, programme, nil, matched[0], "cancel-match:"+w.ID.String()); err != nil {
			return err
		}
		out.RedirectedFen += matched[0]
	}
	return nil
}

// redirect moves amount from the wish to its programme: an entry out of
// the wish and one into the programme, and the wish's funded_fen with
// them. The programme's raised total is unchanged (out and in cancel).
func (s *DonationService) redirect(tx *gorm.DB, wishID, programme uuid.UUID, donation *uuid.UUID, amount int64, source string) error {
	if err := tx.Exec(`UPDATE wishes SET funded_fen = funded_fen - ?, updated_at = ? WHERE id = ?`, amount, s.db.now(), wishID).Error; err != nil {
		return mapError(err)
	}
	if err := s.insertEntry(tx, ledgerEntry{ProgrammeID: programme, WishID: &wishID, DonationID: donation, Kind: "redirect_out",
		AmountFen: -amount, Source: source}); err != nil {
		return err
	}
	return s.insertEntry(tx, ledgerEntry{ProgrammeID: programme, DonationID: donation, Kind: "redirect_in", AmountFen: amount, Source: source})
}
