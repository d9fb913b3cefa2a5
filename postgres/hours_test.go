package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

func TestMarkAttendance(t *testing.T) {
	t.Parallel()
	base := newEnv(t)
	ctx := context.Background()

	t.Run("records staff attendance labelled as such", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		att, entry, err := f.hours.MarkAttendance(ctx, f.staff, f.signup, f.start, f.start.Add(100*time.Minute))
		must(t, err)
		if att.Method != domain.AttendanceStaff || !att.CheckedInAt.Equal(f.start) {
			t.Fatalf("attendance = %+v", att)
		}
		if entry.Source != domain.HoursStaff || entry.Minutes != 100 || entry.CreatedBy != f.staff.User.ID || entry.Note == "" {
			t.Fatalf("entry = %+v", entry)
		}
		if n := f.e.count(t, `SELECT count(*) FROM audit_log WHERE action = $1 AND object_id = $2`,
			domain.AuditAttendanceMarked, f.signup.String()); n != 1 {
			t.Fatalf("%d audit entries", n)
		}
	})

	t.Run("completes a check-in that never checked out", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		_, err := f.hours.CheckIn(ctx, f.vol, f.code(t, f.shift))
		must(t, err)
		att, entry, err := f.hours.MarkAttendance(ctx, f.staff, f.signup, f.start, f.end)
		must(t, err)
		if att.Method != domain.AttendanceStaff || entry.Source != domain.HoursStaff || entry.Minutes != 120 {
			t.Fatalf("attendance %+v, entry %+v", att, entry)
		}
	})

	t.Run("refuses negative hours and hours beyond the shift", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		_, _, err := f.hours.MarkAttendance(ctx, f.staff, f.signup, f.end, f.start)
		wantField(t, err, domain.EINVALID, "checked_out_at")
		_, _, err = f.hours.MarkAttendance(ctx, f.staff, f.signup, f.start.Add(-20*time.Minute), f.end.Add(20*time.Minute))
		wantField(t, err, domain.EINVALID, "checked_out_at")
		_, _, err = f.hours.MarkAttendance(ctx, f.staff, f.signup, f.start.Add(-time.Hour), f.start)
		wantField(t, err, domain.EINVALID, "checked_in_at")
		if n := f.e.count(t, `SELECT count(*) FROM volunteer_hours WHERE shift_id = $1`, f.shift); n != 0 {
			t.Fatalf("%d entries after refusals", n)
		}
	})

	t.Run("refuses attendance already recorded", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		f.attend(t, f.vol, f.shift, time.Hour)
		_, _, err := f.hours.MarkAttendance(ctx, f.staff, f.signup, f.start, f.end)
		wantCode(t, err, domain.ECONFLICT)
	})

	t.Run("hides the sign-up from anyone but the organisation's staff", func(t *testing.T) {
		t.Parallel()
		f := newHoursFix(t, base)
		_, _, err := f.hours.MarkAttendance(ctx, f.vol, f.signup, f.start, f.end)
		wantCode(t, err, domain.ENOTFOUND)
		_, _, err = f.hours.MarkAttendance(ctx, f.staff, uuid.New(), f.start, f.end)
		wantCode(t, err, domain.ENOTFOUND)
	})
}

func TestAddCorrection(t *testing.T) {
	t.Parallel()
	base := newEnv(t)
	ctx := context.Background()
	f := newHoursFix(t, base)
	entry := f.attend(t, f.vol, f.shift, 90*time.Minute)

	t.Run("appends a negative correction naming the entry", func(t *testing.T) {
		c, err := f.hours.AddCorrection(ctx, f.staff, entry.ID, -30, "left early to pick up a child")
		must(t, err)
		if c.Source != domain.HoursCorrection || c.Minutes != -30 || c.CorrectsID == nil || *c.CorrectsID != entry.ID ||
			c.ShiftID != f.shift || c.VolunteerID != f.vol.User.ID {
			t.Fatalf("correction = %+v", c)
		}
		if n := f.e.count(t, `SELECT sum(minutes) FROM volunteer_hours WHERE shift_id = $1`, f.shift); n != 60 {
			t.Fatalf("total = %d, want 60", n)
		}
	})
	t.Run("refuses a total below zero or beyond the shift", func(t *testing.T) {
		_, err := f.hours.AddCorrection(ctx, f.staff, entry.ID, -61, "no-show")
		wantField(t, err, domain.EINVALID, "minutes")
		_, err = f.hours.AddCorrection(ctx, f.staff, entry.ID, 61, "stayed late")
		wantField(t, err, domain.EINVALID, "minutes")
		_, err = f.hours.AddCorrection(ctx, f.staff, entry.ID, 0, "nothing")
		wantField(t, err, domain.EINVALID, "minutes")
		_, err = f.hours.AddCorrection(ctx, f.staff, entry.ID, 10, "  ")
		wantField(t, err, domain.EINVALID, "note")
	})
	t.Run("brings the total to zero at most", func(t *testing.T) {
		_, err := f.hours.AddCorrection(ctx, f.staff, entry.ID, -60, "did not serve after all")
		must(t, err)
	})
	t.Run("hides the entry from others", func(t *testing.T) {
		_, err := f.hours.AddCorrection(ctx, f.vol, entry.ID, 5, "more please")
		wantCode(t, err, domain.ENOTFOUND)
	})
}

