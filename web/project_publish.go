package web

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// publishData is the publish form under a draft: the earliest bid
// deadline the method's minimum period allows, counted today on the
// working-day calendar, and the times as typed.
type publishData struct {
	Form *form
	// MinDate is the earliest day the bid deadline may fall on; zero for
	// a method without a minimum period (single source).
	MinDate domain.Date
	Rule    domain.PeriodRule
}

// publishFields are the fields the publish form shows problems beside.
var publishFields = []string{"bid_deadline", "opening_at"}

// defaultDeadlineClock is the time of day the publish form proposes: the
// usual 9:30 opening of a procurement office.
const defaultDeadlineHour, defaultDeadlineMinute = 9, 30

// newPublishData fills the publish form with the earliest allowed
// deadline, at 9:30 Beijing time, for both the deadline and the opening.
func (s *Server) newPublishData(ctx context.Context, p *domain.Project) (*publishData, error) {
	d := &publishData{Form: newForm(nil)}
	if err := s.minDeadline(ctx, p, d); err != nil {
		return nil, err
	}
	day := d.MinDate
	if day.IsZero() {
		day = domain.DateOf(time.Now()).AddDays(1)
	}
	at := time.Date(day.Year, day.Month, day.Day, defaultDeadlineHour, defaultDeadlineMinute, 0, 0, domain.Shanghai)
	d.Form.Values.Set("bid_deadline", at.Format(localInputLayout))
	d.Form.Values.Set("opening_at", at.Format(localInputLayout))
	return d, nil
}

// minDeadline computes, with the domain's rule, the earliest deadline day
// of p's method if it were published now.
func (s *Server) minDeadline(ctx context.Context, p *domain.Project, d *publishData) error {
	rule, ok := s.rules.BiddingPeriod(p.Method)
	if !ok {
		return nil
	}
	now := time.Now()
	today := domain.DateOf(now)
	// A year of overrides covers any minimum period with room to spare.
	days, err := s.calendar.FindCalendar(ctx, today, today.AddDays(366))
	if err != nil {
		return err
	}
	d.Rule, d.MinDate = rule, rule.EarliestEnd(domain.NewCalendar(days), now)
	return nil
}

// publishProject publishes a draft with the deadline and opening typed as
// Beijing time; the service checks them against the rules.
func (s *Server) publishProject(c *gin.Context) {
	p, bureau, ok := s.projectFor(c, domain.ActionProjectPublish)
	if !ok {
		return
	}
	f := c.Request.PostForm
	var v domain.Validation
	deadline := parseLocal(&v, "bid_deadline", f.Get("bid_deadline"))
	opening := parseLocal(&v, "opening_at", f.Get("opening_at"))
	err := v.Err()
	if err == nil {
		if _, err = s.projects.PublishProject(c.Request.Context(), stateOf(c).Actor, p.ID, deadline, opening); err == nil {
			c.Redirect(http.StatusSeeOther, "/projects/"+p.ID.String()+"?published=1")
			return
		}
	}
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 || p.Status != domain.StatusDraft {
		s.fail(c, err)
		return
	}
	pd := &publishData{Form: newForm(url.Values{"bid_deadline": {f.Get("bid_deadline")}, "opening_at": {f.Get("opening_at")}})}
	if err := s.minDeadline(c.Request.Context(), p, pd); err != nil {
		s.fail(c, err)
		return
	}
	// The draft's own problems (a service starting before the opening)
	// belong to the publish form too: it is what the officer just sent.
	s.applyError(stateOf(c), pd.Form, publishFields, domain.AsError(err))
	d := &editorData{Form: newForm(projectValues(p)), Bureau: bureau, Project: p, Publish: pd}
	s.renderEditor(c, formStatus[code], d)
}

// cancelData is what the cancel page shows.
type cancelData struct {
	Project *domain.Project
	Form    *form
}

// cancelForm asks for the reason a project is cancelled, which is
// published with it.
func (s *Server) cancelForm(c *gin.Context) {
	p, _, ok := s.projectFor(c, domain.ActionProjectCancel)
	if !ok {
		return
	}
	s.renderCancel(c, http.StatusOK, &cancelData{Project: p, Form: newForm(nil)})
}

// cancelProject cancels the project with the reason typed.
func (s *Server) cancelProject(c *gin.Context) {
	p, _, ok := s.projectFor(c, domain.ActionProjectCancel)
	if !ok {
		return
	}
	reason := c.Request.PostForm.Get("reason")
	_, err := s.projects.CancelProject(c.Request.Context(), stateOf(c).Actor, p.ID, reason)
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/bureau/projects?bureau="+p.BureauID.String()+"&cancelled=1")
		return
	}
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	d := &cancelData{Project: p, Form: newForm(url.Values{"reason": {reason}})}
	s.applyError(stateOf(c), d.Form, []string{"reason"}, domain.AsError(err))
	s.renderCancel(c, formStatus[code], d)
}

func (s *Server) renderCancel(c *gin.Context, status int, d *cancelData) {
	title := stateOf(c).L.T("project_cancel.title", map[string]any{"Title": d.Project.Title})
	s.render(c, status, "project_cancel", title, d)
}
