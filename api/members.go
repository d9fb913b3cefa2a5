package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// memberRequest adds a person to an organisation by their login.
type memberRequest struct {
	Login string        `json:"login"`
	Roles []domain.Role `json:"roles"`
}

// memberPatch changes a member's roles.
type memberPatch struct {
	Roles []domain.Role `json:"roles"`
}

// listMembers lists an organisation's members with contact details; the
// service lets only its owners and admins.
func (s *Server) listMembers(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ms, err := s.members.FindMembers(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(ms, ""))
}

// addMember adds an existing account to an organisation.
func (s *Server) addMember(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var body memberRequest
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	in := domain.MemberInput{Login: body.Login, Roles: body.Roles}
	var v domain.Validation
	v.Check(in.Login != "", "login", "email or phone is required")
	if err := joinInvalid(v.Err(), in.NormalizeRoles()); err != nil {
		s.fail(c, err)
		return
	}
	m, err := s.members.AddMember(c.Request.Context(), actor(c), id, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, m)
}

// updateMember replaces a member's roles.
func (s *Server) updateMember(c *gin.Context) {
	orgID, userID, ok := s.pathIDs(c, "id", "user_id")
	if !ok {
		return
	}
	var body memberPatch
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	in := domain.MemberInput{UserID: userID, Roles: body.Roles}
	if err := in.NormalizeRoles(); err != nil {
		s.fail(c, err)
		return
	}
	m, err := s.members.UpdateMember(c.Request.Context(), actor(c), orgID, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, m)
}

// removeMember takes a member out of an organisation.
func (s *Server) removeMember(c *gin.Context) {
	orgID, userID, ok := s.pathIDs(c, "id", "user_id")
	if !ok {
		return
	}
	if err := s.members.RemoveMember(c.Request.Context(), actor(c), orgID, userID); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
