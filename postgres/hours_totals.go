package postgres

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"hutong/domain"
)

// HoursTotals sums verified hours by volunteer, organisation, activity
// or contract, for certificates and the contract's outcome report. A
// volunteer sees their own totals; an organisation's staff their
// organisation's (the filter must name it); a contract's bureau and
// provider the contract's. Anyone else gets ENOTFOUND. A volunteer's
// shift counts once in 人次 only while its verified total is above zero,
// so a no-show corrected to nothing counts nowhere.
func (s *HoursService) HoursTotals(ctx context.Context, actor *domain.Actor, f domain.HoursFilter) (*domain.HoursTotals, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	if err := s.canReadTotals(ctx, actor, f); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	for _, c := range []struct {
		col string
		id  *uuid.UUID
	}{{"volunteer_id", f.VolunteerID}, {"organization_id", f.OrganizationID}, {"activity_id", f.ActivityID}, {"contract_id", f.ContractID}} {
		if c.id != nil {
			where = append(where, c.col+" = ?")
			args = append(args, *c.id)
		}
	}
	cond := "verified_at IS NOT NULL"
	if len(where) > 0 {
		cond += " AND " + strings.Join(where, " AND ")
	}
	var t domain.HoursTotals
	err := s.db.conn(ctx).Raw(`WITH per AS (
		SELECT volunteer_id, shift_id, sum(minutes) AS minutes FROM volunteer_hours WHERE `+cond+`
		GROUP BY volunteer_id, shift_id HAVING sum(minutes) > 0)
		SELECT coalesce(sum(minutes), 0) AS minutes, count(DISTINCT shift_id) AS shifts,
		count(DISTINCT volunteer_id) AS volunteers, count(*) AS volunteer_shifts FROM per`, args...).Scan(&t).Error
	if err != nil {
		return nil, mapError(err)
	}
	return &t, nil
}

// canReadTotals decides who reads which totals.
func (s *HoursService) canReadTotals(ctx context.Context, actor *domain.Actor, f domain.HoursFilter) error {
	q := s.db.conn(ctx)
	switch {
	case f.VolunteerID != nil && *f.VolunteerID == actor.User.ID:
		return nil
	case f.OrganizationID != nil:
		return s.canManage(q, actor, *f.OrganizationID)
	case f.ContractID != nil:
		var parties []struct{ BureauID, OrganizationID uuid.UUID }
		if err := q.Raw(`SELECT bureau_id, organization_id FROM contracts WHERE id = ?`, *f.ContractID).Scan(&parties).Error; err != nil {
			return mapError(err)
		}
		if len(parties) == 1 && (actor.Membership(parties[0].BureauID) != nil || actor.Membership(parties[0].OrganizationID) != nil) {
			return nil
		}
	}
	return domain.Errorf(domain.ENOTFOUND, "not found")
}
