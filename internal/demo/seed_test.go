package demo_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"hutong/blobstore"
	"hutong/domain"
	"hutong/internal/demo"
	"hutong/internal/testkit"
	"hutong/postgres"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// tables are counted before and after a rerun: nothing may change.
var tables = []string{"users", "organizations", "memberships", "alliance_members", "audit_log", "notifications", "river_job",
	"projects", "project_questions", "bids", "awards", "complaints", "contracts", "contract_reports", "ocds_releases",
	"programmes", "children", "child_consents", "wishes", "wish_claims", "wish_evidence",
	"offline_gifts", "donations", "ledger_entries", "match_pledges"}

func TestSeed(t *testing.T) {
	t.Parallel()
	dsn := testkit.DSN(t)
	db := open(t, dsn, nil)
	clock := &demo.Clock{}
	hdb := open(t, dsn, clock.Now)
	s := demo.Services{
		History: &demo.History{Clock: clock, Projects: postgres.NewProjectService(hdb), Bids: postgres.NewBidService(hdb),
			Evaluations: postgres.NewEvaluationService(hdb), Awards: postgres.NewAwardService(hdb),
			Contracts: postgres.NewContractService(hdb)},
		WishServices: &demo.WishServices{Programmes: postgres.NewProgrammeService(db), Children: postgres.NewChildService(db),
			Wishes: postgres.NewWishService(db), Claims: postgres.NewClaimService(db, memBlobs(t)),
			OfflineGifts: postgres.NewOfflineGiftService(db), Matching: postgres.NewMatchingService(db)},
		Users: postgres.NewUserService(db), Auth: postgres.NewAuthService(db),
		Orgs: postgres.NewOrganizationService(db), Members: postgres.NewMemberService(db),
		Alliances: postgres.NewAllianceService(db), Regions: postgres.NewRegionService(db),
		Projects: postgres.NewProjectService(db), Calendar: postgres.NewCalendarService(db),
		Questions: postgres.NewQuestionService(db),
	}
	ctx := context.Background()
	first, err := demo.Seed(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	before := counts(t, db)
	second, err := demo.Seed(ctx, s)
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	t.Run("OKRerunChangesNothing", func(t *testing.T) {
		t.Parallel()
		if first.Created == 0 || second.Created != 0 {
			t.Errorf("created %d then %d, want some then none", first.Created, second.Created)
		}
		after := counts(t, db)
		for _, table := range tables {
			if before[table] != after[table] {
				t.Errorf("%s: %d rows after the first run, %d after the second", table, before[table], after[table])
			}
		}
		if before["organizations"] != 9 || len(second.Organizations) != 9 {
			t.Errorf("%d organisations, %d reported; want 9", before["organizations"], len(second.Organizations))
		}
	})
	t.Run("OKWishesAtEveryStage", func(t *testing.T) {
		t.Parallel()
		rows, err := db.SQL().Query(`SELECT status, count(*) FROM wishes GROUP BY status`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]int{}
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				t.Fatal(err)
			}
			got[s] = n
		}
		bad, err := postgres.VerifyLedger(context.Background(), db)
		if err != nil || len(bad) != 0 {
			t.Errorf("ledger: %v, %v", bad, err)
		}
		want := map[string]int{"draft": 1, "in_review": 1, "published": 3, "claimed": 1, "thanked": 1, "funded": 1}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("wishes by status = %v, want %v", got, want)
				break
			}
		}
	})
	t.Run("OKProjects", func(t *testing.T) {
		t.Parallel()
		checkProjects(t, s, second)
	})
	t.Run("OKAllVerified", func(t *testing.T) {
		t.Parallel()
		for _, o := range second.Organizations {
			got, err := s.Orgs.FindOrganizationByID(ctx, o.ID)
			if err != nil || !got.Verified() {
				t.Errorf("%s: %v, %v; want verified", o.Name, got, err)
			}
			if _, ok := domain.NormalizeCreditCode(got.CreditCode); !ok {
				t.Errorf("%s: invalid credit code %s", o.Name, got.CreditCode)
			}
		}
	})
	t.Run("OKAllianceMembersConfirmed", func(t *testing.T) {
		t.Parallel()
		members, err := s.Alliances.FindAllianceMembers(ctx, nil, allianceOf(t, second).ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(members) != 3 {
			t.Fatalf("%d confirmed members, want 3", len(members))
		}
		for _, m := range members {
			if m.Status != domain.AllianceConfirmed || m.ConfirmedAt == nil {
				t.Errorf("%s: %s", m.Organization.Name, m.Status)
			}
		}
	})
	t.Run("OKSignInsWork", func(t *testing.T) {
		t.Parallel()
		var out bytes.Buffer
		if err := second.Print(&out); err != nil {
			t.Fatal(err)
		}
		for _, si := range second.SignIns {
			u, err := s.Auth.Authenticate(ctx, domain.Credentials{Login: si.Login, Password: second.Password})
			if err != nil {
				t.Errorf("%s cannot sign in: %v", si.Login, err)
				continue
			}
			if (si.Role == "platform_admin") != u.IsPlatformAdmin {
				t.Errorf("%s: platform admin %v, listed as %s", si.Login, u.IsPlatformAdmin, si.Role)
			}
			if !strings.Contains(out.String(), si.Login) {
				t.Errorf("printout lacks %s", si.Login)
			}
		}
	})
}

