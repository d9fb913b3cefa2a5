package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// createOrganization creates an organisation owned by the caller.
func (s *Server) createOrganization(c *gin.Context) {
	var in domain.OrganizationInput
	if err := decode(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := in.Normalize(); err != nil {
		s.fail(c, err)
		return
	}
	o, err := s.orgs.CreateOrganization(c.Request.Context(), actor(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	// The creator is the owner, though the memberships loaded with the
	// token predate the organisation, so the full view is theirs.
	v := organizationJSON(*o)
	c.JSON(http.StatusCreated, &v)
}

// listOrganizations lists organisations, filtered by kind, region (and
// everything under it) and verification status.
func (s *Server) listOrganizations(c *gin.Context) {
	f, err := orgFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	orgs, next, err := s.orgs.FindOrganizations(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(orgViews(actor(c), orgs), next))
}

// orgFilter reads and checks the list's query parameters.
func orgFilter(c *gin.Context) (domain.OrganizationFilter, error) {
	f := domain.OrganizationFilter{
		Kind:               domain.OrgKind(c.Query("kind")),
		RegionCode:         c.Query("region"),
		VerificationStatus: c.Query("verification_status"),
	}
	var v domain.Validation
	v.Check(f.Kind == "" || f.Kind.Valid(), "kind", "must be one of bureau, social_org, alliance, foundation, station")
	v.Check(f.RegionCode == "" || len(f.RegionCode) == 6, "region", "must be a 6-digit administrative division code")
	switch f.VerificationStatus {
	case "", domain.VerificationPending, domain.VerificationVerified, domain.VerificationRejected:
	default:
		v.Add("verification_status", "must be pending, verified or rejected")
	}
	if err := v.Err(); err != nil {
		return f, err
	}
	var err error
	f.Page, err = queryPage(c)
	return f, err
}

// getOrganization is the public profile.
func (s *Server) getOrganization(c *gin.Context) {
	o, ok := s.loadOrganization(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, orgView(actor(c), o))
}

// loadOrganization loads the organisation named in the path, answering
// 404 itself when there is none.
func (s *Server) loadOrganization(c *gin.Context) (*domain.Organization, bool) {
	id, err := pathID(c, "id")
	if err == nil {
		var o *domain.Organization
		if o, err = s.orgs.FindOrganizationByID(c.Request.Context(), id); err == nil {
			return o, true
		}
	}
	s.fail(c, err)
	return nil, false
}
