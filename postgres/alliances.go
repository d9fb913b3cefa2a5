package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// AllianceService manages alliances' member organisations: the alliance
// invites, the member organisation confirms, either side may leave.
type AllianceService struct{ db *DB }

var _ domain.AllianceService = (*AllianceService)(nil)

// NewAllianceService returns the alliance service.
func NewAllianceService(db *DB) *AllianceService { return &AllianceService{db: db} }

// InviteToAlliance invites an organisation into an alliance, on behalf of
// the alliance's owners or admins, and tells the organisation's owners,
// linking to the page where they decide.
// Alliances do not join alliances.
func (s *AllianceService) InviteToAlliance(ctx context.Context, actor *domain.Actor, allianceID, orgID uuid.UUID) (*domain.AllianceMember, error) {
	var m *domain.AllianceMember
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		alliance, err := findAlliance(tx, allianceID)
		if err != nil {
			return err
		}
		if err := domain.Can(actor, domain.ActionAllianceInvite, alliance); err != nil {
			return err
		}
		org, err := findOrg(tx, orgID)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return domain.Invalid("organization_id", "no such organization")
		} else if err != nil {
			return err
		}
		if org.Kind == domain.KindAlliance {
			return domain.Invalid("organization_id", "an alliance cannot join another alliance")
		}
		row := allianceMemberRow{AllianceID: allianceID, OrganizationID: orgID, Status: domain.AllianceInvited, InvitedAt: s.db.now()}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		data := map[string]any{"organization_id": orgID, "organization_name": org.Name}
		if err := s.db.audit(tx, actor, ptr(allianceID), domain.AuditAllianceInvited, "alliance_member", orgID.String(), data); err != nil {
			return err
		}
		// The link leads the owners to their organisation's alliances page,
		// where they confirm or decline.
		params := map[string]string{"alliance": alliance.Name, "org": org.Name}
		if err := s.db.notifyOwners(tx, orgID, domain.NotifyAllianceInvited, params, orgLink(orgID)+"/alliances"); err != nil {
			return err
		}
		m = row.domain(org)
		return nil
	})
	return m, err
}

// findAlliance loads an organisation that must be an alliance; another
// kind is ECONFLICT, since only alliances have members.
func findAlliance(q *gorm.DB, id uuid.UUID) (*domain.Organization, error) {
	org, err := findOrg(q, id)
	if err != nil {
		return nil, err
	}
	if org.Kind != domain.KindAlliance {
		return nil, domain.Errorf(domain.ECONFLICT, "this organization is not an alliance")
	}
	return org, nil
}

// ConfirmAllianceMembership accepts an invitation, on behalf of the
// invited organisation's owners or admins. Only an open invitation can be
// confirmed (ECONFLICT otherwise).
func (s *AllianceService) ConfirmAllianceMembership(ctx context.Context, actor *domain.Actor, allianceID, orgID uuid.UUID) (*domain.AllianceMember, error) {
	var m *domain.AllianceMember
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		org, err := findOrg(tx, orgID)
		if err != nil {
			return err
		}
		if err := domain.Can(actor, domain.ActionAllianceConfirm, org); err != nil {
			return err
		}
		row, err := lockAllianceMember(tx, allianceID, orgID)
		if err != nil {
			return err
		}
		if row.Status != domain.AllianceInvited {
			return domain.Errorf(domain.ECONFLICT, "the membership is already confirmed")
		}
		now := s.db.now()
		row.Status, row.ConfirmedAt = domain.AllianceConfirmed, &now
		if err := tx.Model(row).Select("status", "confirmed_at").Updates(row).Error; err != nil {
			return err
		}
		data := map[string]any{"alliance_id": allianceID}
		if err := s.db.audit(tx, actor, ptr(orgID), domain.AuditAllianceConfirmed, "alliance_member", orgID.String(), data); err != nil {
			return err
		}
		m = row.domain(org)
		return nil
	})
	return m, err
}

func lockAllianceMember(tx *gorm.DB, allianceID, orgID uuid.UUID) (*allianceMemberRow, error) {
	var row allianceMemberRow
	err := tx.Where("alliance_id = ? AND organization_id = ?", allianceID, orgID).
		Clauses(lockingOf("alliance_members")).Take(&row).Error
	if err != nil {
		if err = mapError(err); domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, domain.Errorf(domain.ENOTFOUND, "no such alliance membership")
		}
		return nil, err
	}
	return &row, nil
}

// LeaveAlliance ends a membership or withdraws an invitation; the owners
// or admins of either the alliance or the member organisation may.
func (s *AllianceService) LeaveAlliance(ctx context.Context, actor *domain.Actor, allianceID, orgID uuid.UUID) error {
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		alliance, err := findOrg(tx, allianceID)
		if err != nil {
			return err
		}
		org, err := findOrg(tx, orgID)
		if err != nil {
			return err
		}
		side := orgID
		if err := domain.Can(actor, domain.ActionAllianceConfirm, org); err != nil {
			if domain.Can(actor, domain.ActionAllianceInvite, alliance) != nil {
				return err
			}
			side = allianceID
		}
		row, err := lockAllianceMember(tx, allianceID, orgID)
		if err != nil {
			return err
		}
		if err := tx.Delete(row).Error; err != nil {
			return err
		}
		data := map[string]any{"alliance_id": allianceID, "organization_id": orgID, "status": row.Status}
		return s.db.audit(tx, actor, ptr(side), domain.AuditAllianceLeft, "alliance_member", orgID.String(), data)
	})
}

// FindAllianceMembers lists an alliance's confirmed members, which are
// public, and with includeInvited also the open invitations, which only
// the alliance's owners and admins may see.
func (s *AllianceService) FindAllianceMembers(ctx context.Context, actor *domain.Actor, allianceID uuid.UUID, includeInvited bool) ([]*domain.AllianceMember, error) {
	alliance, err := findAlliance(s.db.conn(ctx), allianceID)
	if err != nil {
		return nil, err
	}
	q := s.db.conn(ctx).Where("alliance_id = ?", allianceID)
	if includeInvited {
		if err := domain.Can(actor, domain.ActionAllianceInvite, alliance); err != nil {
			return nil, err
		}
	} else {
		q = q.Where("status = ?", domain.AllianceConfirmed)
	}
	var rows []allianceMemberRow
	if err := q.Order("invited_at, organization_id").Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	return s.withOrganizations(ctx, rows)
}

// withOrganizations attaches each member's public profile, in one query.
func (s *AllianceService) withOrganizations(ctx context.Context, rows []allianceMemberRow) ([]*domain.AllianceMember, error) {
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.OrganizationID
	}
	var orgs []orgRow
	if len(ids) > 0 {
		if err := orgSelect(s.db.conn(ctx)).Where("organizations.id IN ?", ids).Find(&orgs).Error; err != nil {
			return nil, mapError(err)
		}
	}
	byID := make(map[uuid.UUID]*domain.Organization, len(orgs))
	for i := range orgs {
		byID[orgs[i].ID] = orgs[i].domain()
	}
	out := make([]*domain.AllianceMember, len(rows))
	for i := range rows {
		out[i] = rows[i].domain(byID[rows[i].OrganizationID])
	}
	return out, nil
}

func (r *allianceMemberRow) domain(org *domain.Organization) *domain.AllianceMember {
	return &domain.AllianceMember{
		AllianceID: r.AllianceID, Organization: org, Status: r.Status,
		InvitedAt: r.InvitedAt.UTC(), ConfirmedAt: utcPtr(r.ConfirmedAt),
	}
}