func TestVerifyHours(t *testing.T) {
	t.Parallel()
	base := newEnv(t)
	ctx := context.Background()
	f := newHoursFix(t, base)
	other := f.e.actor(t, f.e.register(t, "Second"))
	f.signUp(t, f.shift, other)
	_, err := f.hours.CheckIn(ctx, other, f.code(t, f.shift))
	must(t, err)
	first := f.attend(t, f.vol, f.shift, 60*time.Minute)
	_, second, err := f.hours.CheckOut(ctx, other, f.code(t, f.shift))
	must(t, err)
	fix, err := f.hours.AddCorrection(ctx, f.staff, first.ID, -15, "arrived late")
	must(t, err)

	t.Run("refuses anyone but the organisation's staff", func(t *testing.T) {
		_, err := f.hours.VerifyHours(ctx, other, first.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = f.hours.VerifyHours(ctx, f.staff, first.ID, uuid.New())
		wantCode(t, err, domain.ENOTFOUND)
		_, err = f.hours.VerifyHours(ctx, f.staff)
		wantField(t, err, domain.EINVALID, "ids")
		totals, err := f.hours.HoursTotals(ctx, f.staff, domain.HoursFilter{OrganizationID: &f.org.ID})
		must(t, err)
		if totals.Minutes != 0 {
			t.Fatalf("verified minutes before verification = %d", totals.Minutes)
		}
	})
	t.Run("verifies a batch and keeps the first verification", func(t *testing.T) {
		es, err := f.hours.VerifyHours(ctx, f.staff, first.ID, second.ID, fix.ID, first.ID)
		must(t, err)
		if len(es) != 3 {
			t.Fatalf("%d entries", len(es))
		}
		for _, e := range es {
			if e.VerifiedAt == nil || e.VerifiedBy == nil || *e.VerifiedBy != f.staff.User.ID {
				t.Fatalf("entry not verified: %+v", e)
			}
		}
		was := *es[0].VerifiedAt
		f.e.clock.Advance(time.Hour)
		es, err = f.hours.VerifyHours(ctx, f.staff, first.ID)
		must(t, err)
		if !es[0].VerifiedAt.Equal(was) {
			t.Fatalf("verified again at %v, first at %v", es[0].VerifiedAt, was)
		}
	})
	t.Run("totals verified hours per volunteer, organisation and activity", func(t *testing.T) {
		want := domain.HoursTotals{Minutes: 45 + 60, Shifts: 1, Volunteers: 2, VolunteerShifts: 2}
		for name, filter := range map[string]domain.HoursFilter{
			"organisation": {OrganizationID: &f.org.ID},
			"activity":     {OrganizationID: &f.org.ID, ActivityID: &f.act},
		} {
			got, err := f.hours.HoursTotals(ctx, f.staff, filter)
			must(t, err)
			if *got != want {
				t.Fatalf("%s totals = %+v, want %+v", name, *got, want)
			}
		}
		mine, err := f.hours.HoursTotals(ctx, f.vol, domain.HoursFilter{VolunteerID: &f.vol.User.ID})
		must(t, err)
		if mine.Minutes != 45 || mine.VolunteerShifts != 1 {
			t.Fatalf("volunteer totals = %+v", *mine)
		}
		_, err = f.hours.HoursTotals(ctx, other, domain.HoursFilter{VolunteerID: &f.vol.User.ID})
		wantCode(t, err, domain.ENOTFOUND)
		_, err = f.hours.HoursTotals(ctx, other, domain.HoursFilter{OrganizationID: &f.org.ID})
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("refuses verifying one's own hours", func(t *testing.T) {
		f := newHoursFix(t, base)
		f.signUp(t, f.shift, f.staff)
		own := f.attend(t, f.staff, f.shift, time.Hour)
		_, err := f.hours.VerifyHours(ctx, f.staff, own.ID)
		wantRule(t, err, "rule four-eyes")
	})
}

func TestFindHours(t *testing.T) {
	t.Parallel()
	base := newEnv(t)
	ctx := context.Background()
	f := newHoursFix(t, base)
	entry := f.attend(t, f.vol, f.shift, time.Hour)

	t.Run("shows the volunteer their own hours", func(t *testing.T) {
		es, err := f.hours.FindMyHours(ctx, f.vol)
		must(t, err)
		if len(es) != 1 || es[0].ID != entry.ID {
			t.Fatalf("hours = %+v", es)
		}
	})
	t.Run("shows the organisation's staff its entries", func(t *testing.T) {
		es, err := f.hours.FindVolunteerHours(ctx, f.staff, f.vol.User.ID)
		must(t, err)
		if len(es) != 1 {
			t.Fatalf("hours = %+v", es)
		}
	})
	t.Run("hides them from another volunteer", func(t *testing.T) {
		other := f.e.actor(t, f.e.register(t, "Nosy"))
		_, err := f.hours.FindVolunteerHours(ctx, other, f.vol.User.ID)
		wantCode(t, err, domain.ENOTFOUND)
		mine, err := f.hours.FindMyHours(ctx, other)
		must(t, err)
		if len(mine) != 0 {
			t.Fatalf("another volunteer sees %d entries", len(mine))
		}
		_, err = f.hours.FindMyHours(ctx, &domain.Actor{})
		wantCode(t, err, domain.EUNAUTHORIZED)
	})
}

func TestHoursLedgerAppendOnly(t *testing.T) {
	t.Parallel()
	base := newEnv(t)
	f := newHoursFix(t, base)
	entry := f.attend(t, f.vol, f.shift, time.Hour)
	db := f.e.db.SQL()
	refused := func(t *testing.T, query string, args ...any) {
		t.Helper()
		if _, err := db.Exec(query, args...); err == nil {
			t.Fatalf("%s was allowed", query)
		}
	}

	t.Run("refuses changing an entry", func(t *testing.T) {
		refused(t, `UPDATE volunteer_hours SET minutes = 600 WHERE id = $1`, entry.ID)
		refused(t, `UPDATE volunteer_hours SET note = 'edited' WHERE id = $1`, entry.ID)
		refused(t, `UPDATE volunteer_hours SET verified_at = now(), verified_by = $2, minutes = 61 WHERE id = $1`, entry.ID, f.staff.User.ID)
		refused(t, `UPDATE volunteer_hours SET verified_at = now() WHERE id = $1`, entry.ID)
	})
	t.Run("refuses deleting an entry", func(t *testing.T) {
		refused(t, `DELETE FROM volunteer_hours WHERE id = $1`, entry.ID)
	})
	t.Run("refuses zero and unbounded minutes", func(t *testing.T) {
		for _, m := range []int{0, 20000, -20000} {
			refused(t, `INSERT INTO volunteer_hours (id, volunteer_id, organization_id, activity_id, shift_id, minutes, source, created_by, created_at)
				SELECT $1, volunteer_id, organization_id, activity_id, shift_id, $2, 'staff', created_by, now() FROM volunteer_hours WHERE id = $3`,
				uuid.New(), m, entry.ID)
		}
	})
	t.Run("allows the one verification, once", func(t *testing.T) {
		if _, err := db.Exec(`UPDATE volunteer_hours SET verified_at = now(), verified_by = $2 WHERE id = $1`, entry.ID, f.staff.User.ID); err != nil {
			t.Fatalf("verification refused: %v", err)
		}
		refused(t, `UPDATE volunteer_hours SET verified_at = now() + interval '1 day' WHERE id = $1`, entry.ID)
		refused(t, `UPDATE volunteer_hours SET verified_at = NULL, verified_by = NULL WHERE id = $1`, entry.ID)
		if n := f.e.count(t, `SELECT minutes FROM volunteer_hours WHERE id = $1`, entry.ID); n != 60 {
			t.Fatalf("minutes = %d", n)
		}
	})
}
