package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/postgres"
)

// hoursFix is one organisation's activity with a two-hour shift starting
// ten minutes after the fixture's clock, and a volunteer confirmed on it.
type hoursFix struct {
	e      *env
	hours  *postgres.HoursService
	staff  *domain.Actor
	vol    *domain.Actor
	org    *domain.Organization
	act    uuid.UUID
	shift  uuid.UUID
	signup uuid.UUID
	start  time.Time
	end    time.Time
}

// newHoursFix builds the fixture on its own clock, so that subtests move
// time independently.
func newHoursFix(t *testing.T, base *env) *hoursFix {
	t.Helper()
	e := servicesOnClock(t, base, &clock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)})
	owner := e.register(t, "Owner")
	org := e.createOrg(t, e.actor(t, owner), domain.KindSocialOrg, "禾雨社会服务中心", "320213")
	f := &hoursFix{e: e, hours: postgres.NewHoursService(e.db), staff: e.actor(t, owner), org: org,
		vol: e.actor(t, e.register(t, "Volunteer")), act: uuid.New()}
	now := e.clock.Now()
	f.start, f.end = now.Add(10*time.Minute), now.Add(130*time.Minute)
	f.exec(t, `INSERT INTO activities (id, organization_id, title, description, category, region_code, status, created_at, updated_at)
		VALUES ($1, $2, '课业辅导', '周末课业辅导', 'tutoring', '320213', 'published', $3, $3)`, f.act, org.ID, now)
	f.shift = f.addShift(t)
	f.signup = f.signUp(t, f.shift, f.vol)
	return f
}

func (f *hoursFix) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := f.e.db.SQL().Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// addShift adds another shift at the same time to the activity.
func (f *hoursFix) addShift(t *testing.T) uuid.UUID {
	t.Helper()
	id := uuid.New()
	f.exec(t, `INSERT INTO shifts (id, activity_id, starts_at, ends_at, capacity, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 10, $5, $5)`, id, f.act, f.start, f.end, f.e.clock.Now())
	return id
}

// signUp confirms a volunteer on a shift, keeping the shift's counter
// equal to its rows.
func (f *hoursFix) signUp(t *testing.T, shift uuid.UUID, vol *domain.Actor) uuid.UUID {
	t.Helper()
	id := uuid.New()
	f.exec(t, `INSERT INTO signups (id, shift_id, volunteer_id, status, position, starts_at, ends_at, created_at, updated_at)
		VALUES ($1, $2, $3, 'confirmed', 0, $4, $5, $6, $6)`, id, shift, vol.User.ID, f.start, f.end, f.e.clock.Now())
	f.exec(t, `UPDATE shifts SET confirmed = confirmed + 1 WHERE id = $1`, shift)
	return id
}

// code is the QR code the organiser's page shows for a shift now.
func (f *hoursFix) code(t *testing.T, shift uuid.UUID) string {
	t.Helper()
	c, err := f.hours.CheckinCode(context.Background(), f.staff, shift)
	must(t, err)
	return c
}

// attend checks the volunteer in at the shift's start and out after d.
func (f *hoursFix) attend(t *testing.T, vol *domain.Actor, shift uuid.UUID, d time.Duration) *domain.HoursEntry {
	t.Helper()
	ctx := context.Background()
	_, err := f.hours.CheckIn(ctx, vol, f.code(t, shift))
	must(t, err)
	f.e.clock.Advance(d)
	_, entry, err := f.hours.CheckOut(ctx, vol, f.code(t, shift))
	must(t, err)
	return entry
}

