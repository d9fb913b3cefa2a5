package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// amendFields are the fields of the amendment form: the amendable content
// the page offers, and the published reason. The rest of the project's
// content is carried over as it is.
var amendFields = []string{"description", "budget", "service_start", "service_end", "reason"}

// amendData is what the amendment page (变更公告) shows.
type amendData struct {
	Project *domain.Project
	Form    *form
	// Amended and Extended report the amendment just made, and whether
	// it moved the bid deadline to keep the minimum bidding period.
	Amended, Extended bool
}

// amender is the project service's amendment side, or nil when it has
// none (answered 503).
func (s *Server) amender(c *gin.Context) (domain.ProjectAmender, bool) {
	a, ok := s.projects.(domain.ProjectAmender)
	if !ok {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
	}
	return a, ok
}

// amendableProject loads a project the reader may edit that is still open
// for bids; any other answers itself (409 once bidding closed).
func (s *Server) amendableProject(c *gin.Context) (*domain.Project, domain.ProjectAmender, bool) {
	if !s.projectsReady(c) {
		return nil, nil, false
	}
	amender, ok := s.amender(c)
	if !ok {
		return nil, nil, false
	}
	p, _, ok := s.projectFor(c, domain.ActionProjectEdit)
	if !ok {
		return nil, nil, false
	}
	if p.Status != domain.StatusPublished || domain.CheckBiddingOpen(p, time.Now()) != nil {
		s.ruleError(c, domain.Errorf(domain.ECONFLICT, "bidding on this project is closed"))
		return nil, nil, false
	}
	return p, amender, true
}

// amendForm shows the amendment form filled with the project's content.
func (s *Server) amendForm(c *gin.Context) {
	p, _, ok := s.amendableProject(c)
	if !ok {
		return
	}
	d := &amendData{Project: p, Form: newForm(projectValues(p)),
		Amended: c.Query("amended") == "1", Extended: c.Query("extended") == "1"}
	s.renderAmend(c, http.StatusOK, d)
}

// amendProject publishes the amendment typed. The form is read like the
// editor's, over the project's own values, so that what the page does not
// offer stays as it is; the service decides whether the change is
// substantive and extends the deadline.
func (s *Server) amendProject(c *gin.Context) {
	p, amender, ok := s.amendableProject(c)
	if !ok {
		return
	}
	pf := c.Request.PostForm
	values := projectValues(p)
	for _, k := range amendFields {
		values.Set(k, pf.Get(k))
	}
	in, err := readProjectForm(values)
	if err == nil {
		var amended *domain.Project
		a := domain.ProjectAmendment{Description: &in.Description, BudgetFen: &in.BudgetFen,
			Eligibility: &in.Eligibility, Criteria: &in.Criteria, Targets: &in.Targets, Milestones: &in.Milestones,
			ServiceStart: &in.ServiceStart, ServiceEnd: &in.ServiceEnd, Reason: pf.Get("reason")}
		if amended, err = amender.AmendProject(c.Request.Context(), stateOf(c).Actor, p.ID, a); err == nil {
			q := url.Values{"amended": {"1"}}
			if extended(p, amended) {
				q.Set("extended", "1")
			}
			c.Redirect(http.StatusSeeOther, amendURL(p)+"?"+q.Encode())
			return
		}
	}
	code := domain.ErrorCode(err)
	if code == domain.ECONFLICT {
		s.ruleError(c, err)
		return
	}
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	d := &amendData{Project: p, Form: newForm(values)}
	s.applyError(stateOf(c), d.Form, slices.Concat(projectFields, []string{"reason"}), domain.AsError(err))
	s.renderAmend(c, formStatus[code], d)
}

// extended reports whether an amendment moved the bid deadline.
func extended(before, after *domain.Project) bool {
	b, a := before.Timeline.BidDeadline, after.Timeline.BidDeadline
	return b != nil && a != nil && a.After(*b)
}

func (s *Server) renderAmend(c *gin.Context, status int, d *amendData) {
	title := stateOf(c).L.T("project_amend.title", map[string]any{"Title": d.Project.Title})
	s.render(c, status, "project_amend", title, d)
}

// amendURL is where a project's amendment form lives.
func amendURL(p *domain.Project) string { return "/bureau/projects/" + p.ID.String() + "/amend" }
