package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// childrenReady reads the id in the path once the child service is
// configured, answering failures itself. Every child route answers 404
// to anyone but the station's child directors (the service decides).
func (s *Server) childrenReady(c *gin.Context) (uuid.UUID, bool) {
	return s.configuredID(c, s.children != nil, "children's records are not configured on this server")
}

// registerChild registers a child of the station in the path. The real
// name and ID-card number in the body are only hashed by the service.
func (s *Server) registerChild(c *gin.Context) {
	stationID, ok := s.childrenReady(c)
	if !ok {
		return
	}
	var body domain.ChildInput
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.children.RegisterChild(c.Request.Context(), actor(c), stationID, body)
	s.respond(c, http.StatusCreated, out, err)
}

// listChildren answers the station's children, newest first.
func (s *Server) listChildren(c *gin.Context) {
	stationID, ok := s.childrenReady(c)
	if !ok {
		return
	}
	if err := onlyQuery(c, "limit", "cursor"); err != nil {
		s.fail(c, err)
		return
	}
	page, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	items, next, err := s.children.FindChildren(c.Request.Context(), actor(c), stationID, page)
	s.respond(c, http.StatusOK, newList(items, next), err)
}

// getChild answers one child's record with its consents.
func (s *Server) getChild(c *gin.Context) {
	id, ok := s.childrenReady(c)
	if !ok {
		return
	}
	out, err := s.children.FindChildByID(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// consentBody is a guardian's consent as a client sends it, its date as
// a string so that a bad one is 422 naming the field.
type consentBody struct {
	GuardianName string   `json:"guardian_name"`
	Relation     string   `json:"relation"`
	ConsentedOn  string   `json:"consented_on"`
	Scope        []string `json:"scope"`
	Evidence     string   `json:"evidence"`
}

// recordConsent records a guardian's consent for the child.
func (s *Server) recordConsent(c *gin.Context) {
	id, ok := s.childrenReady(c)
	if !ok {
		return
	}
	var body consentBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	var v domain.Validation
	in := domain.ConsentInput{GuardianName: body.GuardianName, Relation: body.Relation,
		ConsentedOn: parseDate(&v, "consented_on", body.ConsentedOn), Scope: body.Scope, Evidence: body.Evidence}
	if err := v.Err(); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.children.RecordConsent(c.Request.Context(), actor(c), id, in)
	s.respond(c, http.StatusCreated, out, err)
}
