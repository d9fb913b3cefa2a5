package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for migrations

	"hutong/blobstore"
	"hutong/internal/config"
	"hutong/internal/i18n"
	"hutong/internal/pgembed"
	"hutong/payments"
	"hutong/payments/stripe"
	"hutong/postgres"
	"hutong/search"
)

// platform is an open database, with the embedded cluster behind it when
// there is no DATABASE_URL.
type platform struct {
	cfg     *config.Config
	log     *slog.Logger
	cluster *pgembed.Cluster
	dsn     string
	db      *postgres.DB
	svc     *services
	// ownsCluster makes Close stop an adopted cluster too (serve, worker).
	ownsCluster bool
	// index and sources are set by openSearch, for the processes that
	// search or keep the index in step.
	index   search.Index
	sources []search.Source
	// blobs holds the sealed bid documents (HUTONG_BLOB_URL).
	blobs *blobstore.Store
}

// openSearch opens the configured search backend and applies its settings
// (in the background when the backend is down).
func (p *platform) openSearch(ctx context.Context) error {
	bundle, err := i18n.New()
	if err != nil {
		return err
	}
	idx, err := openIndex(p.cfg, p.log)
	if err != nil {
		return fmt.Errorf("open the search index: %w", err)
	}
	// Searches run with the synonyms of the last Init, which applies the
	// list kept in the database (see initIndex and jobs/settings.go).
	p.index, p.sources = search.KeepSettings(idx), searchSources(p.svc, bundle)
	initIndex(ctx, p.index, indexTypes(p.svc.synonyms, p.sources), p.log)
	return nil
}

// openPlatform connects to PostgreSQL, starting the embedded cluster when
// DATABASE_URL is empty, and brings the schema up to date. The embedded
// database is always migrated; an external one only when migrate is set,
// and otherwise must already be current.
func openPlatform(ctx context.Context, cfg *config.Config, log *slog.Logger, migrate bool) (*platform, error) {
	p := &platform{cfg: cfg, log: log, dsn: cfg.DatabaseURL}
	if cfg.Embedded() {
		if err := cfg.EnsureSecretKey(); err != nil {
			return nil, err
		}
		c, err := startEmbedded(ctx, cfg, log)
		if err != nil {
			return nil, err
		}
		p.cluster, p.dsn, migrate = c, c.DSN("hutong"), true
	}
	if err := p.schema(ctx, migrate); err != nil {
		p.Close()
		return nil, err
	}
	db, err := postgres.Open(ctx, p.dsn, postgres.Options{SecretKey: []byte(cfg.SecretKey), Logger: log, OCDSPrefix: cfg.OCDSPrefix})
	if err != nil {
		p.Close()
		return nil, fmt.Errorf("open the database: %w", err)
	}
	p.db = db
	p.svc = newServices(db)
	if p.blobs, err = blobstore.Open(ctx, cfg.BlobURL); err != nil {
		p.Close()
		return nil, fmt.Errorf("open the document storage (HUTONG_BLOB_URL): %w", err)
	}
	p.svc.bidDocs = postgres.NewBidDocumentService(db, p.blobs)
	p.svc.claims = postgres.NewClaimService(db, p.blobs)
	p.svc.gateway = stripe.New(stripe.Config{SecretKey: cfg.StripeSecretKey, WebhookSecret: cfg.StripeWebhookKey, APIBase: cfg.StripeAPIBase})
	p.svc.donations = postgres.NewDonationService(db, p.svc.gateway, cfg.BaseURL)
	return p, nil
}

// schema applies pending migrations, or refuses an out-of-date schema.
func (p *platform) schema(ctx context.Context, migrate bool) error {
	sqlDB, err := sql.Open("pgx", p.dsn)
	if err != nil {
		return err
	}
	defer sqlDB.Close()
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	if migrate {
		return postgres.MigrateUp(ctx, sqlDB)
	}
	pending, err := postgres.MigrationStatus(ctx, sqlDB, io.Discard)
	if err != nil {
		return err
	}
	if pending > 0 {
		return fmt.Errorf("the database schema is out of date (%d migrations pending): run `hutong migrate up`, or start with --migrate", pending)
	}
	return nil
}

