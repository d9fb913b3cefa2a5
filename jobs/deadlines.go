package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"hutong/domain"
)

// BiddingCloser closes bidding on a project whose deadline has passed,
// once; the postgres ProjectService implements it with a conditional
// update, so it answers false for a project already closed, cancelled, or
// whose deadline moved later.
type BiddingCloser interface {
	CloseBidding(ctx context.Context, id uuid.UUID) (bool, error)
}

// ProjectDeadlineWorker closes bidding at a project's deadline. River
// keeps the scheduled job across restarts and hands it to one worker at a
// time; the conditional update in CloseBidding makes duplicates and stale
// jobs harmless, so bidding closes exactly once whatever runs.
type ProjectDeadlineWorker struct {
	river.WorkerDefaults[domain.ProjectDeadlineArgs]
	projects BiddingCloser
	logger   *slog.Logger
	now      func() time.Time
}

// Work closes bidding, or does nothing when there is nothing to close.
func (w *ProjectDeadlineWorker) Work(ctx context.Context, job *river.Job[domain.ProjectDeadlineArgs]) error {
	return actWhenDue(ctx, w.logger, w.now, job.ID, job.Args.ProjectID, job.Args.Deadline, "bidding closed",
		func() (bool, error) { return w.projects.CloseBidding(ctx, job.Args.ProjectID) })
}

// actWhenDue runs a conditional transition that a job scheduled for due.
// When the transition happened it logs it; when it did not and due is
// still ahead (a worker's clock ahead of the service's), the job waits
// for it instead of giving up, so that a small skew never leaves a
// project or claim stuck; otherwise there was nothing to do (a duplicate or a stale
// job) and the job ends.
func actWhenDue(ctx context.Context, log *slog.Logger, now func() time.Time, jobID int64, objectID uuid.UUID,
	due time.Time, done string, act func() (bool, error)) error {
	acted, err := act()
	if err != nil {
		return err
	}
	if acted {
		log.InfoContext(ctx, done, "object_id", objectID, "job_id", jobID)
		return nil
	}
	if wait := due.Sub(now()); wait > 0 {
		return river.JobSnooze(wait)
	}
	log.DebugContext(ctx, "scheduled job had nothing to do", "object_id", objectID, "job_id", jobID)
	return nil
}
