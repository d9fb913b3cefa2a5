package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// holdBatch bounds one pass of ReleaseExpiredHolds, so that a backlog is
// worked in short transactions.
const holdBatch = 500

// ReleaseExpiredHolds ends the holds of donations not paid within
// HoldDuration: the amount goes back to the wish and the donation is
// expired. A payment that still arrives follows the overflow choice.
// Rows another transaction holds are skipped and caught on the next run.
func (s *DonationService) ReleaseExpiredHolds(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.releaseBatch(ctx)
		total += n
		if err != nil || n < holdBatch {
			return total, err
		}
	}
}

func (s *DonationService) releaseBatch(ctx context.Context) (int, error) {
	n := 0
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		now := s.db.now()
		var ids []uuid.UUID
		if err := tx.Raw(`SELECT id FROM donations WHERE hold_expires_at <= ? AND paid_at IS NULL
			ORDER BY wish_id, id LIMIT ? FOR UPDATE SKIP LOCKED`, now, holdBatch).Scan(&ids).Error; err != nil {
			return err
		}
		for _, id := range ids {
			d, err := findDonation(tx, `d.id = ?`, id, false)
			if err != nil {
				return err
			}
			if err := releaseHold(tx, d, domain.DonationExpired); err != nil {
				return err
			}
			if err := saveFacts(tx, d, now); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	return n, err
}
