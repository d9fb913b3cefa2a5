package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// PruneInterval is how often expired sessions, tokens and login failures
// are deleted. Expiry is checked on every read anyway; pruning only keeps
// the tables small.
const PruneInterval = 15 * time.Minute

// PruneAuthArgs is the periodic job that prunes expired auth records.
type PruneAuthArgs struct{}

// Kind names the job for the queue.
func (PruneAuthArgs) Kind() string { return "prune_auth" }

// InsertOpts keeps one prune job per interval, should two leaders ever
// overlap, and does not retry for long: the next run comes soon anyway.
func (PruneAuthArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByPeriod: PruneInterval}}
}

// PruneAuthWorker calls the Pruner.
type PruneAuthWorker struct {
	river.WorkerDefaults[PruneAuthArgs]
	pruner Pruner
	logger *slog.Logger
}

// Work prunes once.
func (w *PruneAuthWorker) Work(ctx context.Context, job *river.Job[PruneAuthArgs]) error {
	if err := w.pruner.PruneExpired(ctx); err != nil {
		return err
	}
	w.logger.DebugContext(ctx, "pruned expired sessions and tokens", "job_id", job.ID)
	return nil
}

// periodicJobs lists the jobs River's leader inserts on a schedule.
func periodicJobs(d Deps) []*river.PeriodicJob {
	jobs := holdJobs(d)
	if d.Pruner == nil {
		return jobs
	}
	return append(jobs,
		river.NewPeriodicJob(river.PeriodicInterval(PruneInterval),
			func() (river.JobArgs, *river.InsertOpts) { return PruneAuthArgs{}, nil },
			&river.PeriodicJobOpts{ID: "prune_auth", RunOnStart: true}))
}
