package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// queueData is what the platform admin's verification queue shows.
type queueData struct {
	Orgs    []*domain.Organization
	NextURL string
	Done    string // the status just recorded, for a notice
	// Problems are the problems of the last decision, shown at the top.
	Problems []string
}

// verificationQueue lists organisations waiting for verification; only a
// platform admin may see it (domain.Can decides).
func (s *Server) verificationQueue(c *gin.Context) {
	if err := domain.Can(stateOf(c).Actor, domain.ActionOrgVerify, nil); err != nil {
		s.fail(c, err)
		return
	}
	d := queueData{Done: c.Query("done")}
	if d.Done != domain.VerificationVerified && d.Done != domain.VerificationRejected {
		d.Done = ""
	}
	s.renderQueue(c, http.StatusOK, d)
}

// verify records the admin's decision on one organisation, with a note.
func (s *Server) verify(c *gin.Context) {
	id, err := domain.ParseID(c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	f := c.Request.PostForm
	status := f.Get("status")
	_, err = s.orgs.VerifyOrganization(c.Request.Context(), stateOf(c).Actor, id, status, f.Get("note"))
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/admin/verification?done="+url.QueryEscape(status))
		return
	}
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	form := newForm(nil)
	s.applyError(stateOf(c), form, nil, domain.AsError(err))
	s.renderQueue(c, formStatus[code], queueData{Problems: form.General})
}

// renderQueue loads a page of pending organisations and renders the queue.
func (s *Server) renderQueue(c *gin.Context, status int, d queueData) {
	st := stateOf(c)
	orgs, next, err := s.orgs.FindOrganizations(c.Request.Context(), domain.OrganizationFilter{
		VerificationStatus: domain.VerificationPending, Page: domain.Page{Cursor: c.Query("cursor")},
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Orgs = orgs
	if next != "" {
		d.NextURL = "/admin/verification?" + url.Values{"cursor": {next}}.Encode()
	}
	s.render(c, status, "verification", st.L.T("verification.title"), d)
}
