package domain

import (
	"testing"

	"github.com/google/uuid"
)

func TestCan(t *testing.T) {
	t.Parallel()
	orgA := &Organization{ID: uuid.New(), Kind: KindSocialOrg}
	alliance := &Organization{ID: uuid.New(), Kind: KindAlliance}
	member := func(org *Organization, roles ...Role) *Actor {
		return &Actor{User: &User{ID: uuid.New()}, Memberships: []*Membership{{OrganizationID: org.ID, Roles: roles}}}
	}
	admin := &Actor{User: &User{ID: uuid.New(), IsPlatformAdmin: true}}
	for _, tc := range []struct {
		name   string
		actor  *Actor
		action Action
		org    *Organization
		code   string
	}{
		{"OKAnyoneCreates", member(orgA, RoleStaff), ActionOrgCreate, nil, ""},
		{"ErrAnonymousCreate", nil, ActionOrgCreate, nil, EUNAUTHORIZED},
		{"OKOwnerUpdates", member(orgA, RoleOwner), ActionOrgUpdate, orgA, ""},
		{"OKAdminManagesMembers", member(orgA, RoleAdmin), ActionOrgManageMembers, orgA, ""},
		{"ErrAdminManagesOwners", member(orgA, RoleAdmin), ActionOrgManageOwners, orgA, EFORBIDDEN},
		{"ErrStaffUpdates", member(orgA, RoleStaff), ActionOrgUpdate, orgA, EFORBIDDEN},
		{"ErrStaffViewsMembers", member(orgA, RoleStaff, RoleChildDirector), ActionOrgViewMembers, orgA, EFORBIDDEN},
		{"ErrOtherOrgOwnerUpdates", member(alliance, RoleOwner), ActionOrgUpdate, orgA, EFORBIDDEN},
		{"ErrOtherOrgOwnerViewsMembers", member(alliance, RoleOwner), ActionOrgViewMembers, orgA, EFORBIDDEN},
		{"ErrPlatformAdminUpdatesOrg", admin, ActionOrgUpdate, orgA, EFORBIDDEN},
		{"OKPlatformAdminVerifies", admin, ActionOrgVerify, orgA, ""},
		{"ErrOwnerVerifiesOwnOrg", member(orgA, RoleOwner), ActionOrgVerify, orgA, EFORBIDDEN},
		{"OKAllianceInvites", member(alliance, RoleAdmin), ActionAllianceInvite, alliance, ""},
		{"ErrNonAllianceInvites", member(orgA, RoleOwner), ActionAllianceInvite, orgA, EFORBIDDEN},
		{"ErrUnknownAction", member(orgA, RoleOwner), Action("org.delete"), orgA, EFORBIDDEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ErrorCode(Can(tc.actor, tc.action, tc.org)); got != tc.code {
				t.Fatalf("Can = %q, want %q", got, tc.code)
			}
		})
	}
}

func TestHasScope(t *testing.T) {
	t.Parallel()
	session := &Actor{User: &User{}}
	token := &Actor{User: &User{}, Scopes: []string{"orgs:read"}}
	if !session.HasScope("orgs:write") || !token.HasScope("orgs:read") || token.HasScope("orgs:write") {
		t.Fatal("scopes: sessions carry all, tokens only theirs")
	}
}
