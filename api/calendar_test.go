package api_test

import (
	"testing"
)

// calendarList is the calendar as the API answers it.
type calendarList struct {
	Items []struct {
		Date string `json:"date"`
		Kind string `json:"kind"`
		Name string `json:"name"`
	} `json:"items"`
}

// day returns the override of date, if listed.
func (l calendarList) day(date string) (kind, name string, ok bool) {
	for _, d := range l.Items {
		if d.Date == date {
			return d.Kind, d.Name, true
		}
	}
	return "", "", false
}

func TestCalendar(t *testing.T) {
	t.Parallel()
	h := newTenderHarness(t)
	admin, officer := h.admin(), h.signUp("Officer")

	t.Run("PublicReadsSeededHolidays", func(t *testing.T) {
		var l calendarList
		h.anon().do("GET", "/api/v1/calendar?from=2025-09-28&to=2025-10-11", nil).want(200).decode(&l)
		if kind, name, ok := l.day("2025-10-01"); !ok || kind != "holiday" || name != "国庆节、中秋节" {
			t.Errorf("2025-10-01 = %q %q %v, want the National Day holiday", kind, name, ok)
		}
		if kind, _, ok := l.day("2025-09-28"); !ok || kind != "workday" {
			t.Errorf("2025-09-28 = %q %v, want a make-up workday", kind, ok)
		}
		if _, _, ok := l.day("2025-10-13"); ok {
			t.Error("a day after to is listed")
		}
	})
	t.Run("ErrBadRange", func(t *testing.T) {
		for q, field := range map[string]string{
			"from=2025-02-30":               "from",
			"from=2025-10-01&to=yesterday":  "to",
			"from=2025-10-01&to=2025-09-01": "to",
			"from=2020-01-01&to=2030-01-01": "to",
		} {
			h.anon().do("GET", "/api/v1/calendar?"+q, nil).problem(422).field(t, field)
		}
	})
	t.Run("AdminAddsAndRemovesADay", func(t *testing.T) {
		admin.do("PUT", "/api/v1/calendar/2027-01-01", map[string]any{"kind": "holiday", "name": "元旦"}).want(200)
		var l calendarList
		h.anon().do("GET", "/api/v1/calendar?from=2027-01-01&to=2027-01-31", nil).want(200).decode(&l)
		if kind, name, ok := l.day("2027-01-01"); !ok || kind != "holiday" || name != "元旦" {
			t.Fatalf("after PUT: %+v", l.Items)
		}
		admin.do("DELETE", "/api/v1/calendar/2027-01-01", nil).want(204)
		admin.do("DELETE", "/api/v1/calendar/2027-01-01", nil).problem(404)
		h.anon().do("GET", "/api/v1/calendar?from=2027-01-01", nil).want(200).decode(&l)
		if _, _, ok := l.day("2027-01-01"); ok {
			t.Fatal("the removed day is still listed")
		}
	})
	t.Run("ErrInput", func(t *testing.T) {
		// 2027-01-04 is a Monday, which a make-up workday cannot be.
		admin.do("PUT", "/api/v1/calendar/2027-01-04", map[string]any{"kind": "workday", "name": "调休"}).problem(422).field(t, "date")
		admin.do("PUT", "/api/v1/calendar/2027-02-30", map[string]any{"kind": "holiday", "name": "不存在"}).problem(422).field(t, "date")
		admin.do("PUT", "/api/v1/calendar/2027-01-02", map[string]any{"kind": "festival", "name": ""}).problem(422).field(t, "kind")
		admin.do("PUT", "/api/v1/calendar/2027-01-02", map[string]any{"kind": "holiday", "name": "元旦", "date": "2027-01-03"}).
			problem(400).field(t, "date")
	})
	t.Run("ErrNotPlatformAdmin", func(t *testing.T) {
		before := h.rowCounts()
		officer.do("PUT", "/api/v1/calendar/2027-01-01", map[string]any{"kind": "holiday", "name": "元旦"}).problem(403)
		officer.do("DELETE", "/api/v1/calendar/2025-10-01", nil).problem(403)
		h.anon().do("PUT", "/api/v1/calendar/2027-01-01", map[string]any{"kind": "holiday", "name": "元旦"}).problem(401)
		h.anon().do("DELETE", "/api/v1/calendar/2025-10-01", nil).problem(401)
		h.unchanged(before)
	})
}
