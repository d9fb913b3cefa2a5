package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"hutong/domain"
	"hutong/internal/i18n"
	"hutong/internal/testkit"
	"hutong/jobs"
	"hutong/postgres"
	"hutong/search"
	"hutong/search/searchtest"
)

// TestSearchDocumentsCarryNoCanaries seeds an organisation whose owner,
// member and contact details are canaries, lets the real River workers
// index it as its changes commit, rebuilds the index as `hutong reindex`
// does, and checks that no canary reached any document.
func TestSearchDocumentsCarryNoCanaries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := testkit.DSN(t)
	db, err := postgres.Open(ctx, dsn, postgres.Options{SecretKey: testkit.SecretKey, Logger: testkit.Logger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	rec := searchtest.NewRecorder(openBleve(t))
	src := orgSource(t, db)
	startWorkers(t, dsn, db, rec, src)

	staffEmail, staffPhone, staffName := "li.canary@hutong.test", "13912345678", "李秘密"
	org := seedCanaryOrganization(t, db, staffEmail, staffPhone, staffName)
	waitIndexed(t, db)
	if len(rec.Documents()) == 0 {
		t.Fatal("the workers wrote no document")
	}
	if _, err := search.Reindex(ctx, rec, src, nil); err != nil {
		t.Fatal(err)
	}

	var indexed bool
	for _, d := range rec.Documents() {
		indexed = indexed || d.ID == org.ID.String() && d.Fields["name"] == org.Name
	}
	if !indexed {
		t.Fatalf("the organisation was never indexed; %d documents recorded", len(rec.Documents()))
	}
	rec.AssertNoCanaries(t, append(searchtest.Canaries(), staffEmail, staffPhone, staffName)...)
}

// startWorkers runs River with the real workers, writing to idx, until
// the test ends.
func startWorkers(t *testing.T, dsn string, db *postgres.DB, idx search.Index, src search.Source) {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	deps := jobs.Deps{
		Notifications: postgres.NewNotificationService(db), I18n: bundle, BaseURL: "https://hutong.test",
		Logger: testkit.Logger(t), Search: idx, SearchSources: []search.Source{src},
		Synonyms: postgres.NewSynonymService(db),
	}
	client, err := jobs.NewClient(pool, jobs.NewWorkers(deps), deps, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = client.Stop(ctx)
	})
}

