package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// awardData is the award part of a project's page: the award and its
// complaint window, the complaints the reader may see, and the forms the
// reader may use.
type awardData struct {
	Award      *domain.Award
	Complaints []*domain.Complaint
	// CanPublish offers the bureau the award of an evaluated project to
	// Winner, the first-ranked bid.
	CanPublish bool
	Winner     *domain.RankedBid
	WinnerName string
	// CanAnswer offers the bureau the answer form of pending complaints.
	CanAnswer bool
	// ComplainOrgs are the reader's organisations that may complain while
	// the window is open.
	ComplainOrgs []*domain.Membership
	WindowOpen   bool
	// Form is the complaint or answer form that failed, with its values.
	Form   *form
	Notice string
}

// awardFormKey carries a failed award form from its handler to the page.
const awardFormKey = "award_form"

// awardSection builds the award part of p's page; nil hides it.
func (s *Server) awardSection(c *gin.Context, p *domain.Project, ev *evaluationSectionData, opening []*domain.OpenedBid) (*awardData, error) {
	if s.awards == nil {
		return nil, nil
	}
	st := stateOf(c)
	ctx := c.Request.Context()
	d := &awardData{Notice: c.Query("award")}
	if f, ok := c.Get(awardFormKey); ok {
		d.Form = f.(*form)
	} else {
		d.Form = newForm(nil)
	}
	bureau, err := s.orgs.FindOrganizationByID(ctx, p.BureauID)
	if err != nil {
		return nil, err
	}
	manage := domain.Can(st.Actor, domain.ActionAwardManage, bureau) == nil
	a, err := s.awards.FindAward(ctx, st.Actor, p.ID)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		if p.Status != domain.StatusEvaluated || ev == nil || ev.Outcome == nil || ev.Outcome.Winner == nil || !manage {
			return nil, nil
		}
		d.CanPublish, d.Winner = true, ev.Outcome.Winner
		d.WinnerName = ev.Names[d.Winner.BidID.String()]
		return d, nil
	case err != nil:
		return nil, err
	}
	d.Award = a
	if d.Complaints, err = s.awards.FindComplaints(ctx, st.Actor, p.ID); err != nil {
		return nil, err
	}
	d.CanAnswer = manage
	d.WindowOpen = a.Status == domain.AwardPending && time.Now().Before(a.ComplaintDeadline)
	if d.WindowOpen {
		d.ComplainOrgs = complainOrgs(st.Actor, opening, d.Complaints, a.ID)
	}
	return d, nil
}

// complainOrgs are the reader's organisations whose bid was opened and
// which have not complained about award yet.
func complainOrgs(a *domain.Actor, opening []*domain.OpenedBid, complaints []*domain.Complaint, award uuid.UUID) []*domain.Membership {
	var out []*domain.Membership
	for _, b := range opening {
		m := a.Membership(b.OrganizationID)
		if m == nil || domain.Can(a, domain.ActionComplaintFile, &domain.Organization{ID: m.OrganizationID, Kind: m.OrganizationKind}) != nil {
			continue
		}
		filed := false
		for _, c := range complaints {
			filed = filed || c.OrganizationID != nil && *c.OrganizationID == m.OrganizationID && c.AwardID == award
		}
		if !filed {
			out = append(out, m)
		}
	}
	return out
}

// awardsReady answers 503 itself when the pages have no award service.
func (s *Server) awardsReady(c *gin.Context) bool {
	if s.awards == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return false
	}
	return true
}

// publishAward publishes the award of an evaluated project.
func (s *Server) publishAward(c *gin.Context) {
	if !s.awardsReady(c) {
		return
	}
	p, ok := s.loadProject(c)
	if !ok {
		return
	}
	in := domain.AwardInput{}
	if id, err := domain.ParseID(c.Request.PostForm.Get("bid_id")); err == nil {
		in.BidID = &id
	}
	_, err := s.awards.PublishAward(c.Request.Context(), stateOf(c).Actor, p.ID, in)
	s.awardDone(c, p, err, "published")
}

// fileComplaint records a bidder's complaint (质疑).
func (s *Server) fileComplaint(c *gin.Context) {
	if !s.awardsReady(c) {
		return
	}
	p, ok := s.loadProject(c)
	if !ok {
		return
	}
	pf := c.Request.PostForm
	org, err := domain.ParseID(pf.Get("organization_id"))
	if err != nil {
		err = domain.Invalid("organization_id", "choose an organisation or enter its id")
	} else {
		_, err = s.awards.FileComplaint(c.Request.Context(), stateOf(c).Actor, p.ID,
			domain.ComplaintInput{OrganizationID: org, Grounds: pf.Get("grounds")})
	}
	s.awardDone(c, p, err, "complained")
}

// answerComplaint records the bureau's answer to a complaint.
func (s *Server) answerComplaint(c *gin.Context) {
	if !s.awardsReady(c) {
		return
	}
	p, ok := s.loadProject(c)
	if !ok {
		return
	}
	pf := c.Request.PostForm
	id, err := domain.ParseID(c.Param("cid"))
	if err != nil {
		s.fail(c, err)
		return
	}
	in := domain.ComplaintAnswer{Upheld: pf.Get("upheld") == "1", Response: pf.Get("response")}
	_, err = s.awards.AnswerComplaint(c.Request.Context(), stateOf(c).Actor, id, in)
	s.awardDone(c, p, err, "answered")
}

// awardDone sends the reader back to the award, or shows the project
// again with the problem on the form that failed; a broken rule gets its
// page.
func (s *Server) awardDone(c *gin.Context, p *domain.Project, err error, notice string) {
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/projects/"+p.ID.String()+"?award="+notice+"#award")
		return
	}
	code := domain.ErrorCode(err)
	if code == domain.EFORBIDDEN || code == domain.ECONFLICT {
		s.ruleError(c, err)
		return
	}
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	f := newForm(url.Values(c.Request.PostForm))
	f.Values.Set("cid", c.Param("cid"))
	s.applyError(stateOf(c), f, []string{"grounds", "response", "organization_id"}, domain.AsError(err))
	c.Set(awardFormKey, f)
	s.renderProject(c, formStatus[code], p, nil)
}

// ComplaintStatus names a complaint's status.
func (p *page) ComplaintStatus(s domain.ComplaintStatus) string {
	return p.st.L.T("complaint.status." + string(s))
}

// AwardStatus names an award's status.
func (p *page) AwardStatus(s domain.AwardStatus) string { return p.st.L.T("award.status." + string(s)) }
