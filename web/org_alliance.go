package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// allianceData is what an alliance's managers see on its members page.
type allianceData struct {
	Org *domain.Organization
	// Members are the confirmed members and the open invitations.
	Members []*domain.AllianceMember
	// Candidates are verified organisations the alliance could invite:
	// the first page of them, without alliances and present members.
	Candidates []*domain.Organization
	InviteForm *form
	Problems   []string
	Saved      bool
}

// inviteFields are the fields of the invitation form.
var inviteFields = []string{"organization_id"}

// alliancePage lists an alliance's members and invitations with forms to
// invite and remove; the alliance service decides who may see them.
func (s *Server) alliancePage(c *gin.Context) {
	org, ok := s.findAlliance(c)
	if !ok {
		return
	}
	s.renderAlliance(c, http.StatusOK, allianceData{Org: org, InviteForm: newForm(nil), Saved: c.Query("saved") == "1"})
}

// findAlliance loads the organisation in the path, which must be an
// alliance: other organisations have no such page (404).
func (s *Server) findAlliance(c *gin.Context) (*domain.Organization, bool) {
	org, ok := s.findOrg(c)
	if ok && org.Kind != domain.KindAlliance {
		s.fail(c, domain.Errorf(domain.ENOTFOUND, "not an alliance"))
		return nil, false
	}
	return org, ok
}

// inviteToAlliance invites the organisation picked from the list, or the
// one whose id was typed in, which wins when both are given.
func (s *Server) inviteToAlliance(c *gin.Context) {
	org, ok := s.findAlliance(c)
	if !ok {
		return
	}
	f := c.Request.PostForm
	ref := strings.TrimSpace(f.Get("organization"))
	if ref == "" {
		ref = f.Get("organization_id")
	}
	id, err := uuid.Parse(ref)
	if err != nil {
		s.allianceChanged(c, org, domain.Invalid("organization_id", "choose an organisation or enter its id"), true)
		return
	}
	_, err = s.alliances.InviteToAlliance(c.Request.Context(), stateOf(c).Actor, org.ID, id)
	s.allianceChanged(c, org, err, true)
}

// removeFromAlliance ends a membership or withdraws an invitation.
func (s *Server) removeFromAlliance(c *gin.Context) {
	org, ok := s.findAlliance(c)
	if !ok {
		return
	}
	member, err := domain.ParseID(c.Param("org"))
	if err != nil {
		s.fail(c, err)
		return
	}
	err = s.alliances.LeaveAlliance(c.Request.Context(), stateOf(c).Actor, org.ID, member)
	s.allianceChanged(c, org, err, false)
}

// allianceChanged goes back to the alliance page after a change, or shows
// it again with the problem: on the invitation form (inviting) or at the
// top.
func (s *Server) allianceChanged(c *gin.Context, org *domain.Organization, err error, inviting bool) {
	s.changed(c, err, "/org/"+org.ID.String()+"/alliance?saved=1", inviting, inviteFields,
		func(status int, f *form, problems []string) {
			s.renderAlliance(c, status, allianceData{Org: org, InviteForm: f, Problems: problems})
		})
}

// renderAlliance loads the members, which the service shows with the
// invitations only to the alliance's managers, then the candidates, and
// renders the page.
func (s *Server) renderAlliance(c *gin.Context, status int, d allianceData) {
	st, ctx := stateOf(c), c.Request.Context()
	ms, err := s.alliances.FindAllianceMembers(ctx, st.Actor, d.Org.ID, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	verified, _, err := s.orgs.FindOrganizations(ctx, domain.OrganizationFilter{
		VerificationStatus: domain.VerificationVerified, Page: domain.Page{Limit: domain.MaxPageLimit},
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Members, d.Candidates = ms, candidates(verified, ms)
	s.render(c, status, "alliance", st.L.T("alliance.title", map[string]any{"Name": d.Org.Name}), d)
}

// candidates drops alliances, which cannot join, and organisations that
// are already members or invited.
func candidates(orgs []*domain.Organization, members []*domain.AllianceMember) []*domain.Organization {
	taken := make(map[uuid.UUID]bool, len(members))
	for _, m := range members {
		if m.Organization != nil {
			taken[m.Organization.ID] = true
		}
	}
	var out []*domain.Organization
	for _, o := range orgs {
		if o.Kind != domain.KindAlliance && !taken[o.ID] {
			out = append(out, o)
		}
	}
	return out
}
