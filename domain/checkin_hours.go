package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// CheckinMargin is how long before a shift starts and after it ends a
// volunteer may check in or out: people arrive early and leave late.
const CheckinMargin = 30 * time.Minute

// MaxVerifyBatch caps one bulk verification, so that a request stays one
// short transaction.
const MaxVerifyBatch = 500

// AttendanceMethod says how attendance was recorded: by the volunteer's
// scan of the QR code, or by hand by the organisation's staff.
type AttendanceMethod string

// Attendance methods.
const (
	AttendanceQR    AttendanceMethod = "qr"
	AttendanceStaff AttendanceMethod = "staff"
)

// Attendance is a volunteer's presence on a shift, one per sign-up.
type Attendance struct {
	SignupID     uuid.UUID        `json:"signup_id"`
	ShiftID      uuid.UUID        `json:"shift_id"`
	VolunteerID  uuid.UUID        `json:"volunteer_id"`
	Method       AttendanceMethod `json:"method"`
	CheckedInAt  time.Time        `json:"checked_in_at"`
	CheckedOutAt *time.Time       `json:"checked_out_at,omitempty"`
}

// HoursSource labels an hours entry, so that hours from check-outs stay
// apart from hours typed by staff and from corrections.
type HoursSource string

// Hours sources.
const (
	HoursCheckin    HoursSource = "checkin"
	HoursStaff      HoursSource = "staff"
	HoursCorrection HoursSource = "correction"
)

// HoursEntry is one append-only entry of the hours ledger. A correction
// is a new entry (minutes may be negative) naming the one it corrects.
type HoursEntry struct {
	ID             uuid.UUID   `json:"id"`
	VolunteerID    uuid.UUID   `json:"volunteer_id"`
	OrganizationID uuid.UUID   `json:"organization_id"`
	ActivityID     uuid.UUID   `json:"activity_id"`
	ShiftID        uuid.UUID   `json:"shift_id"`
	ContractID     *uuid.UUID  `json:"contract_id,omitempty"`
	Minutes        int         `json:"minutes"`
	Source         HoursSource `json:"source"`
	CorrectsID     *uuid.UUID  `json:"corrects_id,omitempty"`
	Note           string      `json:"note"`
	VerifiedAt     *time.Time  `json:"verified_at,omitempty"`
	VerifiedBy     *uuid.UUID  `json:"verified_by,omitempty"`
	CreatedBy      uuid.UUID   `json:"created_by"`
	CreatedAt      time.Time   `json:"created_at"`
}

// HoursFilter narrows hours totals; nil fields do not filter. Totals
// count verified entries only.
type HoursFilter struct {
	VolunteerID    *uuid.UUID
	OrganizationID *uuid.UUID
	ActivityID     *uuid.UUID
	ContractID     *uuid.UUID
}

// HoursTotals are the figures a contract's outcome report needs: 服务时长
// (minutes), 活动场次 (shifts), 人数 (volunteers) and 人次 (volunteer
// shifts), from verified entries.
type HoursTotals struct {
	Minutes         int `json:"minutes"`
	Shifts          int `json:"shifts"`
	Volunteers      int `json:"volunteers"`
	VolunteerShifts int `json:"volunteer_shifts"`
}

// Audit actions of attendance and hours.
const (
	AuditAttendanceMarked = "attendance.marked"
	AuditHoursCorrected   = "hours.corrected"
	AuditHoursVerified    = "hours.verified"
)

// CheckinOpen is the rule that a volunteer checks in or out only around
// the shift: from CheckinMargin before it starts to CheckinMargin after it
// ends.
func CheckinOpen(startsAt, endsAt, now time.Time) error {
	if now.Before(startsAt.Add(-CheckinMargin)) || now.After(endsAt.Add(CheckinMargin)) {
		return Errorf(EFORBIDDEN, "rule window: check-in opens 30 minutes before the shift and closes 30 minutes after it")
	}
	return nil
}

// CheckoutMinutes are the minutes a check-out earns: whole minutes from
// check-in to check-out, never more than the shift's length.
func CheckoutMinutes(in, out, startsAt, endsAt time.Time) int {
	return int(min(max(out.Sub(in), 0), endsAt.Sub(startsAt)) / time.Minute)
}

// StaffAttendanceMinutes checks attendance typed by staff and returns its
// minutes: check-out after check-in, both within the check-in margins of
// the shift, and no longer than the shift (EINVALID otherwise).
func StaffAttendanceMinutes(in, out, startsAt, endsAt time.Time) (int, error) {
	var v Validation
	v.Check(out.After(in), "checked_out_at", "must be after the check-in")
	v.Check(!in.Before(startsAt.Add(-CheckinMargin)), "checked_in_at", "must be at most 30 minutes before the shift starts")
	v.Check(!out.After(endsAt.Add(CheckinMargin)), "checked_out_at", "must be at most 30 minutes after the shift ends")
	v.Check(out.Sub(in) <= endsAt.Sub(startsAt), "checked_out_at", "the hours are longer than the shift")
	if err := v.Err(); err != nil {
		return 0, err
	}
	m := int(out.Sub(in) / time.Minute)
	if m < 1 {
		return 0, Invalid("checked_out_at", "attendance must last at least a minute")
	}
	return m, nil
}

// CorrectionMinutes checks a correction against the total of the
// volunteer's entries for the shift: never zero, and the total stays
// between zero and the shift's length (EINVALID otherwise).
func CorrectionMinutes(minutes, total int, shiftLength time.Duration) error {
	switch {
	case minutes == 0:
		return Invalid("minutes", "a correction changes the hours by at least a minute")
	case total+minutes < 0:
		return Invalid("minutes", "the hours for the shift would fall below zero")
	case time.Duration(total+minutes)*time.Minute > shiftLength:
		return Invalid("minutes", "the hours for the shift would be longer than the shift")
	}
	return nil
}

// HoursLedger records attendance and hours: QR check-in and check-out by
// the volunteer, attendance marked by staff, corrections and verification
// by the organisation, and totals of verified hours. A volunteer's hours
// are theirs and their organisations' only; others get ENOTFOUND.
type HoursLedger interface {
	CheckinCode(ctx context.Context, actor *Actor, shiftID uuid.UUID) (string, error)
	CheckIn(ctx context.Context, actor *Actor, token string) (*Attendance, error)
	CheckOut(ctx context.Context, actor *Actor, token string) (*Attendance, *HoursEntry, error)
	MarkAttendance(ctx context.Context, actor *Actor, signupID uuid.UUID, in, out time.Time) (*Attendance, *HoursEntry, error)
	AddCorrection(ctx context.Context, actor *Actor, entryID uuid.UUID, minutes int, note string) (*HoursEntry, error)
	VerifyHours(ctx context.Context, actor *Actor, ids ...uuid.UUID) ([]*HoursEntry, error)
	FindMyHours(ctx context.Context, actor *Actor) ([]*HoursEntry, error)
	FindVolunteerHours(ctx context.Context, actor *Actor, volunteerID uuid.UUID) ([]*HoursEntry, error)
	HoursTotals(ctx context.Context, actor *Actor, f HoursFilter) (*HoursTotals, error)
}
