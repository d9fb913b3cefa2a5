package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// bureauMemberships lists the bureaus the actor belongs to, in the order
// of their memberships.
func bureauMemberships(a *domain.Actor) []*domain.Membership {
	if a.Anonymous() {
		return nil
	}
	var out []*domain.Membership
	for _, m := range a.Memberships {
		if m.OrganizationKind == domain.KindBureau {
			out = append(out, m)
		}
	}
	return out
}

// bureauFor loads the bureau a bureau page is about (id, else the
// reader's first bureau) and checks that the reader may do action for it
// (bureauAllows),
// answering the failure itself. A reader in no bureau is forbidden.
func (s *Server) bureauFor(c *gin.Context, id string, action domain.Action) (*domain.Organization, bool) {
	if !s.projectsReady(c) {
		return nil, false
	}
	a := stateOf(c).Actor
	if a.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return nil, false
	}
	if id == "" {
		bs := bureauMemberships(a)
		if len(bs) == 0 {
			s.fail(c, domain.Errorf(domain.EFORBIDDEN, "you may not do this"))
			return nil, false
		}
		id = bs[0].OrganizationID.String()
	}
	uid, err := domain.ParseID(id)
	var bureau *domain.Organization
	if err == nil {
		bureau, err = s.orgs.FindOrganizationByID(c.Request.Context(), uid)
	}
	if err == nil {
		err = bureauAllows(a, action, bureau)
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return bureau, true
}

// bureauAllows asks domain.Can about action; without an action, any
// member of the bureau may look (its list of projects).
func bureauAllows(a *domain.Actor, action domain.Action, bureau *domain.Organization) error {
	if action != "" {
		return domain.Can(a, action, bureau)
	}
	if bureau.Kind != domain.KindBureau || a.Membership(bureau.ID) == nil {
		return domain.Errorf(domain.EFORBIDDEN, "you may not do this")
	}
	return nil
}

// projectFor loads the project in the path and checks that the reader may
// do action to it, answering the failure itself: a project the reader
// cannot see is 404, one they see but may not change 403.
func (s *Server) projectFor(c *gin.Context, action domain.Action) (*domain.Project, *domain.Organization, bool) {
	a := stateOf(c).Actor
	if a.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return nil, nil, false
	}
	p, ok := s.loadProject(c)
	if !ok {
		return nil, nil, false
	}
	bureau, err := s.orgs.FindOrganizationByID(c.Request.Context(), p.BureauID)
	if err == nil {
		err = domain.Can(a, action, bureau)
	}
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	return p, bureau, true
}

// loadProject loads the project in the path as the reader may see it.
func (s *Server) loadProject(c *gin.Context) (*domain.Project, bool) {
	if !s.projectsReady(c) {
		return nil, false
	}
	id, err := domain.ParseID(c.Param("id"))
	var p *domain.Project
	if err == nil {
		p, err = s.projects.FindProjectByID(c.Request.Context(), stateOf(c).Actor, id)
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return p, true
}

// projectsReady answers 503 itself when the pages have no project or
// calendar service.
func (s *Server) projectsReady(c *gin.Context) bool {
	if s.projects == nil || s.calendar == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return false
	}
	return true
}
