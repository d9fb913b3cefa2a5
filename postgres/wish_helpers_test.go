package postgres_test

import (
	"context"
	"testing"

	"hutong/domain"
	"hutong/postgres"
	"hutong/search/searchtest"
)

// wishEnv is a database on 2026-03-01 (Beijing) with a station in 梁溪区,
// its child director, two staff members, a foundation licensed for public
// fundraising, an active programme of the station, and a stranger.
type wishEnv struct {
	*env
	programmes *postgres.ProgrammeService
	children   *postgres.ChildService
	wishes     *postgres.WishService
	station    *domain.Organization
	host       *domain.Organization
	owner      *domain.Actor
	director   *domain.Actor
	staffA     *domain.Actor
	staffB     *domain.Actor
	hostOwner  *domain.Actor
	stranger   *domain.Actor
	programme  *domain.Programme
}

func newWishEnv(tb testing.TB) *wishEnv {
	tb.Helper()
	base := newEnv(tb)
	e := servicesOnClock(tb, base, &clock{t: shanghai(2026, 3, 1, 10).UTC()})
	we := &wishEnv{env: e, programmes: postgres.NewProgrammeService(e.db), children: postgres.NewChildService(e.db),
		wishes: postgres.NewWishService(e.db)}
	ctx := context.Background()
	we.owner = e.actor(tb, e.register(tb, "StationOwner"))
	we.station = e.createOrg(tb, we.owner, domain.KindStation, "梁溪区未保站", "320213")
	we.owner = e.actor(tb, we.owner.User)
	we.director = we.member(tb, "Director", domain.RoleChildDirector)
	we.staffA = we.member(tb, "StaffA", domain.RoleStaff)
	we.staffB = we.member(tb, "StaffB", domain.RoleStaff)
	we.owner = e.actor(tb, we.owner.User)
	we.hostOwner = e.actor(tb, e.register(tb, "HostOwner"))
	in := orgInput(domain.KindFoundation, "无锡慈善基金会", "320200")
	in.PublicFundraising = true
	host, err := e.orgs.CreateOrganization(ctx, we.hostOwner, in)
	must(tb, err)
	we.host, we.hostOwner = host, e.actor(tb, we.hostOwner.User)
	we.stranger = e.actor(tb, e.register(tb, "Stranger"))
	p, err := we.programmes.CreateProgramme(ctx, we.staffA, we.station.ID, domain.ProgrammeInput{
		Title: "113微心愿", Description: "为困境儿童圆一个小小的心愿。", RegionCode: "320213",
		StartsOn: domain.NewDate(2026, 1, 1), EndsOn: domain.NewDate(2026, 12, 31), GoalFen: 10_000_000,
	})
	must(tb, err)
	we.programme, err = we.programmes.ActivateProgramme(ctx, we.staffA, p.ID)
	must(tb, err)
	return we
}

// member adds a user with roles to the station and returns their actor.
func (e *wishEnv) member(tb testing.TB, name string, roles ...domain.Role) *domain.Actor {
	tb.Helper()
	u := e.register(tb, name)
	_, err := e.members.AddMember(context.Background(), e.owner, e.station.ID, domain.MemberInput{UserID: u.ID, Roles: roles})
	must(tb, err)
	return e.actor(tb, u)
}

// canaryChild registers the canary child (searchtest's real name and
// ID-card number) with a consent whose evidence names its school and
// address.
func (e *wishEnv) canaryChild(tb testing.TB, consent bool) *domain.Child {
	tb.Helper()
	ctx := context.Background()
	c, err := e.children.RegisterChild(ctx, e.director, e.station.ID, domain.ChildInput{
		Pseudonym: "小明", AgeBand: "10-12", Gender: "male", FileRef: "LX-2026-001",
		IDCardNumber: searchtest.CanaryIDCard, RealName: searchtest.CanaryChildName,
	})
	must(tb, err)
	if consent {
		_, err = e.children.RecordConsent(ctx, e.director, c.ID, domain.ConsentInput{
			GuardianName: "张大伟", Relation: "父亲", ConsentedOn: domain.NewDate(2026, 2, 20),
			Scope: []string{"wish_publication", "story"}, Evidence: canaryEvidence,
		})
		must(tb, err)
		c, err = e.children.FindChildByID(ctx, e.director, c.ID)
		must(tb, err)
	}
	return c
}

// Canary values of the child beyond searchtest's: a school and a home.
const (
	canarySchool   = "扬名金丝雀小学"
	canaryAddress  = "清扬路7号"
	canaryEvidence = "同意书原件存档，孩子就读" + canarySchool + "，家住" + canaryAddress + "，联系" + searchtest.CanaryPhone
)

// wishInput is a valid goods wish for child.
func wishInput(child *domain.Child) domain.WishInput {
	return domain.WishInput{
		ChildID: child.ID, Kind: domain.WishGoods, Title: "一个新书包",
		Story: "小明今年十一岁，喜欢读书，旧书包已经破了，想要一个结实的新书包。", Category: "school_supplies",
		AmountFen: 15_000, Quantity: 1, Deadline: domain.NewDate(2026, 6, 1),
	}
}

// publishedWish creates, submits (as staffA) and publishes (as staffB) a
// wish.
func (e *wishEnv) publishedWish(tb testing.TB, child *domain.Child) *domain.Wish {
	tb.Helper()
	ctx := context.Background()
	w, err := e.wishes.CreateWish(ctx, e.staffA, e.programme.ID, wishInput(child))
	must(tb, err)
	_, err = e.wishes.SubmitWish(ctx, e.staffA, w.ID)
	must(tb, err)
	w, err = e.wishes.ReviewWish(ctx, e.staffB, w.ID, true, "")
	must(tb, err)
	return w
}