func TestCheckIn(t *testing.T) {
	t.Parallel()
	base := newEnv(t)
	ctx := context.Background()

	t.Run("checks in and out within the window and writes a checkin entry", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		att, err := f.hours.CheckIn(ctx, f.vol, f.code(t, f.shift))
		must(t, err)
		if att.Method != domain.AttendanceQR || att.SignupID != f.signup || att.CheckedOutAt != nil {
			t.Fatalf("attendance = %+v", att)
		}
		f.e.clock.Advance(95*time.Minute + 30*time.Second)
		att, entry, err := f.hours.CheckOut(ctx, f.vol, f.code(t, f.shift))
		must(t, err)
		if att.CheckedOutAt == nil || !att.CheckedOutAt.Equal(f.e.clock.Now()) {
			t.Fatalf("checked out at %v, want %v", att.CheckedOutAt, f.e.clock.Now())
		}
		if entry.Minutes != 95 || entry.Source != domain.HoursCheckin || entry.VolunteerID != f.vol.User.ID ||
			entry.ShiftID != f.shift || entry.OrganizationID != f.org.ID || entry.VerifiedAt != nil {
			t.Fatalf("entry = %+v", entry)
		}
	})

	t.Run("caps the minutes at the shift's length", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		f.e.clock.Advance(-20 * time.Minute) // 30 minutes before the start
		entry := f.attend(t, f.vol, f.shift, 3*time.Hour)
		if entry.Minutes != 120 {
			t.Fatalf("minutes = %d, want the shift's 120", entry.Minutes)
		}
	})

	t.Run("accepts the previous code within the grace", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		f.e.clock.Advance(50 * time.Second)
		code := f.code(t, f.shift)
		f.e.clock.Advance(20 * time.Second)
		_, err := f.hours.CheckIn(ctx, f.vol, code)
		must(t, err)
	})

	t.Run("refuses a forged code", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		code := f.code(t, f.shift)
		last := "A"
		if strings.HasSuffix(code, "A") {
			last = "B"
		}
		_, err := f.hours.CheckIn(ctx, f.vol, code[:len(code)-1]+last)
		wantRule(t, err, "rule qr")
		_, err = f.hours.CheckIn(ctx, f.vol, "garbage")
		wantRule(t, err, "rule qr")
	})

	t.Run("refuses a code copied and used minutes later", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		code := f.code(t, f.shift)
		f.e.clock.Advance(3 * time.Minute)
		_, err := f.hours.CheckIn(ctx, f.vol, code)
		wantRule(t, err, "rule qr")
		if n := f.e.count(t, `SELECT count(*) FROM attendance WHERE signup_id = $1`, f.signup); n != 0 {
			t.Fatalf("%d attendance rows after a refusal", n)
		}
	})

	t.Run("refuses another shift's code", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		other := f.addShift(t)
		_, err := f.hours.CheckIn(ctx, f.vol, f.code(t, other))
		wantRule(t, err, "rule signup")
	})

	t.Run("refuses a volunteer who is not signed up", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		stranger := f.e.actor(t, f.e.register(t, "Stranger"))
		_, err := f.hours.CheckIn(ctx, stranger, f.code(t, f.shift))
		wantRule(t, err, "rule signup")
		_, err = f.hours.CheckIn(ctx, &domain.Actor{}, f.code(t, f.shift))
		wantCode(t, err, domain.EUNAUTHORIZED)
	})

	t.Run("refuses a cancelled sign-up", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		f.exec(t, `UPDATE signups SET status = 'cancelled' WHERE id = $1`, f.signup)
		f.exec(t, `UPDATE shifts SET confirmed = confirmed - 1 WHERE id = $1`, f.shift)
		_, err := f.hours.CheckIn(ctx, f.vol, f.code(t, f.shift))
		wantRule(t, err, "rule signup")
	})

	t.Run("refuses checking in outside the shift's window", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		f.e.clock.Advance(-time.Hour)
		_, err := f.hours.CheckIn(ctx, f.vol, f.code(t, f.shift))
		wantRule(t, err, "rule window")
		f.e.clock.Advance(4 * time.Hour)
		_, err = f.hours.CheckIn(ctx, f.vol, f.code(t, f.shift))
		wantRule(t, err, "rule window")
	})

	t.Run("refuses checking in twice", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		_, err := f.hours.CheckIn(ctx, f.vol, f.code(t, f.shift))
		must(t, err)
		_, err = f.hours.CheckIn(ctx, f.vol, f.code(t, f.shift))
		wantCode(t, err, domain.ECONFLICT)
	})

	t.Run("refuses checking out before checking in, and twice", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		_, _, err := f.hours.CheckOut(ctx, f.vol, f.code(t, f.shift))
		wantCode(t, err, domain.ECONFLICT)
		f.attend(t, f.vol, f.shift, time.Hour)
		_, _, err = f.hours.CheckOut(ctx, f.vol, f.code(t, f.shift))
		wantCode(t, err, domain.ECONFLICT)
		if n := f.e.count(t, `SELECT count(*) FROM volunteer_hours WHERE shift_id = $1`, f.shift); n != 1 {
			t.Fatalf("%d entries, want 1", n)
		}
	})

	t.Run("shows the code to the organisation's staff only", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		_, err := f.hours.CheckinCode(ctx, f.vol, f.shift)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = f.hours.CheckinCode(ctx, f.staff, uuid.New())
		wantCode(t, err, domain.ENOTFOUND)
	})
}

// wantRule fails unless err is EFORBIDDEN naming rule.
func wantRule(t *testing.T, err error, rule string) {
	t.Helper()
	e := wantCode(t, err, domain.EFORBIDDEN)
	if !strings.HasPrefix(e.Message, rule+": ") {
		t.Fatalf("message = %q, want the rule %q", e.Message, rule)
	}
}
