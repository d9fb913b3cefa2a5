package postgres

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// MemberService manages who belongs to an organisation.
type MemberService struct{ db *DB }

var _ domain.MemberService = (*MemberService)(nil)

// NewMemberService returns the membership service.
func NewMemberService(db *DB) *MemberService { return &MemberService{db: db} }

// memberRow is a membership joined with the member's account.
type memberRow struct {
	UserID      uuid.UUID
	DisplayName string
	Email       *string
	Phone       *string
	Roles       textArray
	CreatedAt   time.Time
}

func (r *memberRow) domain() *domain.Member {
	return &domain.Member{
		UserID: r.UserID, DisplayName: r.DisplayName, Email: deref(r.Email), Phone: deref(r.Phone),
		Roles: toRoles(r.Roles), CreatedAt: r.CreatedAt.UTC(),
	}
}

func memberSelect(q *gorm.DB, orgID uuid.UUID) *gorm.DB {
	return q.Table("memberships").
		Select("memberships.user_id, users.display_name, users.email, users.phone, memberships.roles, memberships.created_at").
		Joins("JOIN users ON users.id = memberships.user_id").
		Where("memberships.organization_id = ?", orgID)
}

// FindMembers lists an organisation's members with their contact details.
// The organisation is public, so for anyone but its owners and admins the
// answer is EFORBIDDEN rather than ENOTFOUND.
func (s *MemberService) FindMembers(ctx context.Context, actor *domain.Actor, orgID uuid.UUID) ([]*domain.Member, error) {
	org, err := findOrg(s.db.conn(ctx), orgID)
	if err != nil {
		return nil, err
	}
	if err := domain.Can(actor, domain.ActionOrgViewMembers, org); err != nil {
		return nil, err
	}
	var rows []memberRow
	if err := memberSelect(s.db.conn(ctx), orgID).Order("memberships.created_at, memberships.user_id").Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	out := make([]*domain.Member, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// AddMember adds an existing account, found by login, with roles. Only
// owners may make someone an owner. The new member is told.
func (s *MemberService) AddMember(ctx context.Context, actor *domain.Actor, orgID uuid.UUID, in domain.MemberInput) (*domain.Member, error) {
	if err := in.NormalizeRoles(); err != nil {
		return nil, err
	}
	var m *domain.Member
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		org, err := lockOrg(tx, orgID)
		if err != nil {
			return err
		}
		if err := canGrant(actor, org, nil, in.Roles); err != nil {
			return err
		}
		userID, err := findMemberUser(tx, in)
		if err != nil {
			return err
		}
		row := membershipRow{OrganizationID: orgID, UserID: userID, Roles: fromRoles(in.Roles)}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		data := map[string]any{"user_id": userID, "roles": in.Roles}
		if err := s.db.audit(tx, actor, ptr(orgID), domain.AuditMemberAdded, "membership", userID.String(), data); err != nil {
			return err
		}
		params := map[string]string{"org": org.Name, "roles": rolesParam(in.Roles)}
		if err := s.db.notify(tx, userID, domain.NotifyMemberAdded, params, orgLink(orgID)); err != nil {
			return err
		}
		m, err = findMember(tx, orgID, userID)
		return err
	})
	return m, err
}

// findMemberUser resolves the account a MemberInput names, by id or by
// login; an unknown login is EINVALID on "login".
func findMemberUser(tx *gorm.DB, in domain.MemberInput) (uuid.UUID, error) {
	q := tx.Model(&userRow{})
	if in.UserID != uuid.Nil {
		q = q.Where("id = ?", in.UserID)
	} else if l, ok := domain.ParseLogin(in.Login); !ok {
		return uuid.Nil, domain.Invalid("login", "not an email address or mainland mobile number")
	} else if l.Email != "" {
		q = q.Where("email = ?", l.Email)
	} else {
		q = q.Where("phone = ?", l.Phone)
	}
	var ids []uuid.UUID
	if err := q.Limit(1).Pluck("id", &ids).Error; err != nil {
		return uuid.Nil, err
	}
	if len(ids) == 0 {
		return uuid.Nil, domain.Invalid("login", "no account with this login")
	}
	return ids[0], nil
}

func findMember(tx *gorm.DB, orgID, userID uuid.UUID) (*domain.Member, error) {
	var row memberRow
	err := memberSelect(tx, orgID).Where("memberships.user_id = ?", userID).Take(&row).Error
	if err != nil {
		err = mapError(err)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, domain.Errorf(domain.ENOTFOUND, "member not found")
		}
		return nil, err
	}
	return row.domain(), nil
}

// canGrant decides whether actor may change a member holding current
// roles (nil for a new member) to the roles in next (nil for removal).
// Managing members takes an owner or admin; touching an owner, or making
// one, takes an owner.
func canGrant(actor *domain.Actor, org *domain.Organization, current, next []domain.Role) error {
	if err := domain.Can(actor, domain.ActionOrgManageMembers, org); err != nil {
		return err
	}
	if hasRole(current, domain.RoleOwner) || hasRole(next, domain.RoleOwner) {
		return domain.Can(actor, domain.ActionOrgManageOwners, org)
	}
	return nil
}

func hasRole(roles []domain.Role, r domain.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

func toRoles(a textArray) []domain.Role {
	out := make([]domain.Role, len(a))
	for i, r := range a {
		out[i] = domain.Role(r)
	}
	return out
}

func fromRoles(roles []domain.Role) textArray {
	out := make(textArray, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

// rolesParam joins roles for a notification's parameters, which are flat
// strings; the mail template translates each key.
func rolesParam(roles []domain.Role) string {
	return strings.Join(fromRoles(roles), ",")
}
