package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// orgFormData is what the create and edit forms show.
type orgFormData struct {
	Form     *form
	Regions  []regionGroup
	Org      *domain.Organization // nil when creating
	Action   string
	Creating bool
	Saved    bool
}

// orgFields are the fields the organisation form shows.
var orgFields = []string{"kind", "name", "credit_code", "region_code", "service_areas", "rating",
	"public_fundraising", "description", "website", "contact_email", "contact_phone"}

// newOrgForm shows the form to create an organisation.
func (s *Server) newOrgForm(c *gin.Context) {
	st := stateOf(c)
	if err := domain.Can(st.Actor, domain.ActionOrgCreate, nil); err != nil {
		s.fail(c, err)
		return
	}
	f := newForm(url.Values{"kind": {string(domain.KindSocialOrg)}})
	s.renderOrgForm(c, http.StatusOK, f, nil, false)
}

// createOrg creates the organisation, making the reader its owner, and
// shows its public profile.
func (s *Server) createOrg(c *gin.Context) {
	in := orgInput(c.Request.PostForm)
	org, err := s.orgs.CreateOrganization(c.Request.Context(), stateOf(c).Actor, in)
	if err != nil {
		s.orgFormFailed(c, nil, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/orgs/"+org.ID.String()+"?created=1")
}

// editOrgForm shows an organisation's form to its owners and admins; the
// rule is domain.Can's.
func (s *Server) editOrgForm(c *gin.Context) {
	org, ok := s.findOrg(c)
	if !ok {
		return
	}
	if err := domain.Can(stateOf(c).Actor, domain.ActionOrgUpdate, org); err != nil {
		s.fail(c, err)
		return
	}
	s.renderOrgForm(c, http.StatusOK, newForm(orgValues(org)), org, c.Query("saved") == "1")
}

// updateOrg saves the form; the service decides who may.
func (s *Server) updateOrg(c *gin.Context) {
	org, ok := s.findOrg(c)
	if !ok {
		return
	}
	in := orgInput(c.Request.PostForm)
	in.Kind, in.CreditCode = org.Kind, org.CreditCode
	if _, err := s.orgs.UpdateOrganization(c.Request.Context(), stateOf(c).Actor, org.ID, in); err != nil {
		s.orgFormFailed(c, org, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/org/"+org.ID.String()+"/edit?saved=1")
}

// findOrg loads the organisation named by the :id parameter, answering
// 404 itself when there is none.
func (s *Server) findOrg(c *gin.Context) (*domain.Organization, bool) {
	id, err := domain.ParseID(c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	org, err := s.orgs.FindOrganizationByID(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return org, true
}

// orgFormFailed shows the form again with its problems, or the error page
// for anything the reader cannot fix in the form.
func (s *Server) orgFormFailed(c *gin.Context, org *domain.Organization, err error) {
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	f := newForm(c.Request.PostForm)
	s.applyError(stateOf(c), f, orgFields, domain.AsError(err))
	s.renderOrgForm(c, formStatus[code], f, org, false)
}

// renderOrgForm renders the create (org nil) or edit form.
func (s *Server) renderOrgForm(c *gin.Context, status int, f *form, org *domain.Organization, saved bool) {
	st := stateOf(c)
	groups, _, err := s.regions.tree(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	d := orgFormData{Form: f, Regions: groups, Org: org, Saved: saved, Action: "/org/new", Creating: org == nil}
	title := st.L.T("org_form.new_title")
	if org != nil {
		d.Action = "/org/" + org.ID.String() + "/edit"
		title = st.L.T("org_form.edit_title", map[string]any{"Name": org.Name})
	}
	s.render(c, status, "org_form", title, d)
}

// orgInput reads the organisation form.
func orgInput(f url.Values) domain.OrganizationInput {
	return domain.OrganizationInput{
		Kind:              domain.OrgKind(f.Get("kind")),
		Name:              f.Get("name"),
		CreditCode:        f.Get("credit_code"),
		RegionCode:        f.Get("region_code"),
		ServiceAreas:      f["service_areas"],
		Rating:            f.Get("rating"),
		PublicFundraising: f.Get("public_fundraising") == "1",
		Description:       f.Get("description"),
		Website:           f.Get("website"),
		ContactEmail:      f.Get("contact_email"),
		ContactPhone:      f.Get("contact_phone"),
	}
}

// orgValues fills the edit form from an organisation.
func orgValues(o *domain.Organization) url.Values {
	v := url.Values{
		"kind": {string(o.Kind)}, "name": {o.Name}, "credit_code": {o.CreditCode},
		"region_code": {o.RegionCode}, "service_areas": o.ServiceAreas, "rating": {o.Rating},
		"description": {o.Description}, "website": {o.Website},
		"contact_email": {o.ContactEmail}, "contact_phone": {o.ContactPhone},
	}
	if o.PublicFundraising {
		v.Set("public_fundraising", "1")
	}
	return v
}
