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

// Work closes bidding, or does nothing when there is nothing to close. A
// job woken before its deadline by a clock ahead of the service's waits
// for it instead of giving up, so that a small skew between the database
// and the application never leaves a project open.
func (w *ProjectDeadlineWorker) Work(ctx context.Context, job *river.Job[domain.ProjectDeadlineArgs]) error {
	closed, err := w.projects.CloseBidding(ctx, job.Args.ProjectID)
	if err != nil {
		return err
	}
	if closed {
		w.logger.InfoContext(ctx, "bidding closed", "project_id", job.Args.ProjectID, "job_id", job.ID)
		return nil
	}
	if wait := job.Args.Deadline.Sub(w.now()); wait > 0 {
		return river.JobSnooze(wait)
	}
	w.logger.DebugContext(ctx, "deadline job had nothing to close", "project_id", job.Args.ProjectID, "job_id", job.ID)
	return nil
}
