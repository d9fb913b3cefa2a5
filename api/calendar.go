package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// maxCalendarSpan bounds one calendar request to a few years, so a query
// cannot ask for centuries of days.
const maxCalendarSpan = 3 * 366

// calendarDayBody is what a platform admin sends for one day; the date is
// in the path.
type calendarDayBody struct {
	Kind domain.CalendarDayKind `json:"kind"`
	Name string                 `json:"name"`
}

// listCalendar lists the holidays and make-up workdays from ?from= to
// ?to= (both included); without them, the current year in Shanghai.
func (s *Server) listCalendar(c *gin.Context) {
	if !s.calendarReady(c) {
		return
	}
	from, to, err := calendarRange(c, time.Now())
	if err != nil {
		s.fail(c, err)
		return
	}
	days, err := s.calendar.FindCalendar(c.Request.Context(), from, to)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(days, ""))
}

// calendarRange reads ?from= and ?to=: from defaults to the first day of
// now's year and to to the last day of from's year.
func calendarRange(c *gin.Context, now time.Time) (domain.Date, domain.Date, error) {
	var v domain.Validation
	from := parseDate(&v, "from", c.Query("from"))
	to := parseDate(&v, "to", c.Query("to"))
	if err := v.Err(); err != nil {
		return from, to, err
	}
	if from.IsZero() {
		from = domain.NewDate(domain.DateOf(now).Year, time.January, 1)
	}
	if to.IsZero() {
		to = domain.NewDate(from.Year, time.December, 31)
	}
	span := domain.DaysBetween(from, to)
	v.Check(span >= 0, "to", "must not be before from")
	v.Check(span <= maxCalendarSpan, "to", "must be at most three years after from")
	return from, to, v.Err()
}

// setCalendarDay adds or replaces a day's override (platform admins).
func (s *Server) setCalendarDay(c *gin.Context) {
	date, ok := s.calendarDate(c)
	if !ok {
		return
	}
	var body calendarDayBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	day := domain.CalendarDay{Date: date, Kind: body.Kind, Name: body.Name}
	if err := day.Normalize(); err != nil {
		s.fail(c, err)
		return
	}
	saved, err := s.calendar.SetCalendarDay(c.Request.Context(), actor(c), day)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, saved)
}

// deleteCalendarDay makes a day ordinary again (platform admins).
func (s *Server) deleteCalendarDay(c *gin.Context) {
	date, ok := s.calendarDate(c)
	if !ok {
		return
	}
	if err := s.calendar.DeleteCalendarDay(c.Request.Context(), actor(c), date); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// calendarDate checks that the caller may edit the calendar, then reads
// the date in the path (422 naming date when it is not one).
func (s *Server) calendarDate(c *gin.Context) (domain.Date, bool) {
	if !s.calendarReady(c) {
		return domain.Date{}, false
	}
	if err := domain.Can(actor(c), domain.ActionCalendarEdit, nil); err != nil {
		s.fail(c, err)
		return domain.Date{}, false
	}
	var v domain.Validation
	d := parseDate(&v, "date", c.Param("date"))
	if err := v.Err(); err != nil {
		s.fail(c, err)
		return domain.Date{}, false
	}
	return d, true
}

// calendarReady answers 503 itself when the server has no calendar
// service.
func (s *Server) calendarReady(c *gin.Context) bool {
	if s.calendar == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "the working-day calendar is not configured on this server"))
		return false
	}
	return true
}
