package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/ocds"
)

// scheduleDeadline inserts, in the transaction that sets or moves a bid
// deadline, the job that closes bidding at that moment. River keeps it
// across restarts; CloseBidding makes every copy but the right one a
// no-op.
func (db *DB) scheduleDeadline(tx *gorm.DB, id uuid.UUID, deadline time.Time) error {
	stx, err := sqlTx(tx)
	if err != nil {
		return err
	}
	args := domain.ProjectDeadlineArgs{ProjectID: id, Deadline: deadline}
	if _, err := db.river.InsertTx(tx.Statement.Context, stx, args, &river.InsertOpts{ScheduledAt: deadline}); err != nil {
		return fmt.Errorf("insert project_deadline job: %w", err)
	}
	return nil
}

// scheduleOpening inserts, in the transaction that closes bidding, the job
// that opens the bids at the opening time.
func (db *DB) scheduleOpening(tx *gorm.DB, id uuid.UUID, at time.Time) error {
	stx, err := sqlTx(tx)
	if err != nil {
		return err
	}
	args := domain.ProjectOpeningArgs{ProjectID: id, OpeningAt: at}
	if _, err := db.river.InsertTx(tx.Statement.Context, stx, args, &river.InsertOpts{ScheduledAt: at}); err != nil {
		return fmt.Errorf("insert project_opening job: %w", err)
	}
	return nil
}

// CloseBidding moves a published project whose bid deadline has passed to
// bidding_closed, audited (by the system) and queued for the index, in one
// transaction. The conditional update decides: when two workers race, or
// the deadline has since moved later, or the project was cancelled, no
// row matches and it returns false, changing nothing.
func (s *ProjectService) CloseBidding(ctx context.Context, id uuid.UUID) (bool, error) {
	closed := false
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		var rows []projectRow
		err := tx.Raw(`UPDATE projects SET status = ?, updated_at = ?
			WHERE id = ? AND status = ? AND bid_deadline <= ?
			RETURNING id, bureau_id, bid_deadline, opening_at`,
			domain.StatusBiddingClosed, s.db.now(), id, domain.StatusPublished, s.db.now()).Scan(&rows).Error
		if err != nil || len(rows) == 0 {
			return err
		}
		closed = true
		p := &domain.Project{ID: id, BureauID: rows[0].BureauID}
		data := map[string]any{"bid_deadline": rows[0].BidDeadline.UTC()}
		if err := s.record(tx, nil, p, domain.AuditProjectBiddingClosed, data); err != nil {
			return err
		}
		if err := s.db.publishRelease(tx, id, ocds.TagTenderUpdate); err != nil {
			return err
		}
		if rows[0].OpeningAt == nil {
			return nil
		}
		return s.db.scheduleOpening(tx, id, *rows[0].OpeningAt)
	})
	return closed, err
}
