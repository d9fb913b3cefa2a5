package domain

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
	_ "time/tzdata" // Asia/Shanghai must resolve on hosts without zoneinfo
)

// Shanghai is the time zone every date and deadline of the platform is
// counted in: procurement periods run on Beijing time, whatever the
// server's own zone. Times are stored in UTC and only converted here.
var Shanghai = mustLoadLocation("Asia/Shanghai")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("domain: load %s: %v (time/tzdata is embedded, so this is a build bug)", name, err))
	}
	return loc
}

// Date is a calendar day in Asia/Shanghai without a clock time, such as a
// holiday, a service period's end or a milestone's due date. A time.Time
// would carry a zone and an hour that mean nothing for these and compare
// wrongly across zones. It reads and writes as "2006-01-02".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateLayout is how a Date is written in JSON, forms and SQL.
const DateLayout = "2006-01-02"

// NewDate builds a date, normalising overflow as time.Date does.
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 12, 0, 0, 0, Shanghai))
}

// DateOf returns the Shanghai calendar day of t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Shanghai).Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses "2006-01-02"; anything else is EINVALID on "date".
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation(DateLayout, s, Shanghai)
	if err != nil {
		return Date{}, Invalid("date", "must be a date like 2025-10-01")
	}
	return DateOf(t), nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String formats the date as "2006-01-02", or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Start returns midnight at the start of the day in Shanghai.
func (d Date) Start() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Shanghai) }

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.Start().Weekday() }

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is a later day than o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	}
	return cmpInt(d.Day, o.Day)
}

func cmpInt(a, b int) int {
	if a < b {
		return -1
	} else if a > b {
		return 1
	}
	return 0
}

// DaysBetween counts calendar days from a to b: 1 for consecutive days,
// negative when b is before a.
func DaysBetween(a, b Date) int {
	// Noon UTC on both sides keeps the division exact.
	ta := time.Date(a.Year, a.Month, a.Day, 12, 0, 0, 0, time.UTC)
	tb := time.Date(b.Year, b.Month, b.Day, 12, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Hours() / 24)
}

// MarshalText writes "2006-01-02" ("" when unset).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "2006-01-02"; "" is the zero date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes "2006-01-02", or null when unset.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "2006-01-02" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Invalid("date", "must be a date like 2025-10-01")
	}
	return d.UnmarshalText([]byte(s))
}

// Value stores the date in a PostgreSQL date column (NULL when unset).
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a PostgreSQL date, which drivers return as a time.Time at
// midnight UTC or as text.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		y, m, day := v.Date()
		*d = Date{Year: y, Month: m, Day: day}
	case string:
		return d.UnmarshalText([]byte(v[:min(len(v), 10)]))
	case []byte:
		return d.UnmarshalText(v[:min(len(v), 10)])
	default:
		return fmt.Errorf("domain.Date: cannot scan %T", src)
	}
	return nil
}
