package domain_test

import (
	"testing"
	"time"

	"hutong/domain"
)

// officialDays is the State Council's schedule for 国庆 2025 and 春节 2026
// as migrations/00004_calendar.sql seeds it.
func officialDays() []domain.CalendarDay {
	var days []domain.CalendarDay
	span := func(from domain.Date, n int, name string) {
		for i := range n {
			days = append(days, domain.CalendarDay{Date: from.AddDays(i), Kind: domain.CalendarHoliday, Name: name})
		}
	}
	work := func(d domain.Date, name string) {
		days = append(days, domain.CalendarDay{Date: d, Kind: domain.CalendarWorkday, Name: name})
	}
	span(domain.NewDate(2025, 10, 1), 8, "国庆节、中秋节")
	work(domain.NewDate(2025, 9, 28), "国庆节调休上班")
	work(domain.NewDate(2025, 10, 11), "国庆节调休上班")
	span(domain.NewDate(2026, 2, 15), 9, "春节")
	work(domain.NewDate(2026, 2, 14), "春节调休上班")
	work(domain.NewDate(2026, 2, 28), "春节调休上班")
	return days
}

func at(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, domain.Shanghai)
}

func TestCalendarIsWorkingDay(t *testing.T) {
	t.Parallel()
	cal := domain.NewCalendar(officialDays())
	tests := []struct {
		name string
		date domain.Date
		want bool
	}{
		{"OrdinaryMonday", domain.NewDate(2025, 9, 22), true},
		{"OrdinarySaturday", domain.NewDate(2025, 9, 27), false},
		{"MakeUpSunday", domain.NewDate(2025, 9, 28), true},
		{"NationalDayWednesday", domain.NewDate(2025, 10, 1), false},
		{"MidAutumnWednesday", domain.NewDate(2025, 10, 8), false},
		{"FirstDayAfter", domain.NewDate(2025, 10, 9), true},
		{"MakeUpSaturday", domain.NewDate(2025, 10, 11), true},
		{"SpringMakeUpSaturday", domain.NewDate(2026, 2, 14), true},
		{"SpringFestivalMonday", domain.NewDate(2026, 2, 16), false},
		{"LastSpringHoliday", domain.NewDate(2026, 2, 23), false},
		{"BackToWork", domain.NewDate(2026, 2, 24), true},
		{"SecondMakeUpSaturday", domain.NewDate(2026, 2, 28), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := cal.IsWorkingDay(tt.date); got != tt.want {
				t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.want)
			}
		})
	}
}

func TestCalendarAddWorkingDays(t *testing.T) {
	t.Parallel()
	cal := domain.NewCalendar(officialDays())
	tests := []struct {
		name string
		from time.Time
		n    int
		want time.Time
	}{
		{"Zero", at(2025, 9, 30, 10), 0, at(2025, 9, 30, 10)},
		// 9/30 → 10/9, 10/10, 10/11 (Saturday, worked), 10/13, 10/14, 10/15, 10/16
		{"AcrossNationalDay", at(2025, 9, 30, 10), 7, at(2025, 10, 16, 10)},
		{"FromMakeUpSunday", at(2025, 9, 28, 9), 1, at(2025, 9, 29, 9)},
		{"IntoMakeUpSaturday", at(2025, 10, 9, 9), 2, at(2025, 10, 11, 9)},
		// 2/13 (Fri) → 2/14 (Sat, worked), then 2/24 .. 2/27, 2/28 (Sat, worked), 3/2
		{"AcrossSpringFestival", at(2026, 2, 13, 17), 7, at(2026, 3, 2, 17)},
		{"Backwards", at(2025, 10, 9, 9), -1, at(2025, 9, 30, 9)},
		{"KeepsShanghaiDay", time.Date(2025, 9, 30, 17, 0, 0, 0, time.UTC), 1, at(2025, 10, 9, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := cal.AddWorkingDays(tt.from, tt.n); !got.Equal(tt.want) {
				t.Errorf("AddWorkingDays(%v, %d) = %v, want %v", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestCalendarWorkingDaysBetween(t *testing.T) {
	t.Parallel()
	cal := domain.NewCalendar(officialDays())
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"SameDay", at(2025, 10, 9, 9), at(2025, 10, 9, 18), 0},
		{"HolidayOnly", at(2025, 9, 30, 9), at(2025, 10, 8, 9), 0},
		{"NationalDayWeeks", at(2025, 9, 26, 9), at(2025, 10, 12, 9), 6}, // 9/28, 9/29, 9/30, 10/9, 10/10, 10/11
		{"SpringFestival", at(2026, 2, 13, 9), at(2026, 2, 28, 9), 6},    // 2/14, 2/24..2/27, 2/28
		{"Reversed", at(2026, 2, 28, 9), at(2026, 2, 13, 9), -6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := cal.WorkingDaysBetween(tt.from, tt.to); got != tt.want {
				t.Errorf("WorkingDaysBetween = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestCalendarDayNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		day   domain.CalendarDay
		field string
	}{
		{"OK", domain.CalendarDay{Date: domain.NewDate(2025, 10, 11), Kind: domain.CalendarWorkday, Name: " 调休 "}, ""},
		{"ErrNoDate", domain.CalendarDay{Kind: domain.CalendarHoliday, Name: "x"}, "date"},
		{"ErrKind", domain.CalendarDay{Date: domain.NewDate(2025, 10, 1), Kind: "rest", Name: "x"}, "kind"},
		{"ErrName", domain.CalendarDay{Date: domain.NewDate(2025, 10, 1), Kind: domain.CalendarHoliday}, "name"},
		{"ErrWeekdayWorkday", domain.CalendarDay{Date: domain.NewDate(2025, 10, 10), Kind: domain.CalendarWorkday, Name: "x"}, "date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkField(t, tt.day.Normalize(), tt.field)
		})
	}
}

// checkField asserts err is nil when field is "", else EINVALID naming
// field.
func checkField(tb testing.TB, err error, field string) {
	tb.Helper()
	if field == "" {
		if err != nil {
			tb.Fatalf("unexpected error %v (%+v)", err, domain.AsError(err))
		}
		return
	}
	e := domain.AsError(err)
	if e == nil || e.Code != domain.EINVALID {
		tb.Fatalf("want EINVALID on %s, got %v", field, err)
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return
		}
	}
	tb.Fatalf("want a problem with %s, got %+v", field, e.Fields)
}
