package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"

	"hutong/api"
	"hutong/internal/config"
	"hutong/internal/httpx"
	"hutong/internal/i18n"
	"hutong/internal/mail"
	"hutong/jobs"
	"hutong/ocds"
	"hutong/postgres"
	"hutong/web"
)

func serveCommand() *command {
	var migrate, noWorkers, demo *bool
	return &command{
		name:  "serve",
		usage: "serve [--migrate] [--no-workers] [--demo]",
		help: "Run the web server (pages and JSON API) and, in the same process, the background workers.\n\n" +
			"With no DATABASE_URL it starts a private PostgreSQL cluster under $HUTONG_DATA_DIR/pg and\n" +
			"applies migrations; with DATABASE_URL it refuses an out-of-date schema unless --migrate.",
		flags: func(fs *flag.FlagSet) {
			migrate = fs.Bool("migrate", false, "apply pending migrations to the external DATABASE_URL before serving")
			noWorkers = fs.Bool("no-workers", false, "do not run background workers in this process (run `hutong worker` elsewhere)")
			demo = fs.Bool("demo", false, "create the demo organisations and people first (idempotent)")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, _ *flag.FlagSet, args []string) error {
			if len(args) > 0 {
				return errUsage
			}
			return serve(ctx, env, cfg, *migrate, !*noWorkers, *demo)
		},
	}
}

func serve(ctx context.Context, env Env, cfg *config.Config, migrate, runWorkers, demo bool) error {
	log := newLogger(env, cfg)
	started := time.Now()
	p, err := openPlatform(ctx, cfg, log, migrate)
	if err != nil {
		return err
	}
	p.ownsCluster = true
	defer p.Close()
	if demo {
		if err := seedDemo(ctx, env, p); err != nil {
			return err
		}
	}
	if err := p.openSearch(ctx); err != nil {
		return err
	}
	client, pool, err := startJobs(ctx, p, runWorkers)
	if err != nil {
		return err
	}
	defer pool.Close()
	defer stopJobs(client, runWorkers, log)

	handler, err := newHandler(p, client, runWorkers)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("hutong is ready", "addr", ln.Addr().String(), "base_url", cfg.BaseURL,
		"embedded_postgres", cfg.Embedded(), "workers", runWorkers, "startup", time.Since(started).String())
	if env.Ready != nil {
		env.Ready <- ln.Addr().String()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// startJobs opens the pgx pool River works on and starts the client; with
// runWorkers false the client only inserts.
func startJobs(ctx context.Context, p *platform, runWorkers bool) (*river.Client[pgx.Tx], *pgxpool.Pool, error) {
	pool, err := pgxpool.New(ctx, p.dsn)
	if err != nil {
		return nil, nil, err
	}
	deps, err := jobDeps(p)
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	client, err := jobs.NewClient(pool, jobs.NewWorkers(deps), deps, runWorkers)
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	if runWorkers {
		if err := client.Start(ctx); err != nil {
			pool.Close()
			return nil, nil, fmt.Errorf("start workers: %w", err)
		}
		// Documents no live bid names go once bidding has closed.
		go p.svc.bidDocs.RunPruner(ctx, 10*time.Minute)
	}
	return client, pool, nil
}

func stopJobs(client *river.Client[pgx.Tx], runWorkers bool, log *slog.Logger) {
	if !runWorkers {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := client.Stop(ctx); err != nil {
		log.Error("stop workers", "err", err)
	}
}

func jobDeps(p *platform) (jobs.Deps, error) {
	bundle, err := i18n.New()
	if err != nil {
		return jobs.Deps{}, err
	}
	deps := jobs.Deps{Notifications: p.svc.notifications, Pruner: p.svc.auth, I18n: bundle, BaseURL: p.cfg.BaseURL, Logger: p.log,
		Search: p.index, SearchSources: p.sources, Synonyms: p.svc.synonyms, Projects: p.svc.projects, Bids: p.svc.bids,
		Awards: p.svc.awards, Claims: p.svc.claims, Holds: p.svc.donations}
	if p.cfg.SMTPURL != "" {
		m, err := mail.ParseURL(p.cfg.SMTPURL)
		if err != nil {
			return jobs.Deps{}, fmt.Errorf("SMTP_URL: %w", err)
		}
		deps.Mailer = m
	}
	return deps, nil
}

// newHandler builds the one router: shared middleware, the JSON API and
// the pages.
func newHandler(p *platform, client *river.Client[pgx.Tx], runWorkers bool) (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	bundle, err := i18n.New()
	if err != nil {
		return nil, err
	}
	s := p.svc
	ready := map[string]func(context.Context) error{"database": p.db.Ping}
	if runWorkers {
		ready["workers"] = jobs.Healthy(client)
	}
	r := gin.New()
	// Hutong answers clients directly unless told otherwise; trusting
	// X-Forwarded-For from anyone would let a caller pick the address that
	// sign-in throttling counts.
	if err := r.SetTrustedProxies(nil); err != nil {
		return nil, err
	}
	r.Use(httpx.Middleware(p.log, reg)...)
	apiSrv := api.NewServer(api.Deps{
		Users: s.users, Auth: s.auth, Orgs: s.orgs, Members: s.members, Alliances: s.alliances,
		Audit: s.audit, Notifications: s.notifications, Regions: s.regions,
		Search: p.index, Synonyms: s.synonyms, Projects: s.projects, Calendar: s.calendar, Questions: s.questions,
		Bids: s.bids, Evaluations: s.evaluations, Awards: s.awards, Contracts: s.contracts, Claims: s.claims, OfflineGifts: s.offlineGifts, Matching: s.matching, Signups: s.signups, Hours: s.hours, Activities: postgres.NewActivityService(p.db), Volunteers: postgres.NewVolunteerService(p.db), Dashboard: postgres.NewDashboardService(p.db), Ready: ready, Gatherer: reg, Logger: p.log,
		Donations: s.donations, Payments: s.gateway,
		BidDocuments: s.bidDocs,
		OCDS:         postgres.NewOCDSService(p.db, ocds.Publisher{Name: "护童 Hutong", URI: p.cfg.BaseURL}),
		Programmes:   s.programmes, Children: s.children, Wishes: s.wishes,
	})
	apiSrv.Register(r)
	pages, err := web.NewServer(web.Deps{
		Users: s.users, Auth: s.auth, Orgs: s.orgs, Members: s.members, Alliances: s.alliances,
		Notifications: s.notifications, Regions: s.regions, I18n: bundle,
		Search: p.index, Synonyms: s.synonyms, Projects: s.projects, Calendar: s.calendar, Questions: s.questions, Bids: s.bids, Evaluations: s.evaluations,
		SecretKey: []byte(p.cfg.SecretKey), Secure: strings.HasPrefix(p.cfg.BaseURL, "https://"), Logger: p.log,
		BidDocuments: s.bidDocs, Dashboard: postgres.NewDashboardService(p.db),
		Programmes: postgres.NewProgrammeService(p.db), Children: postgres.NewChildService(p.db),
		Wishes: postgres.NewWishService(p.db), Donations: s.donations, Claims: s.claims, CashGiving: s.gateway != nil, OfflineGifts: s.offlineGifts, OCDSPrefix: p.cfg.OCDSPrefix,
	})
	if err != nil {
		return nil, err
	}
	pages.Register(r)
	// Gin has one not-found handler per engine: API paths get problem+json,
	// everything else the page in the reader's language.
	r.NoRoute(func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			apiSrv.NotFound(c)
		} else {
			pages.NotFound(c)
		}
	})
	return r, nil
}
