package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// ConfirmBid confirms a bid marked needs_confirmation, before the
// deadline and under the project's lock like a submission. The content
// stays; since the receipt's hash covers the submission time, the bid is
// resealed with the new time and a new receipt issued, so that the
// opening still checks it against what the bidder holds.
func (s *BidService) ConfirmBid(ctx context.Context, actor *domain.Actor, bidID uuid.UUID) (*domain.Bid, error) {
	var bid *domain.Bid
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		row, err := s.visibleBid(tx, actor, bidID, domain.ActionBidSubmit)
		if err != nil {
			return err
		}
		p, err := findProject(tx, row.ProjectID, true)
		if err != nil {
			return err
		}
		if err := domain.CheckBiddingOpen(p, s.db.now()); err != nil {
			return err
		}
		if row, err = findBidRow(tx, bidID); err != nil {
			return err
		}
		if row.Status != string(domain.BidNeedsConfirmation) {
			return domain.Errorf(domain.ECONFLICT, "the bid is %s, not awaiting confirmation", row.Status)
		}
		if err := s.reseal(tx, row, s.db.now()); err != nil {
			return err
		}
		bid = row.sealed()
		data := map[string]any{"content_sha256": row.ContentSHA256}
		return s.db.audit(tx, actor, ptr(row.OrganizationID), domain.AuditBidConfirmed, "bid", bidID.String(), data)
	})
	return bid, err
}

// reseal decrypts row's content, seals it again with submission time now
// and writes it back as submitted, updating row in place.
func (s *BidService) reseal(tx *gorm.DB, row *bidRow, now time.Time) error {
	key, err := s.db.projectKey(tx, row.ProjectID, false)
	if err != nil {
		return err
	}
	plain, err := openBid(key, row.ID, row.ProjectID, row.Nonce, row.Ciphertext)
	if err != nil {
		return domain.Errorf(domain.EINTERNAL, "bid %s does not decrypt", row.ID)
	}
	content, err := domain.ParseCanonicalBid(plain)
	if err != nil {
		return err
	}
	b := row.sealed()
	b.Content, b.Receipt.SubmittedAt = content, now
	plain, sum, err := domain.CanonicalBidContent(b)
	if err != nil {
		return err
	}
	nonce, sealed, err := sealBid(key, row.ID, row.ProjectID, plain)
	if err != nil {
		return err
	}
	row.Status, row.ContentSHA256, row.Nonce, row.Ciphertext = string(domain.BidSubmitted), sum, nonce, sealed
	row.SubmittedAt, row.UpdatedAt = now, now
	return tx.Select("*").Updates(row).Error
}
