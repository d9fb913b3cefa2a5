package domain_test

import (
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
)

func TestTenderPolicy(t *testing.T) {
	t.Parallel()
	bureau := &domain.Organization{ID: uuid.New(), Kind: domain.KindBureau, VerificationStatus: domain.VerificationVerified}
	pending := &domain.Organization{ID: uuid.New(), Kind: domain.KindBureau, VerificationStatus: domain.VerificationPending}
	ngo := &domain.Organization{ID: uuid.New(), Kind: domain.KindSocialOrg, VerificationStatus: domain.VerificationVerified}
	with := func(org *domain.Organization, roles ...domain.Role) *domain.Actor {
		return &domain.Actor{User: &domain.User{ID: uuid.New()}, Memberships: []*domain.Membership{{OrganizationID: org.ID, Roles: roles}}}
	}
	admin := &domain.Actor{User: &domain.User{ID: uuid.New(), IsPlatformAdmin: true}}
	tests := []struct {
		name   string
		actor  *domain.Actor
		action domain.Action
		org    *domain.Organization
		code   string
	}{
		{"StaffCreates", with(bureau, domain.RoleStaff), domain.ActionProjectCreate, bureau, ""},
		{"OwnerPublishes", with(bureau, domain.RoleOwner), domain.ActionProjectPublish, bureau, ""},
		{"AdminCancels", with(bureau, domain.RoleAdmin), domain.ActionProjectCancel, bureau, ""},
		{"ErrEvaluatorEdits", with(bureau, domain.RoleEvaluator), domain.ActionProjectEdit, bureau, domain.EFORBIDDEN},
		{"ErrUnverifiedBureau", with(pending, domain.RoleOwner), domain.ActionProjectCreate, pending, domain.EFORBIDDEN},
		{"ErrNotABureau", with(ngo, domain.RoleOwner), domain.ActionProjectCreate, ngo, domain.EFORBIDDEN},
		{"ErrOtherBureau", with(ngo, domain.RoleOwner), domain.ActionProjectCreate, bureau, domain.EFORBIDDEN},
		{"ErrPlatformAdminCreates", admin, domain.ActionProjectCreate, bureau, domain.EFORBIDDEN},
		{"ErrAnonymous", nil, domain.ActionProjectCreate, bureau, domain.EUNAUTHORIZED},
		{"ErrNoOrg", with(bureau, domain.RoleOwner), domain.ActionProjectCreate, nil, domain.EFORBIDDEN},
		{"PlatformAdminEditsCalendar", admin, domain.ActionCalendarEdit, nil, ""},
		{"ErrOwnerEditsCalendar", with(bureau, domain.RoleOwner), domain.ActionCalendarEdit, bureau, domain.EFORBIDDEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := domain.ErrorCode(domain.Can(tt.actor, tt.action, tt.org)); got != tt.code {
				t.Errorf("Can = %q, want %q", got, tt.code)
			}
		})
	}
}
