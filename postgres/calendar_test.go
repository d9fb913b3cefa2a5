package postgres_test

import (
	"context"
	"testing"

	"hutong/domain"
)

func TestCalendarSeed(t *testing.T) {
	t.Parallel()
	e := newTenderEnv(t, shanghai(2025, 9, 12, 10))
	days, err := e.calendar.FindCalendar(context.Background(), domain.NewDate(2025, 1, 1), domain.NewDate(2026, 12, 31))
	must(t, err)
	cal := domain.NewCalendar(days)
	tests := []struct {
		date    domain.Date
		working bool
	}{
		{domain.NewDate(2025, 1, 26), true}, {domain.NewDate(2025, 1, 28), false}, {domain.NewDate(2025, 2, 4), false},
		{domain.NewDate(2025, 2, 8), true}, {domain.NewDate(2025, 4, 4), false}, {domain.NewDate(2025, 4, 27), true},
		{domain.NewDate(2025, 5, 5), false}, {domain.NewDate(2025, 6, 2), false}, {domain.NewDate(2025, 9, 28), true},
		{domain.NewDate(2025, 10, 8), false}, {domain.NewDate(2025, 10, 11), true},
		{domain.NewDate(2026, 1, 2), false}, {domain.NewDate(2026, 1, 4), true}, {domain.NewDate(2026, 2, 14), true},
		{domain.NewDate(2026, 2, 23), false}, {domain.NewDate(2026, 2, 28), true}, {domain.NewDate(2026, 4, 6), false},
		{domain.NewDate(2026, 5, 5), false}, {domain.NewDate(2026, 5, 9), true}, {domain.NewDate(2026, 6, 19), false},
		{domain.NewDate(2026, 9, 20), true}, {domain.NewDate(2026, 9, 25), false}, {domain.NewDate(2026, 10, 7), false},
		{domain.NewDate(2026, 10, 10), true}, {domain.NewDate(2026, 10, 12), true},
	}
	for _, tt := range tests {
		if cal.IsWorkingDay(tt.date) != tt.working {
			t.Errorf("%s (%s): working %v, want %v", tt.date, tt.date.Weekday(), !tt.working, tt.working)
		}
	}
	// 2025: 1+8+3+5+3+8 holidays, 5 workdays; 2026: 3+9+3+5+3+3+7, 6.
	if len(days) != 28+5+33+6 {
		t.Errorf("%d seeded days, want 72", len(days))
	}
}

func TestCalendarEdits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newTenderEnv(t, shanghai(2025, 9, 12, 10))

	t.Run("OKSetAndReplace", func(t *testing.T) {
		t.Parallel()
		day := domain.CalendarDay{Date: domain.NewDate(2027, 1, 1), Kind: domain.CalendarHoliday, Name: "元旦"}
		_, err := e.calendar.SetCalendarDay(ctx, e.platform, day)
		must(t, err)
		day.Name = "新年"
		_, err = e.calendar.SetCalendarDay(ctx, e.platform, day)
		must(t, err)
		got, err := e.calendar.FindCalendar(ctx, day.Date, day.Date)
		must(t, err)
		if len(got) != 1 || got[0] != day {
			t.Fatalf("read back %+v", got)
		}
		var prev string
		must(t, e.db.SQL().QueryRow(`SELECT data->>'previous_name' FROM audit_log WHERE action = $1
			AND object_id = '2027-01-01' ORDER BY seq DESC LIMIT 1`, domain.AuditCalendarDaySet).Scan(&prev))
		if prev != "元旦" {
			t.Errorf("audit previous_name %q", prev)
		}
	})
	t.Run("OKDelete", func(t *testing.T) {
		t.Parallel()
		date := domain.NewDate(2026, 10, 7)
		must(t, e.calendar.DeleteCalendarDay(ctx, e.platform, date))
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = $1 AND object_id = '2026-10-07'`, domain.AuditCalendarDayDeleted); n != 1 {
			t.Errorf("%d delete audit entries", n)
		}
		wantCode(t, e.calendar.DeleteCalendarDay(ctx, e.platform, date), domain.ENOTFOUND)
	})
	t.Run("ErrWeekdayWorkday", func(t *testing.T) {
		t.Parallel()
		_, err := e.calendar.SetCalendarDay(ctx, e.platform, domain.CalendarDay{Date: domain.NewDate(2027, 1, 4), Kind: domain.CalendarWorkday, Name: "x"})
		wantField(t, err, domain.EINVALID, "date")
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		t.Parallel()
		_, err := e.calendar.SetCalendarDay(ctx, e.owner, domain.CalendarDay{Date: domain.NewDate(2027, 1, 1), Kind: domain.CalendarHoliday, Name: "x"})
		wantCode(t, err, domain.EFORBIDDEN)
		wantCode(t, e.calendar.DeleteCalendarDay(ctx, nil, domain.NewDate(2026, 10, 1)), domain.EUNAUTHORIZED)
	})
	t.Run("ErrRange", func(t *testing.T) {
		t.Parallel()
		_, err := e.calendar.FindCalendar(ctx, domain.NewDate(2026, 1, 2), domain.NewDate(2026, 1, 1))
		wantField(t, err, domain.EINVALID, "to")
	})
}

func TestProjectSchemaChecks(t *testing.T) {
	t.Parallel()
	e := newTenderEnv(t, shanghai(2025, 9, 12, 10))
	p := e.create(t, nil)
	for name, stmt := range map[string]string{
		"Weights":    `UPDATE projects SET criteria = jsonb_set(criteria, '{price_weight}', '31') WHERE id = $1`,
		"Milestones": `UPDATE projects SET milestones = '[{"name":"x","percent":99}]' WHERE id = $1`,
		"Budget":     `UPDATE projects SET budget_fen = 0 WHERE id = $1`,
		"Status":     `UPDATE projects SET status = 'open' WHERE id = $1`,
		"Timeline":   `UPDATE projects SET status = 'published' WHERE id = $1`,
		"Cancel":     `UPDATE projects SET status = 'cancelled' WHERE id = $1`,
	} {
		if _, err := e.db.SQL().Exec(stmt, p.ID); err == nil {
			t.Errorf("%s: the schema accepted %s", name, stmt)
		}
	}
	if _, err := e.db.SQL().Exec(`INSERT INTO calendar_days (date, kind, name) VALUES ('2027-01-04', 'workday', 'x')`); err == nil {
		t.Error("the schema accepted a workday on a Monday")
	}
}
