package web

import (
	"errors"
	"html/template"
	"log/slog"

	"hutong/domain"
	"hutong/internal/i18n"
	"hutong/search"
)

// Deps are what the pages need, filled in by main. Every field but Search,
// Synonyms, Secure and Logger is required.
type Deps struct {
	Users         domain.UserService
	Auth          domain.AuthService
	Orgs          domain.OrganizationService
	Members       domain.MemberService
	Alliances     domain.AllianceService
	Notifications domain.NotificationService
	Regions       domain.RegionService
	I18n          *i18n.Bundle
	// Search answers the search page; nil, or an index that is down, makes
	// that page say search is unavailable while the others work.
	Search search.Index
	// Synonyms backs the platform admin's synonym page; nil answers 503.
	Synonyms domain.SynonymService
	// Projects and Calendar back the tender pages and the admin's
	// calendar; nil answers those pages with 503.
	Projects domain.ProjectService
	Calendar domain.CalendarService
	// Questions backs the questions on a project's page; nil hides them.
	Questions domain.QuestionService
	// Bids backs the bid pages and a project's opening record; nil
	// answers the bid pages with 503 and hides the bid link.
	Bids domain.BidService
	// BidDocuments backs the documents on the bid form and pages; nil
	// hides the upload and the lists.
	BidDocuments domain.BidDocumentService
	// Evaluations backs the evaluation page and a project's ranking; nil
	// answers that page with 503 and hides the ranking.
	Evaluations domain.EvaluationService
	// Awards backs a project's award and complaints; nil hides them.
	Awards domain.AwardService
	// Contracts backs the contract pages and reports; nil answers them
	// with 503.
	Contracts domain.ContractService
	// TenderRules are the minimum periods the project service enforces,
	// for the publish form to show the earliest deadline; zero means
	// domain.DefaultTenderRules().
	TenderRules domain.TenderRules
	// Dashboard backs the bureau dashboard and its Excel export; nil
	// answers them with 503.
	Dashboard domain.DashboardService
	// Programmes, Children, Wishes, Donations and Claims back the
	// micro-wish pages; nil Programmes or Wishes answers them with 503,
	// nil Donations shows cash giving as unavailable, nil Claims hides
	// in-kind claims and the fulfilment story.
	Programmes domain.ProgrammeService
	Children   domain.ChildService
	Wishes     domain.WishService
	Donations  domain.DonationService
	Claims     domain.ClaimService
	// CashGiving says a payment gateway is configured; without it the
	// wish pages show cash giving as unavailable and offer claims only.
	CashGiving bool
	// OCDSPrefix is the ocid prefix of the OCDS export (HUTONG_OCDS_PREFIX),
	// for the link from a project's page to its record; "" hides it.
	OCDSPrefix string
	// OfflineGifts backs the host finance desk; nil hides it (404).
	OfflineGifts domain.OfflineGiftService
	// SecretKey signs the anonymous forms' CSRF tokens; at least 16 bytes.
	SecretKey []byte
	// Secure marks cookies Secure; set it when pages are served over TLS.
	Secure bool
	// Logger is the fallback logger outside a request; nil uses
	// slog.Default().
	Logger *slog.Logger
}

// Server holds the services, the parsed templates and the caches the page
// handlers share. It is safe for concurrent use.
type Server struct {
	users         domain.UserService
	auth          domain.AuthService
	orgs          domain.OrganizationService
	members       domain.MemberService
	alliances     domain.AllianceService
	notifications domain.NotificationService
	index         search.Index
	synonyms      domain.SynonymService
	projects      domain.ProjectService
	calendar      domain.CalendarService
	questions     domain.QuestionService
	bids          domain.BidService
	bidDocuments  domain.BidDocumentService
	evaluations   domain.EvaluationService
	awards        domain.AwardService
	contracts     domain.ContractService
	rules         domain.TenderRules
	ocdsPrefix    string
	dashboard     domain.DashboardService
	mw            microWish
	i18n          *i18n.Bundle
	key           []byte
	secure        bool
	logger        *slog.Logger
	pages         map[string]*template.Template
	assets        *assets
	regions       *regionCache
}

// minSecretKey is the shortest signing key accepted: 128 bits.
const minSecretKey = 16

// NewServer checks the dependencies and parses the templates, so that a
// broken template stops start-up instead of failing a reader's request.
func NewServer(d Deps) (*Server, error) {
	if d.Users == nil || d.Auth == nil || d.Orgs == nil || d.Members == nil ||
		d.Alliances == nil || d.Notifications == nil || d.Regions == nil || d.I18n == nil {
		return nil, errors.New("web: every service and the i18n bundle are required")
	}
	if len(d.SecretKey) < minSecretKey {
		return nil, errors.New("web: SecretKey must be at least 16 bytes")
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	if len(d.TenderRules.Periods) == 0 {
		d.TenderRules = domain.DefaultTenderRules()
	}
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	return &Server{
		awards: d.Awards, contracts: d.Contracts,
		users: d.Users, auth: d.Auth, orgs: d.Orgs, members: d.Members,
		alliances: d.Alliances, notifications: d.Notifications, i18n: d.I18n,
		index: d.Search, synonyms: d.Synonyms,
		projects: d.Projects, calendar: d.Calendar, rules: d.TenderRules, ocdsPrefix: d.OCDSPrefix, questions: d.Questions, bids: d.Bids, evaluations: d.Evaluations,
		key: d.SecretKey, secure: d.Secure, logger: d.Logger, dashboard: d.Dashboard,
		pages: pages, assets: a, regions: newRegionCache(d.Regions),
		bidDocuments: d.BidDocuments,
		mw:           microWish{programmes: d.Programmes, children: d.Children, wishes: d.Wishes, donations: d.Donations, claims: d.Claims, cash: d.CashGiving, offline: d.OfflineGifts},
	}, nil
}
