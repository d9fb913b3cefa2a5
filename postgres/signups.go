package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// SignupService takes volunteers' sign-ups to shifts. Each sign-up and
// cancellation is one transaction that locks the shift row first, so
// the confirmed count, the waitlist order and the promotions are decided
// one at a time per shift; the conditional update and the table's CHECK
// keep the count within capacity whatever happens.
type SignupService struct{ db *DB }

var _ domain.ShiftSignups = (*SignupService)(nil)

// NewSignupService returns the sign-up service.
func NewSignupService(db *DB) *SignupService { return &SignupService{db: db} }

// SignUp signs the actor up to a shift: confirmed while there is room,
// waitlisted after, pending when staff approve sign-ups.
func (s *SignupService) SignUp(ctx context.Context, actor *domain.Actor, shiftID uuid.UUID) (*domain.Signup, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	var out *domain.Signup
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		sh, a, err := lockShift(tx, shiftID)
		if err != nil {
			return err
		}
		if a.Status != string(domain.ActivityPublished) {
			return domain.Errorf(domain.ENOTFOUND, "shift not found")
		}
		now := s.db.now()
		if sh.CancelledAt != nil || !sh.StartsAt.After(now) {
			return domain.Errorf(domain.ECONFLICT, "the shift is cancelled or has already started")
		}
		volunteer := actor.User.ID
		// One volunteer's sign-ups are taken one at a time, so that two
		// overlapping shifts cannot both pass the overlap check.
		if err := tx.Exec(`SELECT pg_advisory_xact_lock(hashtextextended(?, 6))`, volunteer.String()).Error; err != nil {
			return mapError(err)
		}
		if err := s.eligible(tx, volunteer, a, sh); err != nil {
			return err
		}
		if err := noOverlap(tx, volunteer, sh); err != nil {
			return err
		}
		row := signupRow{ID: domain.NewID(), ShiftID: sh.ID, VolunteerID: volunteer, StartsAt: sh.StartsAt, EndsAt: sh.EndsAt,
			CreatedAt: now, UpdatedAt: now}
		if row.Status, row.Position, err = takePlace(tx, sh, a.Approval); err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			return mapError(err)
		}
		out = row.domain()
		return s.db.audit(tx, actor, ptr(a.OrganizationID), domain.AuditSignupCreated, "signup", row.ID.String(),
			map[string]any{"shift_id": sh.ID, "status": row.Status, "position": row.Position})
	})
	return out, err
}

// eligible applies the activity's rules to the volunteer: a clear,
// unexpired safeguarding check on the shift's day for child-facing work,
// and the minimum age.
func (s *SignupService) eligible(tx *gorm.DB, volunteer uuid.UUID, a *activityRow, sh *shiftRow) error {
	if a.ChildFacing {
		ok, err := clearCheck(tx, volunteer, sh.StartsAt)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.EFORBIDDEN, "rule safeguarding: this activity is close contact with minors and needs a clear, unexpired safeguarding check (入职查询)")
		}
	}
	if a.MinAge == 0 {
		return nil
	}
	p, err := findProfile(tx, volunteer)
	if err != nil {
		return err
	}
	if p == nil || domain.AgeIn(p.BirthYear, domain.DateOf(sh.StartsAt).Year) < a.MinAge {
		return domain.Errorf(domain.EFORBIDDEN, "rule min_age: this activity takes volunteers aged %d or over (a profile with the birth year is needed)", a.MinAge)
	}
	return nil
}

// noOverlap refuses a second live sign-up for the shift, or one for a
// shift that overlaps another the volunteer holds or waits for. It locks
// the volunteer's live sign-ups for the rest of the transaction.
func noOverlap(tx *gorm.DB, volunteer uuid.UUID, sh *shiftRow) error {
	var clash []signupRow
	if err := tx.Raw(`SELECT * FROM signups WHERE volunteer_id = ? AND status IN `+liveStatuses+`
		AND starts_at < ? AND ends_at > ? FOR UPDATE`, volunteer, sh.EndsAt, sh.StartsAt).Scan(&clash).Error; err != nil {
		return mapError(err)
	}
	for _, c := range clash {
		if c.ShiftID == sh.ID {
			return domain.Errorf(domain.ECONFLICT, "you are already signed up to this shift")
		}
	}
	if len(clash) > 0 {
		return domain.Errorf(domain.ECONFLICT, "this shift overlaps another shift you are signed up to")
	}
	return nil
}

// takePlace decides the new sign-up's status on the locked shift: pending
// for staff approval, confirmed if the conditional update finds room,
// waitlisted at the next position otherwise.
func takePlace(tx *gorm.DB, sh *shiftRow, approval string) (string, int64, error) {
	if approval == "staff" {
		return string(domain.SignupPending), 0, nil
	}
	res := tx.Exec(`UPDATE shifts SET confirmed = confirmed + 1 WHERE id = ? AND confirmed < capacity`, sh.ID)
	if res.Error != nil {
		return "", 0, mapError(res.Error)
	}
	if res.RowsAffected == 1 {
		return string(domain.SignupConfirmed), 0, nil
	}
	var pos []int64
	if err := tx.Raw(`UPDATE shifts SET next_position = next_position + 1 WHERE id = ? RETURNING next_position - 1`, sh.ID).
		Scan(&pos).Error; err != nil {
		return "", 0, mapError(err)
	}
	if len(pos) != 1 {
		return "", 0, domain.Errorf(domain.ENOTFOUND, "shift not found")
	}
	return string(domain.SignupWaitlisted), pos[0], nil
}

