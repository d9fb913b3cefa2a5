package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// UpdateMember replaces a member's roles. Admins may not change an owner
// or make one, and the last owner may not be demoted (ECONFLICT).
func (s *MemberService) UpdateMember(ctx context.Context, actor *domain.Actor, orgID uuid.UUID, in domain.MemberInput) (*domain.Member, error) {
	if err := in.NormalizeRoles(); err != nil {
		return nil, err
	}
	var m *domain.Member
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		org, current, err := s.loadForChange(tx, actor, orgID, in)
		if err != nil {
			return err
		}
		old := toRoles(current.Roles)
		if err := canGrant(actor, org, old, in.Roles); err != nil {
			return err
		}
		if hasRole(old, domain.RoleOwner) && !hasRole(in.Roles, domain.RoleOwner) {
			if err := ensureOtherOwner(tx, orgID, current.UserID); err != nil {
				return err
			}
		}
		err = tx.Model(&membershipRow{}).Where("organization_id = ? AND user_id = ?", orgID, current.UserID).
			Update("roles", fromRoles(in.Roles)).Error
		if err != nil {
			return err
		}
		data := map[string]any{"user_id": current.UserID, "roles": in.Roles, "previous_roles": old}
		if err := s.db.audit(tx, actor, ptr(orgID), domain.AuditMemberUpdated, "membership", current.UserID.String(), data); err != nil {
			return err
		}
		m, err = findMember(tx, orgID, current.UserID)
		return err
	})
	return m, err
}

// loadForChange locks the organisation, checks that the actor manages its
// members, and loads the membership the input names. The policy comes
// before the lookup, so outsiders learn nothing about who has an account.
func (s *MemberService) loadForChange(tx *gorm.DB, actor *domain.Actor, orgID uuid.UUID, in domain.MemberInput) (*domain.Organization, *membershipRow, error) {
	org, err := lockOrg(tx, orgID)
	if err != nil {
		return nil, nil, err
	}
	if err := domain.Can(actor, domain.ActionOrgManageMembers, org); err != nil {
		return nil, nil, err
	}
	userID, err := findMemberUser(tx, in)
	if err != nil {
		return nil, nil, err
	}
	var row membershipRow
	err = tx.Where("organization_id = ? AND user_id = ?", orgID, userID).Take(&row).Error
	if err != nil {
		if err = mapError(err); domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, nil, domain.Errorf(domain.ENOTFOUND, "member not found")
		}
		return nil, nil, err
	}
	return org, &row, nil
}

// RemoveMember removes a member. Admins may not remove owners, and the
// last owner stays (ECONFLICT).
func (s *MemberService) RemoveMember(ctx context.Context, actor *domain.Actor, orgID, userID uuid.UUID) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		org, current, err := s.loadForChange(tx, actor, orgID, domain.MemberInput{UserID: userID})
		if err != nil {
			return err
		}
		old := toRoles(current.Roles)
		if err := canGrant(actor, org, old, nil); err != nil {
			return err
		}
		if hasRole(old, domain.RoleOwner) {
			if err := ensureOtherOwner(tx, orgID, userID); err != nil {
				return err
			}
		}
		if err := tx.Where("organization_id = ? AND user_id = ?", orgID, userID).Delete(&membershipRow{}).Error; err != nil {
			return err
		}
		data := map[string]any{"user_id": userID, "roles": old}
		return s.db.audit(tx, actor, ptr(orgID), domain.AuditMemberRemoved, "membership", userID.String(), data)
	})
}

// ensureOtherOwner answers ECONFLICT unless someone besides userID owns
// the organisation. The caller holds the organisation's row lock, so two
// owners cannot demote each other at the same time.
func ensureOtherOwner(tx *gorm.DB, orgID, userID uuid.UUID) error {
	var n int64
	err := tx.Model(&membershipRow{}).
		Where("organization_id = ? AND user_id <> ? AND 'owner' = ANY(roles)", orgID, userID).Count(&n).Error
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.ECONFLICT, "an organization needs at least one owner")
	}
	return nil
}

// membershipView is a membership with its organisation's name and kind.
type membershipView struct {
	OrganizationID   uuid.UUID
	OrganizationName string
	OrganizationKind string
	UserID           uuid.UUID
	Roles            textArray
	CreatedAt        time.Time
}

// FindMemberships lists the organisations a user belongs to, oldest
// membership first; it builds the Actor of a signed-in user.
func (s *MemberService) FindMemberships(ctx context.Context, userID uuid.UUID) ([]*domain.Membership, error) {
	var rows []membershipView
	err := s.db.conn(ctx).Table("memberships").
		Select("memberships.organization_id, organizations.name AS organization_name, "+
			"organizations.kind AS organization_kind, memberships.user_id, memberships.roles, memberships.created_at").
		Joins("JOIN organizations ON organizations.id = memberships.organization_id").
		Where("memberships.user_id = ?", userID).
		Order("memberships.created_at, memberships.organization_id").Find(&rows).Error
	if err != nil {
		return nil, mapError(err)
	}
	out := make([]*domain.Membership, len(rows))
	for i, r := range rows {
		out[i] = &domain.Membership{
			OrganizationID: r.OrganizationID, OrganizationName: r.OrganizationName,
			OrganizationKind: domain.OrgKind(r.OrganizationKind), UserID: r.UserID,
			Roles: toRoles(r.Roles), CreatedAt: r.CreatedAt.UTC(),
		}
	}
	return out, nil
}
