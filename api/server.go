// Package api is Hutong's JSON API for mini-programs and integrations,
// built on Gin. Handlers parse and validate input, ask the domain services
// (implemented in postgres/) to act, and render domain errors as RFC 9457
// problem+json through the one map in errors.go. No business rule lives
// here: handlers never decide, they ask domain.Can and the services.
package api

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"hutong/domain"
	"hutong/internal/i18n"
	"hutong/ocds"
	"hutong/search"
)

// Deps are the services and probes the API needs; main fills them in, so
// the wiring is visible in one place.
type Deps struct {
	Users         domain.UserService
	Auth          domain.AuthService
	Orgs          domain.OrganizationService
	Members       domain.MemberService
	Alliances     domain.AllianceService
	Audit         domain.AuditService
	Notifications domain.NotificationService
	Regions       domain.RegionService
	// Search answers GET /api/v1/search; nil (or a backend that is down)
	// makes searches 503 while the rest of the API works.
	Search search.Index
	// Synonyms backs the platform admin's synonym list; nil answers 503.
	Synonyms domain.SynonymService
	// Projects and Calendar back the tender routes; nil answers 503.
	Projects domain.ProjectService
	Calendar domain.CalendarService
	// Questions backs a project's questions and answers; nil answers 503.
	Questions domain.QuestionService
	// Bids backs sealed bids and the opening record; nil answers 503.
	Bids domain.BidService
	// Evaluations backs declarations, score sheets and the ranking; nil
	// answers 503.
	Evaluations domain.EvaluationService
	// Awards backs awards and complaints (质疑); nil answers 503.
	Awards domain.AwardService
	// Contracts backs contracts, outcome reports and grades; nil answers
	// 503.
	Contracts domain.ContractService
	// Claims backs in-kind claims and delivery photos; nil answers 503.
	Claims domain.ClaimService
	// Programmes, Children and Wishes back micro-wish programmes, the
	// stations' children (child directors only) and wishes; nil answers
	// 503.
	Programmes domain.ProgrammeService
	Children   domain.ChildService
	Wishes     domain.WishService
	// OfflineGifts backs the hosts' offline gifts; nil answers 503.
	OfflineGifts domain.OfflineGiftService
	// Matching backs foundations' matching pledges; nil answers 503.
	Matching domain.MatchingService
	// Signups backs shift sign-ups and their waitlists; nil answers 503.
	Signups domain.ShiftSignups
	// Hours backs QR check-in and the hours ledger; nil answers 503.
	Hours domain.HoursLedger
	// Activities and Volunteers back activities and volunteer profiles;
	// nil answers 503.
	Activities ActivityService
	Volunteers VolunteerProfiles
	// Donations backs cash gifts, receipts and the Stripe webhook; nil
	// answers 503, and so does the webhook without Payments (no
	// STRIPE_SECRET_KEY).
	Donations DonationService
	Payments  PaymentGateway
	// Dashboard backs bureau dashboards (数据看板); nil answers 503.
	Dashboard domain.DashboardService
	// BidDocuments backs the sealed documents of bids; nil answers 503.
	BidDocuments domain.BidDocumentService
	// OCDS backs the Open Contracting export (release packages, records);
	// nil answers 503.
	OCDS ocds.Service
	// Ready holds the checks /readyz runs, by name ("database",
	// "workers"); each must answer within a couple of seconds.
	Ready map[string]func(context.Context) error
	// Gatherer is what /metrics exposes; nil means the default registry.
	Gatherer prometheus.Gatherer
	// Logger is used where no request logger exists; nil means
	// slog.Default().
	Logger *slog.Logger
}

// Server holds the API's handlers as methods, so that every dependency a
// handler touches is a field filled in by main.
type Server struct {
	users         domain.UserService
	auth          domain.AuthService
	orgs          domain.OrganizationService
	members       domain.MemberService
	alliances     domain.AllianceService
	audit         domain.AuditService
	notifications domain.NotificationService
	regions       domain.RegionService
	index         search.Index
	synonyms      domain.SynonymService
	projects      domain.ProjectService
	calendar      domain.CalendarService
	questions     domain.QuestionService
	bids          domain.BidService
	evaluations   domain.EvaluationService
	awards        domain.AwardService
	contracts     domain.ContractService
	claims        domain.ClaimService
	programmes    domain.ProgrammeService
	children      domain.ChildService
	wishes        domain.WishService
	donations     DonationService
	gateway       PaymentGateway
	offlineGifts  domain.OfflineGiftService
	matching      domain.MatchingService
	signups       domain.ShiftSignups
	hours         domain.HoursLedger
	activities    ActivityService
	volunteers    VolunteerProfiles
	bidDocuments  domain.BidDocumentService
	dashboard     domain.DashboardService
	ocds          ocds.Service
	ready         map[string]func(context.Context) error
	gatherer      prometheus.Gatherer
	logger        *slog.Logger
	// msgs localises problem titles; nil falls back to English status
	// texts, so a broken catalogue never stops the API.
	msgs *i18n.Bundle
}

// NewServer builds the API from its dependencies.
func NewServer(d Deps) *Server {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Gatherer == nil {
		d.Gatherer = prometheus.DefaultGatherer
	}
	msgs, err := i18n.New()
	if err != nil {
		d.Logger.Error("api: message catalogues did not load; problem titles fall back to English", "err", err)
	}
	return &Server{
		awards: d.Awards, contracts: d.Contracts, claims: d.Claims, offlineGifts: d.OfflineGifts, matching: d.Matching, signups: d.Signups, hours: d.Hours, activities: d.Activities, volunteers: d.Volunteers, dashboard: d.Dashboard,
		users: d.Users, auth: d.Auth, orgs: d.Orgs, members: d.Members,
		alliances: d.Alliances, audit: d.Audit, notifications: d.Notifications,
		regions: d.Regions, index: d.Search, synonyms: d.Synonyms, ready: d.Ready,
		projects: d.Projects, calendar: d.Calendar, gatherer: d.Gatherer, logger: d.Logger,
		donations: d.Donations, gateway: d.Payments,
		msgs: msgs, questions: d.Questions, bids: d.Bids, evaluations: d.Evaluations, ocds: d.OCDS,
		bidDocuments: d.BidDocuments, programmes: d.Programmes, children: d.Children, wishes: d.Wishes,
	}
}
