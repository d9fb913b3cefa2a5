package postgres

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// checkinKeysInfo is the HKDF info of the key that signs the rotating
// check-in QR codes: a key of its own, so that a code never doubles as
// any other MAC of the platform.
const checkinKeysInfo = "hutong checkins v1"

// checkinKey derives the check-in signing key from the platform secret.
func (db *DB) checkinKey() ([]byte, error) {
	if len(db.opts.SecretKey) < 16 {
		return nil, domain.Errorf(domain.EUNAVAILABLE, "check-ins need the platform secret key")
	}
	return hkdf.Key(sha256.New, db.opts.SecretKey, nil, checkinKeysInfo, 32)
}

// HoursService records attendance and the append-only hours ledger:
// volunteers check in and out with the shift's QR code, staff mark
// attendance and correct and verify hours.
type HoursService struct{ db *DB }

// NewHoursService returns the attendance and hours service.
func NewHoursService(db *DB) *HoursService { return &HoursService{db: db} }

var _ domain.HoursLedger = (*HoursService)(nil)

// checkinSignup is a sign-up with its shift and activity, everything a
// check-in or an hours entry needs.
type checkinSignup struct {
	SignupID       uuid.UUID
	VolunteerID    uuid.UUID
	Status         string
	ShiftID        uuid.UUID
	StartsAt       time.Time
	EndsAt         time.Time
	CancelledAt    *time.Time
	ActivityID     uuid.UUID
	OrganizationID uuid.UUID
	ContractID     *uuid.UUID
}

const checkinSignupSelect = `SELECT s.id AS signup_id, s.volunteer_id, s.status, sh.id AS shift_id, sh.starts_at, sh.ends_at,
	sh.cancelled_at, a.id AS activity_id, a.organization_id, a.contract_id
	FROM signups s JOIN shifts sh ON sh.id = s.shift_id JOIN activities a ON a.id = sh.activity_id `

// lockCheckinSignup loads and locks one sign-up chosen by where; ok is
// false when none matches.
func lockCheckinSignup(tx *gorm.DB, where string, args ...any) (*checkinSignup, bool, error) {
	var rows []checkinSignup
	if err := tx.Raw(checkinSignupSelect+where+` FOR UPDATE OF s`, args...).Scan(&rows).Error; err != nil {
		return nil, false, mapError(err)
	}
	if len(rows) == 0 {
		return nil, false, nil
	}
	return &rows[0], true, nil
}

