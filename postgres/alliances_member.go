package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// memberAllianceRow is an alliance read together with one organisation's
// membership of it, so the member's view of its alliances takes one query.
type memberAllianceRow struct {
	Alliance    orgRow `gorm:"embedded"`
	AllianceID  uuid.UUID
	Status      string
	InvitedAt   time.Time
	ConfirmedAt *time.Time
}

// member turns the row into an AllianceMember whose Organization is the
// alliance.
func (r *memberAllianceRow) member() *domain.AllianceMember {
	return &domain.AllianceMember{
		AllianceID: r.AllianceID, Organization: r.Alliance.domain(), Status: r.Status,
		InvitedAt: r.InvitedAt.UTC(), ConfirmedAt: utcPtr(r.ConfirmedAt),
	}
}

// FindMemberAlliances lists the alliances an organisation has confirmed
// joining, with each alliance's public profile, in one query, oldest
// membership first. Confirmed memberships are public, so no actor is
// needed; an unknown organisation simply belongs to none.
func (s *AllianceService) FindMemberAlliances(ctx context.Context, orgID uuid.UUID) ([]*domain.AllianceMember, error) {
	return s.memberAlliances(s.db.conn(ctx), orgID, domain.AllianceConfirmed, "alliance_members.confirmed_at")
}

// FindAllianceInvitations lists the open invitations an organisation has
// received, oldest first, for its owners and admins, who decide on them.
func (s *AllianceService) FindAllianceInvitations(ctx context.Context, actor *domain.Actor, orgID uuid.UUID) ([]*domain.AllianceMember, error) {
	q := s.db.conn(ctx)
	org, err := findOrg(q, orgID)
	if err != nil {
		return nil, err
	}
	if err := domain.Can(actor, domain.ActionAllianceConfirm, org); err != nil {
		return nil, err
	}
	return s.memberAlliances(q, orgID, domain.AllianceInvited, "alliance_members.invited_at")
}

// memberAlliances reads orgID's memberships in status joined to the
// alliances' profiles, ordered by the column since, then by alliance id.
func (s *AllianceService) memberAlliances(q *gorm.DB, orgID uuid.UUID, status, since string) ([]*domain.AllianceMember, error) {
	var rows []memberAllianceRow
	err := orgSelect(q).
		Select("organizations.*, regions.name AS region_name, alliance_members.alliance_id, "+
			"alliance_members.status, alliance_members.invited_at, alliance_members.confirmed_at").
		Joins("JOIN alliance_members ON alliance_members.alliance_id = organizations.id").
		Where("alliance_members.organization_id = ? AND alliance_members.status = ?", orgID, status).
		Order(since + ", organizations.id").Find(&rows).Error
	if err != nil {
		return nil, mapError(err)
	}
	out := make([]*domain.AllianceMember, len(rows))
	for i := range rows {
		out[i] = rows[i].member()
	}
	return out, nil
}
