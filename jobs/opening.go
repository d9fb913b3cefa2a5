package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"hutong/domain"
)

// BidOpener opens a project's sealed bids once its opening time has come;
// the postgres BidService implements it with a conditional update, so it
// answers false when the project is not closed for bidding or not due.
type BidOpener interface {
	OpenBids(ctx context.Context, projectID uuid.UUID) (bool, error)
}

// ProjectOpeningWorker opens the bids at a project's opening time. Like
// the deadline worker, duplicates and stale jobs are harmless, and a job
// woken early by clock skew waits instead of giving up.
type ProjectOpeningWorker struct {
	river.WorkerDefaults[domain.ProjectOpeningArgs]
	bids   BidOpener
	logger *slog.Logger
	now    func() time.Time
}

// Work opens the bids, or does nothing when there is nothing to open.
func (w *ProjectOpeningWorker) Work(ctx context.Context, job *river.Job[domain.ProjectOpeningArgs]) error {
	return actWhenDue(ctx, w.logger, w.now, job.ID, job.Args.ProjectID, job.Args.OpeningAt, "bids opened",
		func() (bool, error) { return w.bids.OpenBids(ctx, job.Args.ProjectID) })
}
