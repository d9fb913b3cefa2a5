package search_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"hutong/domain"
	"hutong/internal/demo"
	"hutong/internal/testkit"
	"hutong/postgres"
	"hutong/search"
	"hutong/search/searchtest"
)

// Canary details of the child beyond searchtest's: its school, home
// address and guardian.
const (
	canaryChildSchool  = "扬名金丝雀小学"
	canaryChildAddress = "清扬路77号"
	canaryGuardian     = "张金丝雀"
)

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestWishSourceCarriesNoChildCanaries registers the canary child (real
// name, ID number, school, address and guardian in the record and its
// consent), tries each of them in a wish's story, publishes a clean wish
// and rebuilds the wish and programme indexes through a Recorder: no
// canary reaches a document or a log line.
func TestWishSourceCarriesNoChildCanaries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	logs := &syncBuffer{}
	db, err := postgres.Open(ctx, testkit.DSN(t), postgres.Options{SecretKey: testkit.SecretKey,
		Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	f := newWishFixture(t, db)
	programmes, wishes := postgres.NewProgrammeService(db), postgres.NewWishService(db)

	for _, leak := range []string{searchtest.CanaryChildName, searchtest.CanaryIDCard, canaryChildSchool, canaryChildAddress, searchtest.CanaryPhone} {
		in := f.wish()
		in.Story = "孩子的情况：" + leak + "，想要一个新书包。"
		w, err := wishes.CreateWish(ctx, f.writer, f.programme.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := wishes.SubmitWish(ctx, f.writer, w.ID); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("a story with a canary was submitted: %v", err)
		}
	}
	published := f.publish(t, wishes)

	rec := searchtest.NewRecorder(nil)
	for _, src := range []search.Source{search.WishSource(wishes), search.ProgrammeSource(programmes)} {
		if n, err := search.Reindex(ctx, rec, src, nil); err != nil || n != 1 {
			t.Fatalf("%s: reindexed %d, %v; want 1", src.Type.Name, n, err)
		}
	}
	docs := rec.Documents()
	if docs[0].ID != published.ID.String() || docs[0].Fields["pseudonym"] != "小明" || docs[0].Fields["age_band"] != "10-12" {
		t.Fatalf("wish document = %+v", docs[0])
	}
	canaries := append(searchtest.Canaries(), canaryChildSchool, canaryChildAddress, canaryGuardian, f.child.ID.String())
	rec.AssertNoCanaries(t, canaries...)
	for _, c := range canaries[:len(canaries)-1] {
		if strings.Contains(logs.String(), c) {
			t.Errorf("canary %q in the log", c)
		}
	}
}

// wishFixture is a station with a child director and two staff, the
// canary child with consent, and an active programme around today.
type wishFixture struct {
	writer, reviewer *domain.Actor
	child            *domain.Child
	programme        *domain.Programme
}

func newWishFixture(t *testing.T, db *postgres.DB) *wishFixture {
	t.Helper()
	ctx := context.Background()
	users, members := postgres.NewUserService(db), postgres.NewMemberService(db)
	actor := func(name string) *domain.Actor {
		u, err := users.Register(ctx, domain.RegisterInput{Email: name + "@hutong.test", Password: "correct horse battery", DisplayName: name})
		if err != nil {
			t.Fatal(err)
		}
		ms, _ := members.FindMemberships(ctx, u.ID)
		return &domain.Actor{User: u, Memberships: ms}
	}
	owner := actor("owner")
	code, err := demo.CreditCode("52320213MJ0000001")
	if err != nil {
		t.Fatal(err)
	}
	station, err := postgres.NewOrganizationService(db).CreateOrganization(ctx, owner, domain.OrganizationInput{
		Kind: domain.KindStation, Name: "梁溪区未保站", CreditCode: code, RegionCode: "320213"})
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := members.FindMemberships(ctx, owner.User.ID)
	owner.Memberships = ms
	add := func(name string, role domain.Role) *domain.Actor {
		a := actor(name)
		if _, err := members.AddMember(ctx, owner, station.ID, domain.MemberInput{UserID: a.User.ID, Roles: []domain.Role{role}}); err != nil {
			t.Fatal(err)
		}
		a.Memberships, _ = members.FindMemberships(ctx, a.User.ID)
		return a
	}
	director := add("director", domain.RoleChildDirector)
	f := &wishFixture{writer: add("writer", domain.RoleStaff), reviewer: add("reviewer", domain.RoleStaff)}
	children, programmes := postgres.NewChildService(db), postgres.NewProgrammeService(db)
	f.child, err = children.RegisterChild(ctx, director, station.ID, domain.ChildInput{Pseudonym: "小明", AgeBand: "10-12",
		FileRef: "LX-001", IDCardNumber: searchtest.CanaryIDCard, RealName: searchtest.CanaryChildName})
	if err != nil {
		t.Fatal(err)
	}
	_, err = children.RecordConsent(ctx, director, f.child.ID, domain.ConsentInput{GuardianName: canaryGuardian, Relation: "父亲",
		ConsentedOn: domain.DateOf(time.Now()).AddDays(-1), Scope: []string{"wish_publication"},
		Evidence: fmt.Sprintf("就读%s，家住%s，电话%s", canaryChildSchool, canaryChildAddress, searchtest.CanaryPhone)})
	if err != nil {
		t.Fatal(err)
	}
	today := domain.DateOf(time.Now())
	p, err := programmes.CreateProgramme(ctx, f.writer, station.ID, domain.ProgrammeInput{Title: "113微心愿",
		RegionCode: "320213", StartsOn: today.AddDays(-30), EndsOn: today.AddDays(300), GoalFen: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	if f.programme, err = programmes.ActivateProgramme(ctx, f.writer, p.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

// wish is a clean goods wish for the canary child.
func (f *wishFixture) wish() domain.WishInput {
	return domain.WishInput{ChildID: f.child.ID, Kind: domain.WishGoods, Title: "一个新书包",
		Story: "小明喜欢读书，旧书包已经破了，想要一个结实的新书包。", Category: "school_supplies",
		AmountFen: 15_000, Quantity: 1, Deadline: domain.DateOf(time.Now()).AddDays(60)}
}

// publish writes, submits and has the second person publish a clean wish.
func (f *wishFixture) publish(t *testing.T, wishes *postgres.WishService) *domain.Wish {
	t.Helper()
	ctx := context.Background()
	w, err := wishes.CreateWish(ctx, f.writer, f.programme.ID, f.wish())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wishes.SubmitWish(ctx, f.writer, w.ID); err != nil {
		t.Fatal(err)
	}
	if w, err = wishes.ReviewWish(ctx, f.reviewer, w.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	return w
}
