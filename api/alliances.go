package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// allianceInvite names the organisation an alliance invites.
type allianceInvite struct {
	OrganizationID string `json:"organization_id"`
}

// listAllianceMembers lists an alliance's confirmed members publicly;
// ?include_invited=true adds pending invitations, which the service shows
// only to the alliance's managers.
func (s *Server) listAllianceMembers(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	invited, err := queryBool(c, "include_invited")
	if err != nil {
		s.fail(c, err)
		return
	}
	a := actor(c)
	ms, err := s.alliances.FindAllianceMembers(c.Request.Context(), a, id, invited)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]*allianceMemberJSON, len(ms))
	for i, m := range ms {
		out[i] = allianceMemberView(a, m)
	}
	c.JSON(http.StatusOK, newList(out, ""))
}

// inviteToAlliance invites an organisation into the alliance.
func (s *Server) inviteToAlliance(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var in allianceInvite
	if err := decode(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	orgID, err := uuid.Parse(in.OrganizationID)
	if err != nil {
		s.fail(c, domain.Invalid("organization_id", "must be an organisation's id"))
		return
	}
	a := actor(c)
	m, err := s.alliances.InviteToAlliance(c.Request.Context(), a, id, orgID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, allianceMemberView(a, m))
}

// confirmAllianceMembership is the invited organisation accepting.
func (s *Server) confirmAllianceMembership(c *gin.Context) {
	id, orgID, ok := s.pathIDs(c, "id", "org_id")
	if !ok {
		return
	}
	a := actor(c)
	m, err := s.alliances.ConfirmAllianceMembership(c.Request.Context(), a, id, orgID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, allianceMemberView(a, m))
}

// leaveAlliance removes the link; either side's managers may.
func (s *Server) leaveAlliance(c *gin.Context) {
	id, orgID, ok := s.pathIDs(c, "id", "org_id")
	if !ok {
		return
	}
	if err := s.alliances.LeaveAlliance(c.Request.Context(), actor(c), id, orgID); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// listMemberAlliances lists the alliances an organisation has confirmed
// joining, publicly; each item's organization is the alliance. An unknown
// organisation is 404, so it is looked up first.
func (s *Server) listMemberAlliances(c *gin.Context) {
	o, ok := s.loadOrganization(c)
	if !ok {
		return
	}
	ms, err := s.alliances.FindMemberAlliances(c.Request.Context(), o.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	a := actor(c)
	out := make([]*allianceMemberJSON, len(ms))
	for i, m := range ms {
		out[i] = allianceMemberView(a, m)
	}
	c.JSON(http.StatusOK, newList(out, ""))
}
