package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// memberAlliancesData is what a member organisation's managers see about
// its alliances: invitations to decide on and memberships to keep or end.
// In both lists Organization is the alliance.
type memberAlliancesData struct {
	Org         *domain.Organization
	Invitations []*domain.AllianceMember
	Alliances   []*domain.AllianceMember
	Problems    []string
	// Done names what was just done ("confirmed" or "left"), for the
	// notice.
	Done string
}

// memberAlliancesPage lists an organisation's alliance invitations and
// memberships; the alliance service lets only its owners and admins see
// the invitations.
func (s *Server) memberAlliancesPage(c *gin.Context) {
	org, ok := s.findOrg(c)
	if !ok {
		return
	}
	d := memberAlliancesData{Org: org}
	if done := c.Query("done"); done == "confirmed" || done == "left" {
		d.Done = done
	}
	s.renderMemberAlliances(c, http.StatusOK, d)
}

// confirmAlliance accepts an alliance's invitation.
func (s *Server) confirmAlliance(c *gin.Context) {
	org, alliance, ok := s.orgAndAlliance(c)
	if !ok {
		return
	}
	_, err := s.alliances.ConfirmAllianceMembership(c.Request.Context(), stateOf(c).Actor, alliance, org.ID)
	s.memberAllianceChanged(c, org, err, "confirmed")
}

// leaveAlliance declines an invitation or leaves an alliance; the service
// treats both as ending the link.
func (s *Server) leaveAlliance(c *gin.Context) {
	org, alliance, ok := s.orgAndAlliance(c)
	if !ok {
		return
	}
	err := s.alliances.LeaveAlliance(c.Request.Context(), stateOf(c).Actor, alliance, org.ID)
	s.memberAllianceChanged(c, org, err, "left")
}

// orgAndAlliance reads the organisation and the alliance id in the path.
func (s *Server) orgAndAlliance(c *gin.Context) (*domain.Organization, uuid.UUID, bool) {
	org, ok := s.findOrg(c)
	if !ok {
		return nil, uuid.Nil, false
	}
	alliance, err := domain.ParseID(c.Param("alliance"))
	if err != nil {
		s.fail(c, err)
		return nil, uuid.Nil, false
	}
	return org, alliance, true
}

// memberAllianceChanged goes back to the alliances page after a decision,
// or shows it again with the problem at the top.
func (s *Server) memberAllianceChanged(c *gin.Context, org *domain.Organization, err error, done string) {
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/org/"+org.ID.String()+"/alliances?done="+done)
		return
	}
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	f := newForm(nil)
	s.applyError(stateOf(c), f, nil, domain.AsError(err))
	s.renderMemberAlliances(c, formStatus[code], memberAlliancesData{Org: org, Problems: f.General})
}

// renderMemberAlliances loads the invitations first, so that the policy
// answers before anything is shown, then the memberships.
func (s *Server) renderMemberAlliances(c *gin.Context, status int, d memberAlliancesData) {
	st, ctx := stateOf(c), c.Request.Context()
	inv, err := s.alliances.FindAllianceInvitations(ctx, st.Actor, d.Org.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	ms, err := s.alliances.FindMemberAlliances(ctx, d.Org.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Invitations, d.Alliances = inv, ms
	s.render(c, status, "member_alliances", st.L.T("member_alliances.title", map[string]any{"Name": d.Org.Name}), d)
}
