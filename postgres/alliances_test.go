package postgres_test

import (
	"context"
	"testing"

	"hutong/domain"
)

func TestAlliances(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	boss := e.actor(t, e.register(t, "Boss"))
	alliance := e.createOrg(t, boss, domain.KindAlliance, "无锡市儿童关爱联盟", "320200")
	memberOwner := e.actor(t, e.register(t, "Member"))
	member := e.createOrg(t, memberOwner, domain.KindSocialOrg, "禾雨社会服务中心", "320213")
	outsider := e.actor(t, e.register(t, "Outsider"))
	other := e.createOrg(t, outsider, domain.KindStation, "梁溪区未保站", "320213")
	otherAlliance := e.createOrg(t, outsider, domain.KindAlliance, "另一个联盟", "320200")
	boss, memberOwner, outsider = e.actor(t, boss.User), e.actor(t, memberOwner.User), e.actor(t, outsider.User)

	t.Run("InviteOK", func(t *testing.T) {
		m, err := e.alliance.InviteToAlliance(ctx, boss, alliance.ID, member.ID)
		must(t, err)
		if m.Status != domain.AllianceInvited || m.Organization.ID != member.ID || m.ConfirmedAt != nil {
			t.Fatalf("member = %+v", m)
		}
		ns := e.notifications(t, memberOwner.User.ID)
		if ns[0].Kind != domain.NotifyAllianceInvited || ns[0].Params["alliance"] != alliance.Name || ns[0].Link != "/org/"+member.ID.String()+"/alliances" {
			t.Fatalf("notification = %+v", ns[0])
		}
	})

	t.Run("ErrInvite", func(t *testing.T) {
		_, err := e.alliance.InviteToAlliance(ctx, boss, alliance.ID, member.ID)
		wantCode(t, err, domain.ECONFLICT)
		_, err = e.alliance.InviteToAlliance(ctx, outsider, alliance.ID, other.ID)
		wantCode(t, err, domain.EFORBIDDEN)
		_, err = e.alliance.InviteToAlliance(ctx, memberOwner, member.ID, other.ID)
		wantCode(t, err, domain.ECONFLICT) // not an alliance
		_, err = e.alliance.InviteToAlliance(ctx, boss, alliance.ID, otherAlliance.ID)
		wantField(t, err, domain.EINVALID, "organization_id")
		_, err = e.alliance.InviteToAlliance(ctx, boss, alliance.ID, domain.NewID())
		wantField(t, err, domain.EINVALID, "organization_id")
		_, err = e.alliance.InviteToAlliance(ctx, boss, domain.NewID(), other.ID)
		wantCode(t, err, domain.ENOTFOUND)
	})

	t.Run("InvitedIsNotPublic", func(t *testing.T) {
		ms, err := e.alliance.FindAllianceMembers(ctx, nil, alliance.ID, false)
		must(t, err)
		if len(ms) != 0 {
			t.Fatalf("public members = %+v", ms)
		}
		_, err = e.alliance.FindAllianceMembers(ctx, outsider, alliance.ID, true)
		wantCode(t, err, domain.EFORBIDDEN)
		_, err = e.alliance.FindAllianceMembers(ctx, memberOwner, alliance.ID, true)
		wantCode(t, err, domain.EFORBIDDEN)
		ms, err = e.alliance.FindAllianceMembers(ctx, boss, alliance.ID, true)
		must(t, err)
		if len(ms) != 1 || ms[0].Status != domain.AllianceInvited || ms[0].Organization.RegionName != "梁溪区" {
			t.Fatalf("members = %+v", ms)
		}
	})

	t.Run("ErrConfirmByAlliance", func(t *testing.T) {
		// The alliance cannot confirm on the member's behalf.
		_, err := e.alliance.ConfirmAllianceMembership(ctx, boss, alliance.ID, member.ID)
		wantCode(t, err, domain.EFORBIDDEN)
		_, err = e.alliance.ConfirmAllianceMembership(ctx, outsider, alliance.ID, other.ID)
		wantCode(t, err, domain.ENOTFOUND)
	})

	t.Run("ConfirmOK", func(t *testing.T) {
		m, err := e.alliance.ConfirmAllianceMembership(ctx, memberOwner, alliance.ID, member.ID)
		must(t, err)
		if m.Status != domain.AllianceConfirmed || m.ConfirmedAt == nil || !m.ConfirmedAt.Equal(e.clock.Now()) {
			t.Fatalf("member = %+v", m)
		}
		_, err = e.alliance.ConfirmAllianceMembership(ctx, memberOwner, alliance.ID, member.ID)
		wantCode(t, err, domain.ECONFLICT)
		ms, err := e.alliance.FindAllianceMembers(ctx, nil, alliance.ID, false)
		must(t, err)
		if len(ms) != 1 || ms[0].Organization.ID != member.ID {
			t.Fatalf("public members = %+v", ms)
		}
	})

	t.Run("Leave", func(t *testing.T) {
		wantCode(t, e.alliance.LeaveAlliance(ctx, outsider, alliance.ID, member.ID), domain.EFORBIDDEN)
		must(t, e.alliance.LeaveAlliance(ctx, memberOwner, alliance.ID, member.ID))
		wantCode(t, e.alliance.LeaveAlliance(ctx, memberOwner, alliance.ID, member.ID), domain.ENOTFOUND)
		// The alliance side may end a membership too.
		_, err := e.alliance.InviteToAlliance(ctx, boss, alliance.ID, other.ID)
		must(t, err)
		must(t, e.alliance.LeaveAlliance(ctx, boss, alliance.ID, other.ID))
		ms, err := e.alliance.FindAllianceMembers(ctx, boss, alliance.ID, true)
		must(t, err)
		if len(ms) != 0 {
			t.Fatalf("members = %+v", ms)
		}
		for action, want := range map[string]int{"alliance.invited": 2, "alliance.confirmed": 1, "alliance.left": 2} {
			if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = $1`, action); n != want {
				t.Fatalf("%s audit rows = %d, want %d", action, n, want)
			}
		}
	})
}
