package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// ActivityService is what the API needs of activities: the postgres
// ActivityService implements it.
type ActivityService interface {
	CreateActivity(ctx context.Context, actor *domain.Actor, orgID uuid.UUID, in domain.ActivityInput) (*domain.Activity, error)
	PublishActivity(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Activity, error)
	FindActivityByID(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Activity, error)
	FindActivities(ctx context.Context, f domain.ActivityFilter, page domain.Page) ([]*domain.Activity, string, error)
}

// VolunteerProfiles keeps a volunteer's own profile: the postgres
// VolunteerService implements it.
type VolunteerProfiles interface {
	SaveProfile(ctx context.Context, actor *domain.Actor, in domain.VolunteerProfileInput) (*domain.VolunteerProfile, error)
	FindMyProfile(ctx context.Context, actor *domain.Actor) (*domain.VolunteerProfile, error)
}

// activitiesReady answers 503 itself without the activity service.
func (s *Server) activitiesReady(c *gin.Context) bool {
	if s.activities == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "volunteering is not configured on this server"))
		return false
	}
	return true
}

// listActivities answers published activities with their coming shifts
// and places left, filtered by region (everything under it) and category.
func (s *Server) listActivities(c *gin.Context) {
	if !s.activitiesReady(c) {
		return
	}
	if err := onlyQuery(c, "region", "category", "limit", "cursor"); err != nil {
		s.fail(c, err)
		return
	}
	page, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	items, next, err := s.activities.FindActivities(c.Request.Context(),
		domain.ActivityFilter{RegionCode: c.Query("region"), Category: c.Query("category")}, page)
	s.respond(c, http.StatusOK, newList(items, next), err)
}

// getActivity answers one activity (public once published).
func (s *Server) getActivity(c *gin.Context) {
	if !s.activitiesReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.activities.FindActivityByID(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// createActivity creates a draft activity with its shifts for an
// organisation.
func (s *Server) createActivity(c *gin.Context) {
	if !s.activitiesReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var body domain.ActivityInput
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.activities.CreateActivity(c.Request.Context(), actor(c), id, body)
	s.respond(c, http.StatusCreated, out, err)
}

// publishActivity opens a draft activity to sign-ups.
func (s *Server) publishActivity(c *gin.Context) {
	if !s.activitiesReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.activities.PublishActivity(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// myProfile answers the caller's volunteer profile (404 before one is
// saved).
func (s *Server) myProfile(c *gin.Context) {
	if s.volunteers == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "volunteering is not configured on this server"))
		return
	}
	out, err := s.volunteers.FindMyProfile(c.Request.Context(), actor(c))
	s.respond(c, http.StatusOK, out, err)
}

// saveProfile creates or replaces the caller's volunteer profile.
func (s *Server) saveProfile(c *gin.Context) {
	if s.volunteers == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "volunteering is not configured on this server"))
		return
	}
	var body domain.VolunteerProfileInput
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.volunteers.SaveProfile(c.Request.Context(), actor(c), body)
	s.respond(c, http.StatusOK, out, err)
}
