package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// membersData is what the members page shows its managers.
type membersData struct {
	Org     *domain.Organization
	Members []*domain.Member
	// AddForm is the form to add a member; Problems are the problems of
	// the last change to an existing member.
	AddForm  *form
	Problems []string
	Saved    bool
}

// addMemberFields are the fields of the form that adds a member.
var addMemberFields = []string{"login", "roles"}

// membersPage lists an organisation's members with forms to change them;
// the member service decides who may see them.
func (s *Server) membersPage(c *gin.Context) {
	org, ok := s.findOrg(c)
	if !ok {
		return
	}
	s.renderMembers(c, http.StatusOK, membersData{Org: org, AddForm: newForm(nil), Saved: c.Query("saved") == "1"})
}

// addMember adds an existing account, by email or phone, with roles.
func (s *Server) addMember(c *gin.Context) {
	org, ok := s.findOrg(c)
	if !ok {
		return
	}
	f := c.Request.PostForm
	in := domain.MemberInput{Login: f.Get("login"), Roles: formRoles(f["roles"])}
	_, err := s.members.AddMember(c.Request.Context(), stateOf(c).Actor, org.ID, in)
	s.memberChanged(c, org, err, true)
}

// updateMember replaces a member's roles.
func (s *Server) updateMember(c *gin.Context) {
	org, ok := s.findOrg(c)
	if !ok {
		return
	}
	userID, err := domain.ParseID(c.Param("user"))
	if err != nil {
		s.fail(c, err)
		return
	}
	in := domain.MemberInput{UserID: userID, Roles: formRoles(c.Request.PostForm["roles"])}
	_, err = s.members.UpdateMember(c.Request.Context(), stateOf(c).Actor, org.ID, in)
	s.memberChanged(c, org, err, false)
}

// removeMember removes a member.
func (s *Server) removeMember(c *gin.Context) {
	org, ok := s.findOrg(c)
	if !ok {
		return
	}
	userID, err := domain.ParseID(c.Param("user"))
	if err != nil {
		s.fail(c, err)
		return
	}
	err = s.members.RemoveMember(c.Request.Context(), stateOf(c).Actor, org.ID, userID)
	s.memberChanged(c, org, err, false)
}

// memberChanged goes back to the members page after a change, or shows it
// again with the problem: on the add form (adding) or at the top.
func (s *Server) memberChanged(c *gin.Context, org *domain.Organization, err error, adding bool) {
	s.changed(c, err, "/org/"+org.ID.String()+"/members?saved=1", adding, addMemberFields,
		func(status int, f *form, problems []string) {
			s.renderMembers(c, status, membersData{Org: org, AddForm: f, Problems: problems})
		})
}

// renderMembers loads the member list and renders the page.
func (s *Server) renderMembers(c *gin.Context, status int, d membersData) {
	st := stateOf(c)
	ms, err := s.members.FindMembers(c.Request.Context(), st.Actor, d.Org.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Members = ms
	s.render(c, status, "members", st.L.T("members.title", map[string]any{"Name": d.Org.Name}), d)
}

// formRoles reads role checkboxes; the service validates them.
func formRoles(values []string) []domain.Role {
	roles := make([]domain.Role, 0, len(values))
	for _, v := range values {
		roles = append(roles, domain.Role(v))
	}
	return roles
}
