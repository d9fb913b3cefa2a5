package postgres_test

import (
	"context"
	"testing"

	"hutong/domain"
)

func TestMembers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	alice := e.actor(t, e.register(t, "Alice"))
	orgA := e.createOrg(t, alice, domain.KindSocialOrg, "甲机构", "320213")
	bob := e.actor(t, e.register(t, "Bob"))
	orgB := e.createOrg(t, bob, domain.KindStation, "乙未保站", "320205")
	alice, bob = e.actor(t, alice.User), e.actor(t, bob.User)
	staff := e.register(t, "Staff")
	admin := e.register(t, "Admin")
	roles := func(rs ...domain.Role) []domain.Role { return rs }

	t.Run("AddOK", func(t *testing.T) {
		m, err := e.members.AddMember(ctx, alice, orgA.ID, domain.MemberInput{Login: staff.Email, Roles: roles(domain.RoleStaff, domain.RoleStaff)})
		must(t, err)
		if m.UserID != staff.ID || m.Email != staff.Email || len(m.Roles) != 1 {
			t.Fatalf("member = %+v", m)
		}
		ns := e.notifications(t, staff.ID)
		if ns[0].Kind != domain.NotifyMemberAdded || ns[0].Params["org"] != "甲机构" || ns[0].Params["roles"] != "staff" {
			t.Fatalf("notification = %+v", ns[0])
		}
		_, err = e.members.AddMember(ctx, alice, orgA.ID, domain.MemberInput{Login: admin.Email, Roles: roles(domain.RoleAdmin)})
		must(t, err)
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'member.added' AND organization_id = $1`, orgA.ID); n != 2 {
			t.Fatalf("audit rows = %d", n)
		}
	})

	t.Run("ErrUnknownLogin", func(t *testing.T) {
		_, err := e.members.AddMember(ctx, alice, orgA.ID, domain.MemberInput{Login: "nobody@example.org", Roles: roles(domain.RoleStaff)})
		wantField(t, err, domain.EINVALID, "login")
	})

	t.Run("ErrAlreadyMember", func(t *testing.T) {
		_, err := e.members.AddMember(ctx, alice, orgA.ID, domain.MemberInput{Login: staff.Email, Roles: roles(domain.RoleAdmin)})
		wantCode(t, err, domain.ECONFLICT)
	})

	t.Run("ErrBadRoles", func(t *testing.T) {
		_, err := e.members.AddMember(ctx, alice, orgA.ID, domain.MemberInput{Login: bob.User.Email, Roles: roles("king")})
		wantField(t, err, domain.EINVALID, "roles")
	})

	t.Run("FindMembersOK", func(t *testing.T) {
		for _, a := range []*domain.Actor{alice, e.actor(t, admin)} {
			ms, err := e.members.FindMembers(ctx, a, orgA.ID)
			must(t, err)
			if len(ms) != 3 || ms[0].UserID != alice.User.ID || ms[1].Email != staff.Email {
				t.Fatalf("members = %+v", ms)
			}
		}
	})

	t.Run("ErrOtherOrganization", func(t *testing.T) {
		// A member of org A can neither read org B's members and their
		// contacts nor change them.
		_, err := e.members.FindMembers(ctx, alice, orgB.ID)
		wantCode(t, err, domain.EFORBIDDEN)
		_, err = e.members.AddMember(ctx, alice, orgB.ID, domain.MemberInput{Login: staff.Email, Roles: roles(domain.RoleAdmin)})
		wantCode(t, err, domain.EFORBIDDEN)
		_, err = e.members.UpdateMember(ctx, alice, orgB.ID, domain.MemberInput{UserID: bob.User.ID, Roles: roles(domain.RoleStaff)})
		wantCode(t, err, domain.EFORBIDDEN)
		wantCode(t, e.members.RemoveMember(ctx, alice, orgB.ID, bob.User.ID), domain.EFORBIDDEN)
		_, err = e.members.FindMembers(ctx, nil, orgB.ID)
		wantCode(t, err, domain.EUNAUTHORIZED)
		_, err = e.members.FindMembers(ctx, alice, domain.NewID())
		wantCode(t, err, domain.ENOTFOUND)
	})

	t.Run("ErrStaffCannotManage", func(t *testing.T) {
		s := e.actor(t, staff)
		_, err := e.members.FindMembers(ctx, s, orgA.ID)
		wantCode(t, err, domain.EFORBIDDEN)
		_, err = e.members.AddMember(ctx, s, orgA.ID, domain.MemberInput{Login: bob.User.Email, Roles: roles(domain.RoleStaff)})
		wantCode(t, err, domain.EFORBIDDEN)
	})

	t.Run("ErrAdminAndOwners", func(t *testing.T) {
		a := e.actor(t, admin)
		_, err := e.members.AddMember(ctx, a, orgA.ID, domain.MemberInput{Login: bob.User.Email, Roles: roles(domain.RoleOwner)})
		wantCode(t, err, domain.EFORBIDDEN)
		_, err = e.members.UpdateMember(ctx, a, orgA.ID, domain.MemberInput{UserID: staff.ID, Roles: roles(domain.RoleOwner)})
		wantCode(t, err, domain.EFORBIDDEN)
		_, err = e.members.UpdateMember(ctx, a, orgA.ID, domain.MemberInput{UserID: alice.User.ID, Roles: roles(domain.RoleStaff)})
		wantCode(t, err, domain.EFORBIDDEN)
		wantCode(t, e.members.RemoveMember(ctx, a, orgA.ID, alice.User.ID), domain.EFORBIDDEN)
		// An admin does manage the other roles.
		m, err := e.members.UpdateMember(ctx, a, orgA.ID, domain.MemberInput{Login: staff.Email, Roles: roles(domain.RoleStaff, domain.RoleFinance)})
		must(t, err)
		if len(m.Roles) != 2 {
			t.Fatalf("roles = %v", m.Roles)
		}
	})

	t.Run("ErrLastOwner", func(t *testing.T) {
		_, err := e.members.UpdateMember(ctx, alice, orgA.ID, domain.MemberInput{UserID: alice.User.ID, Roles: roles(domain.RoleAdmin)})
		wantCode(t, err, domain.ECONFLICT)
		wantCode(t, e.members.RemoveMember(ctx, alice, orgA.ID, alice.User.ID), domain.ECONFLICT)
	})

	t.Run("SecondOwnerThenDemote", func(t *testing.T) {
		_, err := e.members.UpdateMember(ctx, alice, orgA.ID, domain.MemberInput{UserID: admin.ID, Roles: roles(domain.RoleOwner)})
		must(t, err)
		_, err = e.members.UpdateMember(ctx, alice, orgA.ID, domain.MemberInput{UserID: alice.User.ID, Roles: roles(domain.RoleAdmin)})
		must(t, err)
		ms, err := e.members.FindMemberships(ctx, alice.User.ID)
		must(t, err)
		if len(ms) != 1 || ms[0].Has(domain.RoleOwner) || !ms[0].Has(domain.RoleAdmin) {
			t.Fatalf("memberships = %+v", ms)
		}
	})

	t.Run("RemoveOK", func(t *testing.T) {
		owner := e.actor(t, admin)
		must(t, e.members.RemoveMember(ctx, owner, orgA.ID, staff.ID))
		wantCode(t, e.members.RemoveMember(ctx, owner, orgA.ID, staff.ID), domain.ENOTFOUND)
		ms, err := e.members.FindMemberships(ctx, staff.ID)
		must(t, err)
		if len(ms) != 0 {
			t.Fatalf("memberships = %+v", ms)
		}
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'member.removed' AND object_id = $1`, staff.ID.String()); n != 1 {
			t.Fatalf("audit rows = %d", n)
		}
	})
}

