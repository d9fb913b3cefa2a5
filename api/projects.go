package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// listProjects is the public list of projects, newest first. With
// bureau_id, that bureau's members also see its drafts; the service
// decides.
func (s *Server) listProjects(c *gin.Context) {
	if !s.projectsReady(c) {
		return
	}
	f, err := projectFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ps, next, err := s.projects.FindProjects(c.Request.Context(), actor(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(projectViews(ps), next))
}

// getProject shows one project: a draft only to its bureau (and platform
// admins); to anyone else it does not exist.
func (s *Server) getProject(c *gin.Context) {
	p, ok := s.loadProject(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, projectView(p))
}

// createProject creates a draft for the bureau named in the body. The
// policy is checked before the content, so that a caller who may not
// create learns nothing from validation messages.
func (s *Server) createProject(c *gin.Context) {
	if !s.projectsReady(c) {
		return
	}
	var body projectCreate
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	a, ctx := actor(c), c.Request.Context()
	bureau, err := s.findBureau(c, body.BureauID)
	if err == nil {
		err = domain.Can(a, domain.ActionProjectCreate, bureau)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	in, err := body.input()
	if err = checkInput(&in, err); err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.projects.CreateProject(ctx, a, bureau.ID, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, projectView(p))
}

// findBureau loads the organisation a new project is for; a missing or
// unknown id is 422 on bureau_id.
func (s *Server) findBureau(c *gin.Context, id string) (*domain.Organization, error) {
	if id == "" {
		return nil, domain.Invalid("bureau_id", "is required")
	}
	uid, err := uuid.Parse(id)
	if err != nil {
		return nil, domain.Invalid("bureau_id", "must be a uuid")
	}
	o, err := s.orgs.FindOrganizationByID(c.Request.Context(), uid)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, domain.Invalid("bureau_id", "no such organization")
	}
	return o, err
}

// updateProject applies a PATCH to a draft: load, check the policy,
// overlay, validate, save. A project past its draft is 409 (the service
// decides).
func (s *Server) updateProject(c *gin.Context) {
	p, ok := s.projectFor(c, domain.ActionProjectEdit)
	if !ok {
		return
	}
	var patch projectPatch
	if err := decode(c, &patch); err != nil {
		s.fail(c, err)
		return
	}
	body := patch.overlay(p)
	in, err := body.input()
	if err = checkInput(&in, err); err != nil {
		s.fail(c, err)
		return
	}
	p, err = s.projects.UpdateProject(c.Request.Context(), actor(c), p.ID, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, projectView(p))
}

// publishProject publishes a draft with its bid deadline and opening
// time; the service checks them against the minimum periods on the
// working-day calendar.
func (s *Server) publishProject(c *gin.Context) {
	p, ok := s.projectFor(c, domain.ActionProjectPublish)
	if !ok {
		return
	}
	var body publishRequest
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	var v domain.Validation
	deadline := parseTime(&v, "bid_deadline", body.BidDeadline)
	opening := parseTime(&v, "opening_at", body.OpeningAt)
	if err := v.Err(); err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.projects.PublishProject(c.Request.Context(), actor(c), p.ID, deadline, opening)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, projectView(p))
}

// cancelProject cancels a project with a reason, which is published.
func (s *Server) cancelProject(c *gin.Context) {
	p, ok := s.projectFor(c, domain.ActionProjectCancel)
	if !ok {
		return
	}
	var body cancelRequest
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	reason, err := domain.NormalizeCancelReason(body.Reason)
	if err == nil {
		p, err = s.projects.CancelProject(c.Request.Context(), actor(c), p.ID, reason)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, projectView(p))
}

// projectFor loads the project in the path and checks that the caller may
// do action to it, answering the failure itself. A project the caller
// cannot see is 404; one they see but may not change is 403.
func (s *Server) projectFor(c *gin.Context, action domain.Action) (*domain.Project, bool) {
	p, ok := s.loadProject(c)
	if !ok {
		return nil, false
	}
	bureau, err := s.orgs.FindOrganizationByID(c.Request.Context(), p.BureauID)
	if err == nil {
		err = domain.Can(actor(c), action, bureau)
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return p, true
}

// loadProject loads the project in the path as the caller may see it,
// answering 404 itself when they may not.
func (s *Server) loadProject(c *gin.Context) (*domain.Project, bool) {
	if !s.projectsReady(c) {
		return nil, false
	}
	id, err := pathID(c, "id")
	if err == nil {
		var p *domain.Project
		if p, err = s.projects.FindProjectByID(c.Request.Context(), actor(c), id); err == nil {
			return p, true
		}
	}
	s.fail(c, err)
	return nil, false
}

// projectsReady answers 503 itself when the server has no project
// service.
func (s *Server) projectsReady(c *gin.Context) bool {
	if s.projects == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "tendering is not configured on this server"))
		return false
	}
	return true
}
