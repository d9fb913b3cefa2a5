package postgres_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
)

func TestMemberAlliances(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	boss := e.actor(t, e.register(t, "Boss"))
	joined := e.createOrg(t, boss, domain.KindAlliance, "无锡市儿童关爱联盟", "320200")
	pending := e.createOrg(t, boss, domain.KindAlliance, "梁溪区社工联盟", "320213")
	owner := e.actor(t, e.register(t, "Owner"))
	org := e.createOrg(t, owner, domain.KindSocialOrg, "禾雨社会服务中心", "320213")
	lonely := e.createOrg(t, owner, domain.KindStation, "梁溪区未保站", "320213")
	boss, owner = e.actor(t, boss.User), e.actor(t, owner.User)
	for _, a := range []*domain.Organization{joined, pending} {
		_, err := e.alliance.InviteToAlliance(ctx, boss, a.ID, org.ID)
		must(t, err)
	}
	_, err := e.alliance.ConfirmAllianceMembership(ctx, owner, joined.ID, org.ID)
	must(t, err)

	t.Run("ConfirmedOnly", func(t *testing.T) {
		t.Parallel()
		ms, err := e.alliance.FindMemberAlliances(ctx, org.ID)
		must(t, err)
		if len(ms) != 1 {
			t.Fatalf("alliances = %+v, want only the confirmed one", ms)
		}
		m := ms[0]
		if m.AllianceID != joined.ID || m.Status != domain.AllianceConfirmed || m.ConfirmedAt == nil ||
			!m.ConfirmedAt.Equal(e.clock.Now()) {
			t.Fatalf("membership = %+v", m)
		}
		a := m.Organization
		if a == nil || a.ID != joined.ID || a.Name != joined.Name || a.Kind != domain.KindAlliance || a.RegionName != "无锡市" {
			t.Fatalf("alliance = %+v, want %s with its region's name", a, joined.Name)
		}
	})
	t.Run("NoneForOthers", func(t *testing.T) {
		t.Parallel()
		for _, id := range []uuid.UUID{lonely.ID, domain.NewID()} {
			ms, err := e.alliance.FindMemberAlliances(ctx, id)
			must(t, err)
			if len(ms) != 0 {
				t.Fatalf("alliances of %s = %+v, want none", id, ms)
			}
		}
	})
	t.Run("InvitationsForTheOrgsManagers", func(t *testing.T) {
		t.Parallel()
		ms, err := e.alliance.FindAllianceInvitations(ctx, owner, org.ID)
		must(t, err)
		if len(ms) != 1 || ms[0].AllianceID != pending.ID || ms[0].Organization.Name != pending.Name ||
			ms[0].Status != domain.AllianceInvited || ms[0].ConfirmedAt != nil {
			t.Fatalf("invitations = %+v, want the one from %s", ms, pending.Name)
		}
		ms, err = e.alliance.FindAllianceInvitations(ctx, owner, lonely.ID)
		must(t, err)
		if len(ms) != 0 {
			t.Fatalf("invitations of an uninvited org = %+v", ms)
		}
	})
	t.Run("ErrInvitations", func(t *testing.T) {
		t.Parallel()
		_, err := e.alliance.FindAllianceInvitations(ctx, boss, org.ID)
		wantCode(t, err, domain.EFORBIDDEN) // the inviting side sees them on its own list
		_, err = e.alliance.FindAllianceInvitations(ctx, nil, org.ID)
		wantCode(t, err, domain.EUNAUTHORIZED)
		_, err = e.alliance.FindAllianceInvitations(ctx, owner, domain.NewID())
		wantCode(t, err, domain.ENOTFOUND)
	})
}

func TestMemberAlliancesAfterLeaving(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	boss := e.actor(t, e.register(t, "Boss"))
	alliance := e.createOrg(t, boss, domain.KindAlliance, "无锡市儿童关爱联盟", "320200")
	owner := e.actor(t, e.register(t, "Owner"))
	org := e.createOrg(t, owner, domain.KindSocialOrg, "禾雨社会服务中心", "320213")
	boss, owner = e.actor(t, boss.User), e.actor(t, owner.User)
	_, err := e.alliance.InviteToAlliance(ctx, boss, alliance.ID, org.ID)
	must(t, err)
	_, err = e.alliance.ConfirmAllianceMembership(ctx, owner, alliance.ID, org.ID)
	must(t, err)
	must(t, e.alliance.LeaveAlliance(ctx, owner, alliance.ID, org.ID))
	ms, err := e.alliance.FindMemberAlliances(ctx, org.ID)
	must(t, err)
	if len(ms) != 0 {
		t.Fatalf("alliances after leaving = %+v, want none", ms)
	}
}