// TestLastOwnerRace has two owners demote each other at once. Both pass
// the policy (each request's actor was built before either change), and
// the row lock on the organisation lets exactly one of them succeed.
func TestLastOwnerRace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	a := e.actor(t, e.register(t, "A"))
	org := e.createOrg(t, a, domain.KindSocialOrg, "双主机构", "320213")
	a = e.actor(t, a.User)
	b := e.register(t, "B")
	_, err := e.members.AddMember(ctx, a, org.ID, domain.MemberInput{UserID: b.ID, Roles: []domain.Role{domain.RoleOwner}})
	must(t, err)
	ab := []*domain.Actor{a, e.actor(t, b)}
	errs := make(chan error, 2)
	for i, actor := range ab {
		other := ab[1-i].User.ID
		go func() {
			_, err := e.members.UpdateMember(ctx, actor, org.ID, domain.MemberInput{UserID: other, Roles: []domain.Role{domain.RoleStaff}})
			errs <- err
		}()
	}
	var failed int
	for range 2 {
		if err := <-errs; err != nil {
			failed++
			wantCode(t, err, domain.ECONFLICT)
		}
	}
	if failed != 1 {
		t.Fatalf("%d of 2 demotions failed, want 1", failed)
	}
	if n := e.count(t, `SELECT count(*) FROM memberships WHERE organization_id = $1 AND 'owner' = ANY(roles)`, org.ID); n != 1 {
		t.Fatalf("owners = %d", n)
	}
}
