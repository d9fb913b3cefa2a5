package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Role is what a member may do within an organisation.
type Role string

// Member roles.
const (
	RoleOwner         Role = "owner"          // everything, including owners
	RoleAdmin         Role = "admin"          // profile and members, except owners
	RoleStaff         Role = "staff"          // day-to-day work
	RoleEvaluator     Role = "evaluator"      // scores bids (bureaus)
	RoleFinance       Role = "finance"        // money: offline gifts, payments
	RoleChildDirector Role = "child_director" // 儿童主任: sees children's records
)

// Roles lists every role, in display order.
var Roles = []Role{RoleOwner, RoleAdmin, RoleStaff, RoleEvaluator, RoleFinance, RoleChildDirector}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Membership is a user's place in an organisation.
type Membership struct {
	OrganizationID   uuid.UUID `json:"organization_id"`
	OrganizationName string    `json:"organization_name"`
	OrganizationKind OrgKind   `json:"organization_kind"`
	UserID           uuid.UUID `json:"user_id"`
	Roles            []Role    `json:"roles"`
	CreatedAt        time.Time `json:"created_at"`
}

// Has reports whether the membership holds role r.
func (m *Membership) Has(r Role) bool {
	for _, x := range m.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Member is a membership as the organisation's managers see it, with the
// member's contact details.
type Member struct {
	UserID      uuid.UUID `json:"user_id"`
	DisplayName string    `json:"display_name"`
	Email       string    `json:"email,omitempty"`
	Phone       string    `json:"phone,omitempty"`
	Roles       []Role    `json:"roles"`
	CreatedAt   time.Time `json:"created_at"`
}

// MemberInput adds a person, known by login (email or phone) or id, to an
// organisation, or changes their roles.
type MemberInput struct {
	Login  string    `json:"login"`
	UserID uuid.UUID `json:"-"`
	Roles  []Role    `json:"roles"`
}

// NormalizeRoles validates and de-duplicates the roles.
func (in *MemberInput) NormalizeRoles() error {
	var v Validation
	v.Check(len(in.Roles) > 0, "roles", "at least one role is required")
	seen := map[Role]bool{}
	out := in.Roles[:0]
	for _, r := range in.Roles {
		v.Check(r.Valid(), "roles", "unknown role "+string(r))
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	in.Roles = out
	return v.Err()
}

// MemberService manages who belongs to an organisation.
type MemberService interface {
	// FindMembers lists an organisation's members with their contact
	// details; only its owners and admins may.
	FindMembers(ctx context.Context, actor *Actor, orgID uuid.UUID) ([]*Member, error)
	// AddMember adds an existing account by login. An unknown login is
	// EINVALID on "login"; an existing member is ECONFLICT.
	AddMember(ctx context.Context, actor *Actor, orgID uuid.UUID, in MemberInput) (*Member, error)
	UpdateMember(ctx context.Context, actor *Actor, orgID uuid.UUID, in MemberInput) (*Member, error)
	// RemoveMember removes a member. The last owner cannot be removed or
	// demoted (ECONFLICT).
	RemoveMember(ctx context.Context, actor *Actor, orgID, userID uuid.UUID) error
	// FindMemberships lists the organisations a user belongs to.
	FindMemberships(ctx context.Context, userID uuid.UUID) ([]*Membership, error)
}