func TestCreditCode(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		// A published code: 91350100M000100Y43.
		if got, err := demo.CreditCode("91350100M000100Y4"); err != nil || got != "91350100M000100Y43" {
			t.Errorf("got %q, %v", got, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		for _, in := range []string{"", "9135010", "91350100M000100YO"} {
			if _, err := demo.CreditCode(in); err == nil {
				t.Errorf("%q: no error", in)
			}
		}
	})
}

func allianceOf(tb testing.TB, r *demo.Result) *domain.Organization {
	tb.Helper()
	for _, o := range r.Organizations {
		if o.Kind == domain.KindAlliance {
			return o
		}
	}
	tb.Fatal("no alliance seeded")
	return nil
}

func counts(tb testing.TB, db *postgres.DB) map[string]int {
	tb.Helper()
	out := map[string]int{}
	for _, table := range tables {
		var n int
		if err := db.SQL().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			tb.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// checkProjects checks the demo tenders: drafts and published projects,
// each published one open for bids with public answers that hide their
// askers.
func checkProjects(t *testing.T, s demo.Services, r *demo.Result) {
	t.Helper()
	ctx := context.Background()
	if len(r.Projects) != 7 {
		t.Fatalf("%d projects, want 7", len(r.Projects))
	}
	status := map[domain.ProjectStatus]int{}
	for _, p := range r.Projects {
		status[p.Status]++
		if p.Status != domain.StatusPublished {
			continue
		}
		if !p.Timeline.BidDeadline.After(time.Now().Add(10 * 24 * time.Hour)) {
			t.Errorf("%s: bid deadline %v is too soon", p.Title, p.Timeline.BidDeadline)
		}
		qs, err := s.Questions.FindQuestions(ctx, nil, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(qs) == 0 {
			t.Errorf("%s: no public questions", p.Title)
		}
		for _, q := range qs {
			if q.Status != domain.QuestionAnswered || q.Answer == "" || q.Mine {
				t.Errorf("%s: public question %+v", p.Title, q)
			}
		}
	}
	if status[domain.StatusPublished] != 2 || status[domain.StatusDraft] != 2 || status[domain.StatusOpened] != 1 ||
		status[domain.StatusAwarded] != 1 || status[domain.StatusInService] != 1 {
		t.Errorf("statuses %v, want 2 published, 2 drafts, and one each opened, awarded and in service", status)
	}
	checkHistory(t, s, r)
}

// open opens the test database, on clock when it is not nil.
func open(t *testing.T, dsn string, clock func() time.Time) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), dsn, postgres.Options{SecretKey: testkit.SecretKey, Logger: testkit.Logger(t), Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// checkHistory checks the past tenders: the awarded one still in its
// complaint window with a pending complaint, the one in service with its
// first payment released, and nothing stamped in the future.
func checkHistory(t *testing.T, s demo.Services, r *demo.Result) {
	t.Helper()
	ctx := context.Background()
	for _, p := range r.Projects {
		switch p.Status {
		case domain.StatusOpened:
			if open, err := s.History.Bids.FindOpening(ctx, nil, p.ID); err != nil || len(open) != 3 {
				t.Errorf("%s: opening %d bids, %v", p.Title, len(open), err)
			}
		case domain.StatusAwarded:
			a, err := s.History.Awards.FindAward(ctx, nil, p.ID)
			if err != nil || a.Status != domain.AwardPending || !a.ComplaintDeadline.After(time.Now()) {
				t.Errorf("%s: award %+v, %v", p.Title, a, err)
			}
		case domain.StatusInService:
			a, err := s.History.Awards.FindAward(ctx, nil, p.ID)
			if err != nil || a.ContractID == nil {
				t.Fatalf("%s: award %+v, %v", p.Title, a, err)
			}
			c, err := s.History.Contracts.FindContractByID(ctx, nil, *a.ContractID)
			if err != nil || c.Milestones[0].Status != domain.MilestoneReleased || c.Milestones[1].Status != domain.MilestonePending {
				t.Errorf("%s: contract %+v, %v", p.Title, c, err)
			}
			if c.Milestones[0].ReleasedAt.After(time.Now()) {
				t.Errorf("%s: released in the future at %s", p.Title, c.Milestones[0].ReleasedAt)
			}
		}
	}
}

// memBlobs is an in-memory blob store for the delivery photos.
func memBlobs(t *testing.T) *blobstore.Store {
	t.Helper()
	s, err := blobstore.Open(context.Background(), "mem://")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}
