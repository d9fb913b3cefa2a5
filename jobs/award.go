package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"hutong/domain"
)

// AwardFinalizer makes an award final when its complaint window has
// closed with nothing pending; the postgres AwardService implements it
// under the project's row lock, answering false when there is nothing to
// do (a complaint still pending, an award since cancelled, a duplicate).
type AwardFinalizer interface {
	FinalizeAward(ctx context.Context, projectID uuid.UUID) (bool, error)
}

// AwardFinalizeWorker makes awards final at the close of their complaint
// window (质疑期). A complaint still pending then holds the award; the
// bureau's last rejection finalises it instead.
type AwardFinalizeWorker struct {
	river.WorkerDefaults[domain.AwardFinalizeArgs]
	awards AwardFinalizer
	logger *slog.Logger
	now    func() time.Time
}

// Work makes the award final, or does nothing when it may not be yet.
func (w *AwardFinalizeWorker) Work(ctx context.Context, job *river.Job[domain.AwardFinalizeArgs]) error {
	return actWhenDue(ctx, w.logger, w.now, job.ID, job.Args.ProjectID, job.Args.Deadline, "award final",
		func() (bool, error) { return w.awards.FinalizeAward(ctx, job.Args.ProjectID) })
}
