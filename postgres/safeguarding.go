package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

type safeguardingRow struct {
	ID             uuid.UUID `gorm:"primaryKey"`
	VolunteerID    uuid.UUID
	OrganizationID uuid.UUID
	InquiringUnit  string
	CheckedOn      domain.Date
	Result         string
	ExpiresOn      domain.Date
	RecordedBy     *uuid.UUID
	CreatedAt      time.Time
}

func (safeguardingRow) TableName() string { return "safeguarding_checks" }

func (r *safeguardingRow) domain() *domain.SafeguardingCheck {
	return &domain.SafeguardingCheck{ID: r.ID, VolunteerID: r.VolunteerID, OrganizationID: r.OrganizationID,
		InquiringUnit: r.InquiringUnit, CheckedOn: r.CheckedOn, Result: domain.SafeguardingResult(r.Result),
		ExpiresOn: r.ExpiresOn, CreatedAt: r.CreatedAt.UTC()}
}

// RecordCheck records the result of a safeguarding check (入职查询) an
// organisation ran on a volunteer. Only owners and admins may; the
// volunteer must exist.
func (s *VolunteerService) RecordCheck(ctx context.Context, actor *domain.Actor, orgID, volunteerID uuid.UUID, in domain.SafeguardingCheckInput) (*domain.SafeguardingCheck, error) {
	if err := in.Normalize(domain.DateOf(s.db.now())); err != nil {
		return nil, err
	}
	var out *domain.SafeguardingCheck
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		org, err := findOrg(tx, orgID)
		if err != nil {
			return err
		}
		if err := domain.Can(actor, domain.ActionSafeguardingRecord, org); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&userRow{}).Where("id = ?", volunteerID).Count(&n).Error; err != nil {
			return mapError(err)
		}
		if n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "volunteer not found")
		}
		row := safeguardingRow{ID: domain.NewID(), VolunteerID: volunteerID, OrganizationID: orgID, InquiringUnit: in.InquiringUnit,
			CheckedOn: in.CheckedOn, Result: string(in.Result), ExpiresOn: in.ExpiresOn, RecordedBy: ptr(actor.User.ID), CreatedAt: s.db.now()}
		if err := tx.Create(&row).Error; err != nil {
			return mapError(err)
		}
		out = row.domain()
		return s.db.audit(tx, actor, ptr(orgID), domain.AuditSafeguardingRecorded, "safeguarding_check", row.ID.String(),
			map[string]any{"volunteer_id": volunteerID, "result": row.Result, "expires_on": row.ExpiresOn.String()})
	})
	return out, err
}

// FindChecks lists a volunteer's checks, newest first: all of them to the
// volunteer, and to an organisation's owners and admins those it
// recorded. Anyone else learns nothing (ENOTFOUND).
func (s *VolunteerService) FindChecks(ctx context.Context, actor *domain.Actor, volunteerID uuid.UUID) ([]*domain.SafeguardingCheck, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	var rows []safeguardingRow
	if err := s.db.conn(ctx).Where("volunteer_id = ?", volunteerID).Order("checked_on DESC, created_at DESC, id").
		Limit(domain.MaxPageLimit).Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	self := actor.User.ID == volunteerID
	out := make([]*domain.SafeguardingCheck, 0, len(rows))
	for i := range rows {
		if self || actor.HasRole(rows[i].OrganizationID, domain.RoleOwner, domain.RoleAdmin) {
			out = append(out, rows[i].domain())
		}
	}
	if !self && len(out) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "volunteer not found")
	}
	return out, nil
}

// clearCheck reports whether the volunteer holds a clear check that has
// not expired on the day of at. The latest check decides: a later "not
// clear" outweighs an earlier "clear".
func clearCheck(tx *gorm.DB, volunteerID uuid.UUID, at time.Time) (bool, error) {
	var results []string
	if err := tx.Raw(`SELECT result FROM safeguarding_checks WHERE volunteer_id = ? AND expires_on > ?
		ORDER BY checked_on DESC, created_at DESC LIMIT 1`, volunteerID, domain.DateOf(at)).Scan(&results).Error; err != nil {
		return false, mapError(err)
	}
	return len(results) == 1 && results[0] == string(domain.SafeguardingClear), nil
}
