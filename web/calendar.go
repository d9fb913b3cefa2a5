package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// calendarData is what the platform admin's calendar page shows: one
// year's holidays and make-up workdays, and the form to add a day.
type calendarData struct {
	Year     int
	Days     []domain.CalendarDay
	Form     *form
	Saved    bool
	Removed  bool
	PrevYear int
	NextYear int
}

// calendarFields are the fields the add form shows problems beside.
var calendarFields = []string{"date", "kind", "name"}

// calendarKinds lists the kinds of day, for the select.
var calendarKinds = []domain.CalendarDayKind{domain.CalendarHoliday, domain.CalendarWorkday}

// calendarPage lists a year's overrides (?year=, else this year in
// Beijing); only a platform admin may see it (domain.Can decides).
func (s *Server) calendarPage(c *gin.Context) {
	if !s.calendarAllowed(c) {
		return
	}
	year := calendarYear(c.Query("year"))
	d := &calendarData{Year: year, Form: newForm(url.Values{"kind": {string(domain.CalendarHoliday)}}),
		Saved: c.Query("saved") == "1", Removed: c.Query("removed") == "1"}
	s.renderCalendar(c, http.StatusOK, d)
}

// setCalendarDay adds or replaces one day's override.
func (s *Server) setCalendarDay(c *gin.Context) {
	if !s.calendarAllowed(c) {
		return
	}
	f := c.Request.PostForm
	var v domain.Validation
	day := domain.CalendarDay{Date: formDate(&v, "date", f.Get("date")), Kind: domain.CalendarDayKind(f.Get("kind")), Name: f.Get("name")}
	err := v.Err()
	if err == nil {
		if _, err = s.calendar.SetCalendarDay(c.Request.Context(), stateOf(c).Actor, day); err == nil {
			c.Redirect(http.StatusSeeOther, calendarURL(day.Date.Year)+"&saved=1")
			return
		}
	}
	year := calendarYear(f.Get("year"))
	if !day.Date.IsZero() {
		year = day.Date.Year
	}
	s.calendarFailed(c, &calendarData{Year: year, Form: newForm(f)}, err)
}

// deleteCalendarDay makes a day ordinary again.
func (s *Server) deleteCalendarDay(c *gin.Context) {
	if !s.calendarAllowed(c) {
		return
	}
	date, err := domain.ParseDate(c.Param("date"))
	if err != nil {
		s.fail(c, domain.Errorf(domain.ENOTFOUND, "no calendar entry on this day"))
		return
	}
	if err := s.calendar.DeleteCalendarDay(c.Request.Context(), stateOf(c).Actor, date); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, calendarURL(date.Year)+"&removed=1")
}

// calendarFailed shows the page again with the add form's problems.
func (s *Server) calendarFailed(c *gin.Context, d *calendarData, err error) {
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	s.applyError(stateOf(c), d.Form, calendarFields, domain.AsError(err))
	s.renderCalendar(c, formStatus[code], d)
}

// renderCalendar loads the year's overrides and renders the page.
func (s *Server) renderCalendar(c *gin.Context, status int, d *calendarData) {
	days, err := s.calendar.FindCalendar(c.Request.Context(),
		domain.NewDate(d.Year, time.January, 1), domain.NewDate(d.Year, time.December, 31))
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Days, d.PrevYear, d.NextYear = days, d.Year-1, d.Year+1
	title := stateOf(c).L.T("calendar.title", map[string]any{"Year": d.Year})
	s.render(c, status, "calendar", title, d)
}

// calendarAllowed answers itself unless the reader may edit the calendar
// and the pages have a calendar service.
func (s *Server) calendarAllowed(c *gin.Context) bool {
	if s.calendar == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return false
	}
	if err := domain.Can(stateOf(c).Actor, domain.ActionCalendarEdit, nil); err != nil {
		s.fail(c, err)
		return false
	}
	return true
}

// calendarYear reads a year between 2000 and 2100, else this year in
// Beijing.
func calendarYear(s string) int {
	if y, err := strconv.Atoi(s); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return domain.DateOf(time.Now()).Year
}

// calendarURL is the page of a year.
func calendarURL(year int) string { return "/admin/calendar?year=" + strconv.Itoa(year) }