// seedCanaryOrganization creates a verified organisation whose owner (a
// canary name, email and phone), staff member and contact details are all
// canaries, and edits it once more.
func seedCanaryOrganization(t *testing.T, db *postgres.DB, staffEmail, staffPhone, staffName string) *domain.Organization {
	t.Helper()
	ctx := context.Background()
	users, orgs, members := postgres.NewUserService(db), postgres.NewOrganizationService(db), postgres.NewMemberService(db)
	register := func(email, phone, name string) *domain.User {
		u, err := users.Register(ctx, domain.RegisterInput{Email: email, Phone: phone, DisplayName: name, Password: "correct horse battery"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	owner := &domain.Actor{User: register(searchtest.CanaryEmail, searchtest.CanaryPhone, searchtest.CanaryChildName)}
	register(staffEmail, staffPhone, staffName)
	admin, err := users.CreatePlatformAdmin(ctx, domain.RegisterInput{Email: "admin@hutong.test", Password: "correct horse battery", DisplayName: "管理员"})
	if err != nil {
		t.Fatal(err)
	}
	in := domain.OrganizationInput{
		Kind: domain.KindSocialOrg, Name: "梁溪区阳光社工事务所", CreditCode: creditCode(), RegionCode: "320213",
		ServiceAreas: []string{"psychological", "left_behind"}, Rating: "4A",
		Description: "为农村留守儿童提供心理疏导和课业辅导。", Website: "https://sunshine.example.org",
		ContactEmail: searchtest.CanaryEmail, ContactPhone: "+86 138-0013-8000",
	}
	org, err := orgs.CreateOrganization(ctx, owner, in)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := members.FindMemberships(ctx, owner.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	owner.Memberships = ms
	member := domain.MemberInput{Login: staffEmail, Roles: []domain.Role{domain.RoleStaff, domain.RoleChildDirector}}
	if _, err := members.AddMember(ctx, owner, org.ID, member); err != nil {
		t.Fatal(err)
	}
	if _, err := orgs.VerifyOrganization(ctx, &domain.Actor{User: admin}, org.ID, domain.VerificationVerified, "联系人"+searchtest.CanaryChildName); err != nil {
		t.Fatal(err)
	}
	in.ContactPhone = staffPhone
	if org, err = orgs.UpdateOrganization(ctx, owner, org.ID, in); err != nil {
		t.Fatal(err)
	}
	return org
}

// waitIndexed waits until every search_index job has been worked.
func waitIndexed(t *testing.T, db *postgres.DB) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var pending, done int
		err := db.SQL().QueryRow(`SELECT count(*) FILTER (WHERE state <> 'completed'), count(*) FILTER (WHERE state = 'completed')
			FROM river_job WHERE kind = 'search_index'`).Scan(&pending, &done)
		if err != nil {
			t.Fatal(err)
		}
		if pending == 0 && done > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d search_index jobs still not worked", pending)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// failures is a testing.TB that keeps what would have failed the test.
type failures struct {
	testing.TB
	msgs []string
}

func (f *failures) Helper() {}

func (f *failures) Errorf(format string, args ...any) {
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}

// TestCanaryGuardCatches proves the guard can fail: each canary planted in
// a different place of a document is reported.
func TestCanaryGuardCatches(t *testing.T) {
	t.Parallel()
	doc := func(id string, fields map[string]any) search.Document {
		return search.Document{ID: id, Version: 1, Fields: fields}
	}
	type bid struct{ Content string }
	for name, tc := range map[string]struct {
		docs []search.Document
		want string // part of the failure, "" for none
	}{
		"PhoneWithDashes": {[]search.Document{doc("a", map[string]any{"description": "电话 138-0013-8000"})}, searchtest.CanaryPhone},
		"PhoneCompact":    {[]search.Document{doc("a", map[string]any{"description": "请拨打13800138000"})}, searchtest.CanaryPhone},
		"EmailUpperCase":  {[]search.Document{doc("a", map[string]any{"name": strings.ToUpper(searchtest.CanaryEmail)})}, searchtest.CanaryEmail},
		"IDCardInID":      {[]search.Document{doc("320213 20150307 123x", nil)}, searchtest.CanaryIDCard},
		"NameInList":      {[]search.Document{doc("a", map[string]any{"tags": []string{"志愿者", "张小明"}})}, searchtest.CanaryChildName},
		"BidInOtherValue": {[]search.Document{doc("a", map[string]any{"meta": bid{searchtest.CanaryBid}})}, searchtest.CanaryBid},
		"SecondDocument":  {[]search.Document{doc("a", nil), doc("b", map[string]any{"x": []any{1, searchtest.CanaryBid}})}, searchtest.CanaryBid},
		"NothingRecorded": {nil, "no document was indexed"},
		"CleanPasses":     {[]search.Document{doc("a", map[string]any{"name": "阳光社工", "rating_level": int64(4)})}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := searchtest.NewRecorder(nil)
			if err := rec.Upsert(context.Background(), search.Organizations, tc.docs...); err != nil {
				t.Fatal(err)
			}
			f := &failures{TB: t}
			rec.AssertNoCanaries(f)
			switch {
			case tc.want == "" && len(f.msgs) > 0:
				t.Fatalf("a clean document failed: %v", f.msgs)
			case tc.want != "" && (len(f.msgs) == 0 || !strings.Contains(strings.Join(f.msgs, "\n"), tc.want)):
				t.Fatalf("failures %v, want one about %q", f.msgs, tc.want)
			}
		})
	}
	t.Run("IDCardCheckCharacterValid", func(t *testing.T) {
		t.Parallel()
		id := searchtest.CanaryIDCard
		weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
		sum := 0
		for i, w := range weights {
			sum += int(id[i]-'0') * w
		}
		if len(id) != 18 || "10X98765432"[sum%11] != id[17] {
			t.Fatalf("%s has no valid GB 11643 check character", id)
		}
	})
}