type attendanceRow struct {
	SignupID     uuid.UUID `gorm:"primaryKey"`
	ShiftID      uuid.UUID
	VolunteerID  uuid.UUID
	Method       string
	CheckedInAt  time.Time
	CheckedOutAt *time.Time
	RecordedBy   uuid.UUID
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (attendanceRow) TableName() string { return "attendance" }

func (r *attendanceRow) domain() *domain.Attendance {
	return &domain.Attendance{SignupID: r.SignupID, ShiftID: r.ShiftID, VolunteerID: r.VolunteerID,
		Method: domain.AttendanceMethod(r.Method), CheckedInAt: r.CheckedInAt.UTC(), CheckedOutAt: utcPtr(r.CheckedOutAt)}
}

// findAttendance loads a sign-up's attendance, nil when there is none;
// the caller holds the sign-up's lock.
func findAttendance(tx *gorm.DB, signupID uuid.UUID) (*attendanceRow, error) {
	var rows []attendanceRow
	if err := tx.Where("signup_id = ?", signupID).Limit(1).Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return &rows[0], nil
}

// CheckinCode is the QR code the organiser's page shows for a shift now;
// the page asks again every window. Only the organisation's staff see it.
func (s *HoursService) CheckinCode(ctx context.Context, actor *domain.Actor, shiftID uuid.UUID) (string, error) {
	var orgs []uuid.UUID
	if err := s.db.conn(ctx).Raw(`SELECT a.organization_id FROM shifts sh JOIN activities a ON a.id = sh.activity_id WHERE sh.id = ?`,
		shiftID).Scan(&orgs).Error; err != nil {
		return "", mapError(err)
	}
	if len(orgs) == 0 {
		return "", domain.Errorf(domain.ENOTFOUND, "shift not found")
	}
	if err := s.canManage(s.db.conn(ctx), actor, orgs[0]); err != nil {
		return "", err
	}
	key, err := s.db.checkinKey()
	if err != nil {
		return "", err
	}
	return domain.CheckinToken(key, shiftID, s.db.now()), nil
}

// canManage is ActionActivityManage on an organisation; anyone else is
// told the object does not exist, since they may not know it does.
func (s *HoursService) canManage(q *gorm.DB, actor *domain.Actor, orgID uuid.UUID) error {
	if actor.Anonymous() {
		return domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	org, err := findOrg(q, orgID)
	if err != nil {
		return err
	}
	if domain.Can(actor, domain.ActionActivityManage, org) != nil {
		return domain.Errorf(domain.ENOTFOUND, "not found")
	}
	return nil
}

// scannedSignup verifies a scanned code and locks the actor's confirmed
// sign-up on its shift, inside the shift's check-in window.
func (s *HoursService) scannedSignup(tx *gorm.DB, actor *domain.Actor, token string) (*checkinSignup, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	key, err := s.db.checkinKey()
	if err != nil {
		return nil, err
	}
	now := s.db.now()
	shiftID, err := domain.VerifyCheckinToken(key, token, now, domain.CheckinGrace)
	if err != nil {
		return nil, err
	}
	su, ok, err := lockCheckinSignup(tx, `WHERE s.shift_id = ? AND s.volunteer_id = ? AND s.status = 'confirmed'`, shiftID, actor.User.ID)
	if err != nil {
		return nil, err
	}
	if !ok || su.CancelledAt != nil {
		return nil, domain.Errorf(domain.EFORBIDDEN, "rule signup: you do not hold a confirmed place on this shift")
	}
	if err := domain.CheckinOpen(su.StartsAt, su.EndsAt, now); err != nil {
		return nil, err
	}
	return su, nil
}

// CheckIn records the scanning volunteer's arrival on the code's shift.
// A second check-in is ECONFLICT.
func (s *HoursService) CheckIn(ctx context.Context, actor *domain.Actor, token string) (*domain.Attendance, error) {
	var row attendanceRow
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		su, err := s.scannedSignup(tx, actor, token)
		if err != nil {
			return err
		}
		if prev, err := findAttendance(tx, su.SignupID); err != nil {
			return err
		} else if prev != nil {
			return domain.Errorf(domain.ECONFLICT, "you have already checked in to this shift")
		}
		now := s.db.now()
		row = attendanceRow{SignupID: su.SignupID, ShiftID: su.ShiftID, VolunteerID: su.VolunteerID, Method: string(domain.AttendanceQR),
			CheckedInAt: now, RecordedBy: actor.User.ID, CreatedAt: now, UpdatedAt: now}
		return mapError(tx.Create(&row).Error)
	})
	if err != nil {
		return nil, err
	}
	return row.domain(), nil
}

// CheckOut records the volunteer's departure and writes their hours
// entry (source checkin): the minutes since check-in, capped at the
// shift's length. A check-out under a minute writes no entry.
func (s *HoursService) CheckOut(ctx context.Context, actor *domain.Actor, token string) (*domain.Attendance, *domain.HoursEntry, error) {
	var att *attendanceRow
	var entry *hoursEntryRow
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		su, err := s.scannedSignup(tx, actor, token)
		if err != nil {
			return err
		}
		if att, err = findAttendance(tx, su.SignupID); err != nil {
			return err
		}
		switch {
		case att == nil:
			return domain.Errorf(domain.ECONFLICT, "check in before checking out")
		case att.CheckedOutAt != nil:
			return domain.Errorf(domain.ECONFLICT, "you have already checked out of this shift")
		}
		now := s.db.now()
		if !now.After(att.CheckedInAt) {
			return domain.Errorf(domain.ECONFLICT, "check out after checking in")
		}
		att.CheckedOutAt, att.UpdatedAt = &now, now
		if err := tx.Exec(`UPDATE attendance SET checked_out_at = ?, updated_at = ? WHERE signup_id = ?`, now, now, su.SignupID).Error; err != nil {
			return mapError(err)
		}
		minutes := domain.CheckoutMinutes(att.CheckedInAt, now, su.StartsAt, su.EndsAt)
		if minutes == 0 {
			return nil
		}
		entry = newHoursEntry(su, minutes, domain.HoursCheckin, "", actor.User.ID, now)
		return mapError(tx.Create(entry).Error)
	})
	if err != nil {
		return nil, nil, err
	}
	return att.domain(), entry.domainOrNil(), nil
}

