package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"hutong/domain"
)

// HoldInterval is how often expired donation holds are released. A hold
// lasts domain.HoldDuration; a minute more before the amount shows as
// open again is fine, since a payment arriving meanwhile still counts.
const HoldInterval = time.Minute

// HoldReleaser ends the holds of donations not paid in time; the postgres
// DonationService implements it.
type HoldReleaser interface {
	ReleaseExpiredHolds(ctx context.Context) (int, error)
}

// ReleaseHoldsWorker works domain.ReleaseHoldsArgs.
type ReleaseHoldsWorker struct {
	river.WorkerDefaults[domain.ReleaseHoldsArgs]
	holds  HoldReleaser
	logger *slog.Logger
}

// Work releases every expired hold once.
func (w *ReleaseHoldsWorker) Work(ctx context.Context, job *river.Job[domain.ReleaseHoldsArgs]) error {
	n, err := w.holds.ReleaseExpiredHolds(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		w.logger.InfoContext(ctx, "released expired donation holds", "count", n, "job_id", job.ID)
	}
	return nil
}

// holdJobs is the periodic hold release, when a HoldReleaser is set.
func holdJobs(d Deps) []*river.PeriodicJob {
	if d.Holds == nil {
		return nil
	}
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(HoldInterval),
			func() (river.JobArgs, *river.InsertOpts) {
				return domain.ReleaseHoldsArgs{}, &river.InsertOpts{MaxAttempts: 3,
					UniqueOpts: river.UniqueOpts{ByPeriod: HoldInterval}}
			},
			&river.PeriodicJobOpts{ID: "release_holds", RunOnStart: true}),
	}
}