// CancelSignup cancels the actor's own sign-up before the shift starts. A
// confirmed place goes to the first on the waitlist, once, in the same
// transaction.
func (s *SignupService) CancelSignup(ctx context.Context, actor *domain.Actor, signupID uuid.UUID) (*domain.Signup, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	var out *domain.Signup
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		var first signupRow
		if err := tx.Take(&first, "id = ?", signupID).Error; err != nil || first.VolunteerID != actor.User.ID {
			return domain.Errorf(domain.ENOTFOUND, "sign-up not found")
		}
		sh, a, err := lockShift(tx, first.ShiftID)
		if err != nil {
			return err
		}
		var su signupRow
		if err := tx.Raw(`SELECT * FROM signups WHERE id = ? FOR UPDATE`, signupID).Scan(&su).Error; err != nil {
			return mapError(err)
		}
		now := s.db.now()
		if su.Status == string(domain.SignupCancelled) || su.Status == string(domain.SignupDeclined) {
			return domain.Errorf(domain.ECONFLICT, "the sign-up is already %s", su.Status)
		}
		if !sh.StartsAt.After(now) {
			return domain.Errorf(domain.ECONFLICT, "the shift has already started")
		}
		was := su.Status
		if err := tx.Exec(`UPDATE signups SET status = 'cancelled', updated_at = ? WHERE id = ?`, now, su.ID).Error; err != nil {
			return mapError(err)
		}
		su.Status, su.UpdatedAt = string(domain.SignupCancelled), now
		out = su.domain()
		if err := s.db.audit(tx, actor, ptr(a.OrganizationID), domain.AuditSignupCancelled, "signup", su.ID.String(),
			map[string]any{"shift_id": sh.ID, "was": was}); err != nil {
			return err
		}
		if was != string(domain.SignupConfirmed) {
			return nil
		}
		if err := tx.Exec(`UPDATE shifts SET confirmed = confirmed - 1, updated_at = ? WHERE id = ?`, now, sh.ID).Error; err != nil {
			return mapError(err)
		}
		return s.promote(tx, actor, sh, a)
	})
	return out, err
}

// promote gives a free place of the locked shift to the first on its
// waitlist (lowest position), if anyone waits, and tells them.
func (s *SignupService) promote(tx *gorm.DB, actor *domain.Actor, sh *shiftRow, a *activityRow) error {
	var next []signupRow
	if err := tx.Raw(`SELECT * FROM signups WHERE shift_id = ? AND status = 'waitlisted' ORDER BY position LIMIT 1 FOR UPDATE`,
		sh.ID).Scan(&next).Error; err != nil {
		return mapError(err)
	}
	if len(next) == 0 {
		return nil
	}
	res := tx.Exec(`UPDATE shifts SET confirmed = confirmed + 1 WHERE id = ? AND confirmed < capacity`, sh.ID)
	if res.Error != nil {
		return mapError(res.Error)
	}
	if res.RowsAffected != 1 {
		return domain.Errorf(domain.EINTERNAL, "a freed place of shift %s could not be given on", sh.ID)
	}
	p := next[0]
	if err := tx.Exec(`UPDATE signups SET status = 'confirmed', updated_at = ? WHERE id = ? AND status = 'waitlisted'`,
		s.db.now(), p.ID).Error; err != nil {
		return mapError(err)
	}
	if err := s.db.audit(tx, actor, ptr(a.OrganizationID), domain.AuditSignupPromoted, "signup", p.ID.String(),
		map[string]any{"shift_id": sh.ID, "position": p.Position}); err != nil {
		return err
	}
	return s.db.notify(tx, p.VolunteerID, domain.NotifySignupPromoted, map[string]string{"activity": a.Title,
		"starts_at": sh.StartsAt.In(domain.Shanghai).Format("2006-01-02 15:04")}, activityLink(a.ID))
}

// FindShiftSignups lists a shift's sign-ups: the whole roster to the
// organisation's staff (confirmed, then pending, then the waitlist in
// order), and only their own to a volunteer.
func (s *SignupService) FindShiftSignups(ctx context.Context, actor *domain.Actor, shiftID uuid.UUID) ([]*domain.Signup, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	q := s.db.conn(ctx)
	var shifts []shiftRow
	if err := q.Where("id = ?", shiftID).Find(&shifts).Error; err != nil {
		return nil, mapError(err)
	}
	if len(shifts) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "shift not found")
	}
	a, err := findActivity(q, shifts[0].ActivityID)
	if err != nil {
		return nil, err
	}
	staff := actor.HasRole(a.OrganizationID, domain.RoleOwner, domain.RoleAdmin, domain.RoleStaff)
	if !staff && a.Status != string(domain.ActivityPublished) {
		return nil, domain.Errorf(domain.ENOTFOUND, "shift not found")
	}
	q = q.Where("shift_id = ?", shiftID)
	if !staff {
		q = q.Where("volunteer_id = ?", actor.User.ID)
	}
	var rows []signupRow
	if err := q.Order(`CASE status WHEN 'confirmed' THEN 0 WHEN 'pending' THEN 1 WHEN 'waitlisted' THEN 2 ELSE 3 END,
		position, created_at, id`).Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	return signupsOut(rows), nil
}

// FindMySignups lists the actor's own sign-ups, the latest shifts first.
func (s *SignupService) FindMySignups(ctx context.Context, actor *domain.Actor) ([]*domain.Signup, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	var rows []signupRow
	if err := s.db.conn(ctx).Where("volunteer_id = ?", actor.User.ID).Order("starts_at DESC, id").
		Limit(domain.MaxPageLimit).Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	return signupsOut(rows), nil
}
