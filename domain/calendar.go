package domain

import (
	"context"
	"time"
	"unicode/utf8"
)

// CalendarDayKind says how a day differs from the usual Monday-to-Friday
// week.
type CalendarDayKind string

// Calendar day kinds: a public holiday on a weekday, or a make-up workday
// (调休) on a weekend.
const (
	CalendarHoliday CalendarDayKind = "holiday"
	CalendarWorkday CalendarDayKind = "workday"
)

// Valid reports whether k is a known kind.
func (k CalendarDayKind) Valid() bool { return k == CalendarHoliday || k == CalendarWorkday }

// ActionCalendarEdit is changing the working-day calendar, which moves
// every working-day deadline of the platform; only a platform admin may.
const ActionCalendarEdit Action = "calendar.edit"

// Audit actions of the calendar.
const (
	AuditCalendarDaySet     = "calendar.day_set"
	AuditCalendarDayDeleted = "calendar.day_deleted"
)

// CalendarDay overrides one day of the ordinary week: a holiday (e.g. 国庆节)
// or a make-up workday (调休上班). Days without an override are working
// days from Monday to Friday and rest days at weekends.
type CalendarDay struct {
	Date Date            `json:"date"`
	Kind CalendarDayKind `json:"kind"`
	Name string          `json:"name"`
}

// Normalize trims and checks the day, naming each bad field. A make-up
// workday must replace a weekend day, as the database also insists.
func (d *CalendarDay) Normalize() error {
	var v Validation
	v.Check(!d.Date.IsZero(), "date", "is required")
	v.Check(d.Kind.Valid(), "kind", "must be holiday or workday")
	wd := d.Date.Weekday()
	v.Check(d.Kind != CalendarWorkday || d.Date.IsZero() || wd == time.Saturday || wd == time.Sunday,
		"date", "a make-up workday must fall on a Saturday or Sunday")
	d.Name = trimSpace(d.Name)
	n := utf8.RuneCountInString(d.Name)
	v.Check(n >= 1 && n <= 50, "name", "must be 1 to 50 characters")
	return v.Err()
}

// CalendarService keeps the working-day calendar a platform admin edits,
// from which procurement deadlines are computed.
type CalendarService interface {
	// FindCalendar lists the overrides from from to to, both included, in
	// date order.
	FindCalendar(ctx context.Context, from, to Date) ([]CalendarDay, error)
	// SetCalendarDay adds or replaces the override of day.Date (platform
	// admin; audited).
	SetCalendarDay(ctx context.Context, actor *Actor, day CalendarDay) (*CalendarDay, error)
	// DeleteCalendarDay removes an override, making the day ordinary
	// again; ENOTFOUND when there is none (platform admin; audited).
	DeleteCalendarDay(ctx context.Context, actor *Actor, date Date) error
}

// Calendar answers which days are working days, from the overrides it is
// built with. It is a plain value so that deadline rules stay pure.
type Calendar struct {
	days map[Date]CalendarDay
}

// NewCalendar builds a calendar from overrides; a later override of the
// same date wins.
func NewCalendar(days []CalendarDay) *Calendar {
	c := &Calendar{days: make(map[Date]CalendarDay, len(days))}
	for _, d := range days {
		c.days[d.Date] = d
	}
	return c
}

// Day returns the override of d, if any.
func (c *Calendar) Day(d Date) (CalendarDay, bool) {
	if c == nil {
		return CalendarDay{}, false
	}
	day, ok := c.days[d]
	return day, ok
}

// IsWorkingDay reports whether d is a working day: an override decides,
// otherwise Monday to Friday are and weekends are not.
func (c *Calendar) IsWorkingDay(d Date) bool {
	if o, ok := c.Day(d); ok {
		return o.Kind == CalendarWorkday
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// NextWorkingDay returns d when it is a working day, else the first
// working day after it. This is the rule of Civil Code article 203: a
// period whose last day is a statutory holiday ends on the day after.
func (c *Calendar) NextWorkingDay(d Date) Date {
	for !c.IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddWorkingDays returns the same Shanghai clock time on the n-th working
// day after t's day (before it when n < 0); n == 0 returns t. Counting
// starts the day after t, as periods in Chinese law do (Civil Code
// article 201).
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	local := t.In(Shanghai)
	d := DateOf(local)
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	h, m, s := local.Clock()
	return time.Date(d.Year, d.Month, d.Day, h, m, s, local.Nanosecond(), Shanghai)
}

// WorkingDaysBetween counts the working days after from's day up to and
// including to's day (Shanghai dates); negative when to is before from.
func (c *Calendar) WorkingDaysBetween(from, to time.Time) int {
	a, b := DateOf(from), DateOf(to)
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

// CalendarDaysBetween counts calendar days from from's Shanghai day to
// to's.
func CalendarDaysBetween(from, to time.Time) int { return DaysBetween(DateOf(from), DateOf(to)) }
