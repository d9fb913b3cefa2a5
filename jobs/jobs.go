// Package jobs holds Hutong's River workers and builds the River client
// that runs them. Services insert jobs in the transaction of the change
// (see postgres); the workers here load what they need through the domain
// services and never decide business rules themselves.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"hutong/domain"
	"hutong/internal/i18n"
	"hutong/internal/mail"
	"hutong/search"
)

// Pruner deletes expired sessions, tokens and login throttling records;
// the postgres AuthService implements it.
type Pruner interface {
	PruneExpired(ctx context.Context) error
}

// Deps are what the workers need, filled in by main.
type Deps struct {
	Notifications domain.NotificationService
	// Pruner, when nil, leaves the periodic prune job out.
	Pruner Pruner
	// Mailer is nil when SMTP_URL is unset: notifications stay in the
	// in-app inbox only. Pass a nil interface, not a nil *SMTPMailer.
	Mailer mail.Mailer
	I18n   *i18n.Bundle
	// BaseURL prefixes the links in mail, e.g. "https://hutong.example.org".
	BaseURL string
	Logger  *slog.Logger
	// Search and SearchSources keep the search index in step with the
	// database; with Search nil, no index worker runs.
	Search        search.Index
	SearchSources []search.Source
	// Synonyms is where the search settings job reads the synonyms an
	// admin edits; with it or Search nil, that job is not worked.
	Synonyms domain.SynonymService
	// Projects closes bidding at each project's deadline. Every process
	// that works the queue must set it: without it, River fails the
	// deadline jobs it fetches as an unknown kind and retries them later.
	Projects BiddingCloser
	// Bids opens sealed bids at each project's opening time; like
	// Projects, every process that works the queue must set it.
	Bids BidOpener
	// Awards makes awards final when their complaint window closes; like
	// Projects, every process that works the queue must set it.
	Awards AwardFinalizer
	// Claims releases in-kind claims not bought in time and reminds
	// their donors; like Projects, every process that works the queue
	// must set it.
	Claims ClaimKeeper
	// Holds releases donation holds not paid in time, on a schedule;
	// like Projects, every process that works the queue must set it.
	Holds HoldReleaser
}

// MaxWorkers is how many jobs one process works at once. Mail and pruning
// are I/O bound, and a small number keeps the database pool free for
// requests.
const MaxWorkers = 10

// NewWorkers registers every worker. The same set is given to clients that
// only insert, so that River can check the kinds they insert.
func NewWorkers(d Deps) *river.Workers {
	d = d.withDefaults()
	w := river.NewWorkers()
	river.AddWorker(w, &SendEmailWorker{deps: d})
	if d.Pruner != nil {
		river.AddWorker(w, &PruneAuthWorker{pruner: d.Pruner, logger: d.Logger})
	}
	if d.Projects != nil {
		river.AddWorker(w, &ProjectDeadlineWorker{projects: d.Projects, logger: d.Logger, now: time.Now})
	}
	if d.Bids != nil {
		river.AddWorker(w, &ProjectOpeningWorker{bids: d.Bids, logger: d.Logger, now: time.Now})
	}
	if d.Awards != nil {
		river.AddWorker(w, &AwardFinalizeWorker{awards: d.Awards, logger: d.Logger, now: time.Now})
	}
	if d.Claims != nil {
		river.AddWorker(w, &ClaimDeadlineWorker{claims: d.Claims, logger: d.Logger, now: time.Now})
		river.AddWorker(w, &ClaimReminderWorker{claims: d.Claims, logger: d.Logger})
	}
	if d.Holds != nil {
		river.AddWorker(w, &ReleaseHoldsWorker{holds: d.Holds, logger: d.Logger})
	}
	if d.Search != nil {
		sources := map[string]search.Source{}
		for _, s := range d.SearchSources {
			sources[s.Type.Name] = s
		}
		river.AddWorker(w, &IndexWorker{index: d.Search, sources: sources})
		if d.Synonyms != nil {
			river.AddWorker(w, &SearchSettingsWorker{index: d.Search, synonyms: d.Synonyms, types: sourceTypes(d.SearchSources)})
		}
	}
	return w
}

// NewClient builds the River client on pool. With runWorkers it works the
// default queue and schedules the periodic jobs once started; without, it
// only inserts (for a process started with workers turned off).
func NewClient(pool *pgxpool.Pool, workers *river.Workers, d Deps, runWorkers bool) (*river.Client[pgx.Tx], error) {
	d = d.withDefaults()
	cfg := &river.Config{
		Logger:      d.Logger.With("component", "river"),
		Workers:     workers,
		MaxAttempts: EmailMaxAttempts,
		JobTimeout:  time.Minute,
		// Jobs inserted through database/sql (inside GORM transactions)
		// may not wake the producers by notification, so poll often enough
		// that a change is searchable within a second of its commit.
		FetchPollInterval: 200 * time.Millisecond,
	}
	if runWorkers {
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: MaxWorkers}}
		cfg.PeriodicJobs = periodicJobs(d)
	}
	c, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	return c, nil
}

// Healthy returns a readiness check for /readyz: it fails when the client
// was never started or has stopped, or when River cannot reach the
// database. Call it on a client that runs workers, after Start.
func Healthy(client *river.Client[pgx.Tx]) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		stopped := client.Stopped()
		if stopped == nil {
			return errors.New("job workers not started")
		}
		select {
		case <-stopped:
			return errors.New("job workers stopped")
		default:
		}
		if err := client.Driver().GetExecutor().Ping(ctx); err != nil {
			return fmt.Errorf("job workers cannot reach the database: %w", err)
		}
		return nil
	}
}

// sourceTypes lists the document type of each source.
func sourceTypes(sources []search.Source) []*search.DocType {
	out := make([]*search.DocType, len(sources))
	for i, s := range sources {
		out[i] = s.Type
	}
	return out
}

func (d Deps) withDefaults() Deps {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	return d
}