// MarkAttendance records by hand that a confirmed volunteer came, for a
// volunteer without a phone or who forgot to check out: method staff,
// and an hours entry labelled staff. Times outside the shift's margins,
// or longer than the shift, are EINVALID; attendance already complete is
// ECONFLICT (add a correction instead).
func (s *HoursService) MarkAttendance(ctx context.Context, actor *domain.Actor, signupID uuid.UUID, in, out time.Time) (*domain.Attendance, *domain.HoursEntry, error) {
	var att *attendanceRow
	var entry *hoursEntryRow
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		su, ok, err := lockCheckinSignup(tx, `WHERE s.id = ?`, signupID)
		if err != nil {
			return err
		} else if !ok {
			return domain.Errorf(domain.ENOTFOUND, "sign-up not found")
		}
		if err := s.canManage(tx, actor, su.OrganizationID); err != nil {
			return err
		}
		if su.Status != string(domain.SignupConfirmed) {
			return domain.Errorf(domain.ECONFLICT, "the sign-up is %s: only confirmed volunteers attend", su.Status)
		}
		in, out = in.UTC().Truncate(time.Microsecond), out.UTC().Truncate(time.Microsecond)
		minutes, err := domain.StaffAttendanceMinutes(in, out, su.StartsAt, su.EndsAt)
		if err != nil {
			return err
		}
		if att, err = s.writeStaffAttendance(tx, actor, su, in, out); err != nil {
			return err
		}
		entry = newHoursEntry(su, minutes, domain.HoursStaff, "recorded by staff", actor.User.ID, s.db.now())
		if err := tx.Create(entry).Error; err != nil {
			return mapError(err)
		}
		return s.db.audit(tx, actor, ptr(su.OrganizationID), domain.AuditAttendanceMarked, "signup", su.SignupID.String(),
			map[string]any{"minutes": minutes, "hours_entry": entry.ID})
	})
	if err != nil {
		return nil, nil, err
	}
	return att.domain(), entry.domainOrNil(), nil
}

// writeStaffAttendance inserts staff attendance, or completes a QR
// check-in that never checked out, which then counts as staff-recorded.
func (s *HoursService) writeStaffAttendance(tx *gorm.DB, actor *domain.Actor, su *checkinSignup, in, out time.Time) (*attendanceRow, error) {
	prev, err := findAttendance(tx, su.SignupID)
	if err != nil {
		return nil, err
	}
	if prev != nil && prev.CheckedOutAt != nil {
		return nil, domain.Errorf(domain.ECONFLICT, "attendance is already recorded: add a correction instead")
	}
	now := s.db.now()
	row := &attendanceRow{SignupID: su.SignupID, ShiftID: su.ShiftID, VolunteerID: su.VolunteerID, Method: string(domain.AttendanceStaff),
		CheckedInAt: in, CheckedOutAt: &out, RecordedBy: actor.User.ID, CreatedAt: now, UpdatedAt: now}
	if prev == nil {
		return row, mapError(tx.Create(row).Error)
	}
	row.CreatedAt = prev.CreatedAt
	err = tx.Exec(`UPDATE attendance SET method = 'staff', checked_in_at = ?, checked_out_at = ?, recorded_by = ?, updated_at = ? WHERE signup_id = ?`,
		in, out, actor.User.ID, now, su.SignupID).Error
	return row, mapError(err)
}