// Close closes the index and the database and stops the embedded cluster.
func (p *platform) Close() {
	if p.index != nil {
		_ = p.index.Close()
	}
	if p.blobs != nil {
		_ = p.blobs.Close()
	}
	if p.db != nil {
		_ = p.db.Close()
	}
	// A cluster that was already running belongs to another hutong
	// process (a serve still up), unless this process is the platform
	// itself, which owns whatever cluster it runs on.
	if p.cluster != nil && (!p.cluster.Adopted() || p.ownsCluster) {
		if err := p.cluster.Stop(); err != nil {
			p.log.Error("stop the embedded PostgreSQL", "err", err)
		} else {
			p.log.Info("embedded PostgreSQL stopped")
		}
	}
}

// services are the domain services over one database.
type services struct {
	users         *postgres.UserService
	auth          *postgres.AuthService
	orgs          *postgres.OrganizationService
	members       *postgres.MemberService
	alliances     *postgres.AllianceService
	audit         *postgres.AuditService
	notifications *postgres.NotificationService
	regions       *postgres.RegionService
	synonyms      *postgres.SynonymService
	projects      *postgres.ProjectService
	calendar      *postgres.CalendarService
	questions     *postgres.QuestionService
	bids          *postgres.BidService
	evaluations   *postgres.EvaluationService
	awards        *postgres.AwardService
	contracts     *postgres.ContractService
	programmes    *postgres.ProgrammeService
	children      *postgres.ChildService
	wishes        *postgres.WishService
	offlineGifts  *postgres.OfflineGiftService
	matching      *postgres.MatchingService
	signups       *postgres.SignupService
	hours         *postgres.HoursService

	// bidDocs and claims are set by openPlatform, which opens the blob
	// storage.
	bidDocs *postgres.BidDocumentService
	claims  *postgres.ClaimService

	// donations and gateway are set by openPlatform from the Stripe
	// settings; gateway is nil without STRIPE_SECRET_KEY, and cash
	// giving then answers 503.
	donations *postgres.DonationService
	gateway   payments.Gateway
}

func newServices(db *postgres.DB) *services {
	return &services{
		users:         postgres.NewUserService(db),
		auth:          postgres.NewAuthService(db),
		orgs:          postgres.NewOrganizationService(db),
		members:       postgres.NewMemberService(db),
		alliances:     postgres.NewAllianceService(db),
		audit:         postgres.NewAuditService(db),
		notifications: postgres.NewNotificationService(db),
		regions:       postgres.NewRegionService(db),
		synonyms:      postgres.NewSynonymService(db),
		projects:      postgres.NewProjectService(db),
		calendar:      postgres.NewCalendarService(db),
		questions:     postgres.NewQuestionService(db),
		bids:          postgres.NewBidService(db),
		evaluations:   postgres.NewEvaluationService(db),
		awards:        postgres.NewAwardService(db),
		contracts:     postgres.NewContractService(db),
		programmes:    postgres.NewProgrammeService(db),
		children:      postgres.NewChildService(db),
		wishes:        postgres.NewWishService(db),
		offlineGifts:  postgres.NewOfflineGiftService(db),
		matching:      postgres.NewMatchingService(db),
		signups:       postgres.NewSignupService(db),
		hours:         postgres.NewHoursService(db),
	}
}

// startEmbedded starts (or adopts) the private cluster under the data dir.
func startEmbedded(ctx context.Context, cfg *config.Config, log *slog.Logger) (*pgembed.Cluster, error) {
	return pgembed.Start(ctx, pgembed.Options{Dir: filepath.Join(cfg.DataDir, "pg"), Database: "hutong", Logger: log})
}
