package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// bureauProjectsData is what a bureau's own list of projects shows,
// drafts included.
type bureauProjectsData struct {
	Bureau    *domain.Organization
	Bureaus   []*domain.Membership
	Projects  []*domain.Project
	Status    string
	NextURL   string
	Cancelled bool
	// CanCreate says whether the reader may start a project for the
	// bureau (domain.Can: a verified bureau's owners, admins and staff).
	CanCreate bool
}

// bureauProjects lists one of the reader's bureaus' projects (?bureau=,
// else the first), newest first, optionally of one status.
func (s *Server) bureauProjects(c *gin.Context) {
	bureau, ok := s.bureauFor(c, c.Query("bureau"), "")
	if !ok {
		return
	}
	st := stateOf(c)
	status := domain.ProjectStatus(c.Query("status"))
	if !status.Valid() {
		status = ""
	}
	ps, next, err := s.projects.FindProjects(c.Request.Context(), st.Actor, domain.ProjectFilter{
		BureauID: bureau.ID, Status: status, Page: domain.Page{Cursor: c.Query("cursor")},
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	d := bureauProjectsData{
		Bureau: bureau, Bureaus: bureauMemberships(st.Actor), Projects: ps, Status: string(status),
		Cancelled: c.Query("cancelled") == "1",
		CanCreate: domain.Can(st.Actor, domain.ActionProjectCreate, bureau) == nil,
	}
	if next != "" {
		q := url.Values{"bureau": {bureau.ID.String()}, "cursor": {next}}
		if status != "" {
			q.Set("status", string(status))
		}
		d.NextURL = "/bureau/projects?" + q.Encode()
	}
	s.render(c, http.StatusOK, "bureau_projects", st.L.T("bureau_projects.title", map[string]any{"Name": bureau.Name}), d)
}
