package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// ApproveSignup lets the organisation's staff accept a pending sign-up
// (approval mode "staff"): it then takes a place like any sign-up,
// confirmed while there is room and waitlisted after.
func (s *SignupService) ApproveSignup(ctx context.Context, actor *domain.Actor, signupID uuid.UUID) (*domain.Signup, error) {
	return s.decide(ctx, actor, signupID, true)
}

// DeclineSignup lets the organisation's staff turn down a pending
// sign-up; it never held a place, so nobody moves up.
func (s *SignupService) DeclineSignup(ctx context.Context, actor *domain.Actor, signupID uuid.UUID) (*domain.Signup, error) {
	return s.decide(ctx, actor, signupID, false)
}

func (s *SignupService) decide(ctx context.Context, actor *domain.Actor, signupID uuid.UUID, approve bool) (*domain.Signup, error) {
	var out *domain.Signup
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		var first signupRow
		if err := tx.Take(&first, "id = ?", signupID).Error; err != nil {
			return domain.Errorf(domain.ENOTFOUND, "sign-up not found")
		}
		sh, a, err := lockShift(tx, first.ShiftID)
		if err != nil {
			return err
		}
		if _, err := manageable(tx, actor, a.OrganizationID); err != nil {
			return notFoundAs(err, "sign-up not found")
		}
		var su signupRow
		if err := tx.Raw(`SELECT * FROM signups WHERE id = ? FOR UPDATE`, signupID).Scan(&su).Error; err != nil {
			return mapError(err)
		}
		if su.Status != string(domain.SignupPending) {
			return domain.Errorf(domain.ECONFLICT, "only a pending sign-up can be decided; this one is %s", su.Status)
		}
		now := s.db.now()
		su.Status, su.UpdatedAt = string(domain.SignupDeclined), now
		if approve {
			if sh.CancelledAt != nil || !sh.StartsAt.After(now) {
				return domain.Errorf(domain.ECONFLICT, "the shift is cancelled or has already started")
			}
			if su.Status, su.Position, err = takePlace(tx, sh, "automatic"); err != nil {
				return err
			}
		}
		if err := tx.Exec(`UPDATE signups SET status = ?, position = ?, updated_at = ? WHERE id = ?`,
			su.Status, su.Position, now, su.ID).Error; err != nil {
			return mapError(err)
		}
		out = su.domain()
		if err := s.db.audit(tx, actor, ptr(a.OrganizationID), domain.AuditSignupDecided, "signup", su.ID.String(),
			map[string]any{"shift_id": sh.ID, "status": su.Status, "position": su.Position}); err != nil {
			return err
		}
		return s.db.notify(tx, su.VolunteerID, domain.NotifySignupDecided, map[string]string{"activity": a.Title,
			"status": su.Status, "starts_at": sh.StartsAt.In(domain.Shanghai).Format("2006-01-02 15:04")}, activityLink(a.ID))
	})
	return out, err
}
