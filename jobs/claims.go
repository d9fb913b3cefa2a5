package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"hutong/domain"
)

// ClaimKeeper releases claims not bought in time and reminds claimants;
// the postgres ClaimService implements it, answering false when there is
// nothing to do (the goods were bought, the claim cancelled, a duplicate).
type ClaimKeeper interface {
	ReleaseClaim(ctx context.Context, claimID uuid.UUID) (bool, error)
	RemindClaim(ctx context.Context, claimID uuid.UUID) (bool, error)
}

// ClaimDeadlineWorker releases an in-kind claim not bought by its
// deadline, so that another donor may claim the wish.
type ClaimDeadlineWorker struct {
	river.WorkerDefaults[domain.ClaimDeadlineArgs]
	claims ClaimKeeper
	logger *slog.Logger
	now    func() time.Time
}

// Work releases the claim, or does nothing when it was bought or ended.
func (w *ClaimDeadlineWorker) Work(ctx context.Context, job *river.Job[domain.ClaimDeadlineArgs]) error {
	return actWhenDue(ctx, w.logger, w.now, job.ID, job.Args.ClaimID, job.Args.Deadline, "claim released",
		func() (bool, error) { return w.claims.ReleaseClaim(ctx, job.Args.ClaimID) })
}

// ClaimReminderWorker reminds a claimant who has not bought yet.
type ClaimReminderWorker struct {
	river.WorkerDefaults[domain.ClaimReminderArgs]
	claims ClaimKeeper
	logger *slog.Logger
}

// Work sends the reminder once; a claim bought meanwhile gets none.
func (w *ClaimReminderWorker) Work(ctx context.Context, job *river.Job[domain.ClaimReminderArgs]) error {
	sent, err := w.claims.RemindClaim(ctx, job.Args.ClaimID)
	if err == nil && sent {
		w.logger.InfoContext(ctx, "claim reminder sent", "claim_id", job.Args.ClaimID, "job_id", job.ID)
	}
	return err
}
