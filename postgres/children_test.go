package postgres_test

import (
	"context"
	"strings"
	"testing"

	"hutong/domain"
	"hutong/search/searchtest"
)

func TestChildrenAreForChildDirectorsOnly(t *testing.T) {
	t.Parallel()
	e := newWishEnv(t)
	ctx := context.Background()
	child := e.canaryChild(t, true)
	if child.Pseudonym != "小明" || len(child.Consents) != 1 || child.PossibleDuplicate {
		t.Fatalf("registered child = %+v", child)
	}
	t.Run("the director sees the record and its consent", func(t *testing.T) {
		t.Parallel()
		got, err := e.children.FindChildByID(ctx, e.director, child.ID)
		must(t, err)
		if len(got.Consents) != 1 || got.Consents[0].GuardianName != "张大伟" || !got.ConsentInForce("wish_publication") {
			t.Fatalf("child = %+v", got)
		}
		list, _, err := e.children.FindChildren(ctx, e.director, e.station.ID, domain.Page{})
		must(t, err)
		if len(list) != 1 || list[0].ID != child.ID {
			t.Fatalf("children = %+v", list)
		}
	})
	for name, a := range map[string]*domain.Actor{
		"staff": e.staffA, "owner": e.owner, "stranger": e.stranger, "anonymous": nil, "platform admin": e.admin(t),
	} {
		t.Run(name+" gets not found", func(t *testing.T) {
			t.Parallel()
			_, err := e.children.FindChildByID(ctx, a, child.ID)
			wantCode(t, err, domain.ENOTFOUND)
			_, _, err = e.children.FindChildren(ctx, a, e.station.ID, domain.Page{})
			wantCode(t, err, domain.ENOTFOUND)
			_, err = e.children.RecordConsent(ctx, a, child.ID, domain.ConsentInput{})
			wantCode(t, err, domain.ENOTFOUND)
			_, err = e.children.RegisterChild(ctx, a, e.station.ID, domain.ChildInput{
				Pseudonym: "小华", AgeBand: "7-9", RealName: "李小华"})
			wantCode(t, err, domain.ENOTFOUND)
		})
	}
	t.Run("the real name and ID number are stored nowhere", func(t *testing.T) {
		t.Parallel()
		for _, v := range []string{searchtest.CanaryChildName, searchtest.CanaryIDCard} {
			if n := e.count(t, `SELECT count(*) FROM children WHERE row_to_json(children)::text LIKE '%' || $1 || '%'`, v); n != 0 {
				t.Errorf("children row holds a canary")
			}
			if n := e.count(t, `SELECT count(*) FROM audit_log WHERE data::text LIKE '%' || $1 || '%'`, v); n != 0 {
				t.Errorf("audit log holds a canary")
			}
		}
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE data::text LIKE '%' || $1 || '%'`, "张大伟"); n != 0 {
			t.Errorf("audit log holds the guardian's name")
		}
	})
}

func TestDuplicateChildAcrossStations(t *testing.T) {
	t.Parallel()
	e := newWishEnv(t)
	ctx := context.Background()
	first := e.canaryChild(t, false)
	owner := e.actor(t, e.register(t, "OtherOwner"))
	other := e.createOrg(t, owner, domain.KindStation, "滨湖区未保站", "320211")
	u := e.register(t, "OtherDirector")
	_, err := e.members.AddMember(ctx, e.actor(t, owner.User), other.ID, domain.MemberInput{UserID: u.ID, Roles: []domain.Role{domain.RoleChildDirector}})
	must(t, err)
	director := e.actor(t, u)
	register := func(id string) *domain.Child {
		c, err := e.children.RegisterChild(ctx, director, other.ID, domain.ChildInput{
			Pseudonym: "阳阳", AgeBand: "10-12", IDCardNumber: id, RealName: "张 小明"})
		must(t, err)
		return c
	}
	t.Run("the same ID number is flagged on both records", func(t *testing.T) {
		second := register(strings.ToLower(searchtest.CanaryIDCard))
		if !second.PossibleDuplicate {
			t.Fatal("second record not flagged")
		}
		again, err := e.children.FindChildByID(ctx, e.director, first.ID)
		must(t, err)
		if !again.PossibleDuplicate {
			t.Fatal("first record not flagged")
		}
	})
	t.Run("another ID number is not flagged", func(t *testing.T) {
		if c := register("11010519491231002X"); c.PossibleDuplicate {
			t.Fatal("a different child is flagged")
		}
	})
	t.Run("a bad ID number is refused", func(t *testing.T) {
		_, err := e.children.RegisterChild(ctx, director, other.ID, domain.ChildInput{
			Pseudonym: "阳阳", AgeBand: "10-12", IDCardNumber: "320213201503071231", RealName: "张小明"})
		wantField(t, err, domain.EINVALID, "id_card_number")
	})
}
