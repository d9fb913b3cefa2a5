package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// organizationPatch is a PATCH body: only the fields present change. Kind
// and credit code are not here, since they never change (a new legal
// identity is a new organisation), so sending them is 400 like any other
// unknown field.
type organizationPatch struct {
	Name              *string   `json:"name"`
	RegionCode        *string   `json:"region_code"`
	ServiceAreas      *[]string `json:"service_areas"`
	Rating            *string   `json:"rating"`
	PublicFundraising *bool     `json:"public_fundraising"`
	Description       *string   `json:"description"`
	Website           *string   `json:"website"`
	ContactEmail      *string   `json:"contact_email"`
	ContactPhone      *string   `json:"contact_phone"`
}

// overlay returns the current organisation's editable fields with the
// patch's fields laid over them.
func (p *organizationPatch) overlay(o *domain.Organization) domain.OrganizationInput {
	in := domain.OrganizationInput{
		Kind: o.Kind, Name: o.Name, CreditCode: o.CreditCode, RegionCode: o.RegionCode,
		ServiceAreas: o.ServiceAreas, Rating: o.Rating, PublicFundraising: o.PublicFundraising,
		Description: o.Description, Website: o.Website,
		ContactEmail: o.ContactEmail, ContactPhone: o.ContactPhone,
	}
	set(&in.Name, p.Name)
	set(&in.RegionCode, p.RegionCode)
	set(&in.ServiceAreas, p.ServiceAreas)
	set(&in.Rating, p.Rating)
	set(&in.PublicFundraising, p.PublicFundraising)
	set(&in.Description, p.Description)
	set(&in.Website, p.Website)
	set(&in.ContactEmail, p.ContactEmail)
	set(&in.ContactPhone, p.ContactPhone)
	return in
}

// set overwrites *dst when the patch carried a value.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// updateOrganization applies a PATCH: load, check the policy (so that a
// stranger learns nothing from validation messages), overlay, validate,
// save.
func (s *Server) updateOrganization(c *gin.Context) {
	o, ok := s.loadOrganization(c)
	if !ok {
		return
	}
	a := actor(c)
	if err := domain.Can(a, domain.ActionOrgUpdate, o); err != nil {
		s.fail(c, err)
		return
	}
	var p organizationPatch
	if err := decode(c, &p); err != nil {
		s.fail(c, err)
		return
	}
	in := p.overlay(o)
	if err := in.NormalizeUpdate(); err != nil {
		s.fail(c, err)
		return
	}
	o, err := s.orgs.UpdateOrganization(c.Request.Context(), a, o.ID, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, orgView(a, o))
}

// verificationRequest is a platform admin's decision on an organisation.
type verificationRequest struct {
	Status string `json:"status"`
	Note   string `json:"note"`
}

// verifyOrganization records a platform admin's decision.
func (s *Server) verifyOrganization(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	a := actor(c)
	if err := domain.Can(a, domain.ActionOrgVerify, nil); err != nil {
		s.fail(c, err)
		return
	}
	var in verificationRequest
	if err := decode(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if in.Status != domain.VerificationVerified && in.Status != domain.VerificationRejected {
		s.fail(c, domain.Invalid("status", "must be verified or rejected"))
		return
	}
	o, err := s.orgs.VerifyOrganization(c.Request.Context(), a, id, in.Status, in.Note)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, orgView(a, o))
}
