package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// profileData is what an organisation's public profile shows.
type profileData struct {
	Org *domain.Organization
	// Members are an alliance's confirmed member organisations.
	Members []*domain.AllianceMember
	// Alliances are the alliances the organisation has confirmed joining.
	Alliances []*domain.Organization
	// Contracts are the organisation's service contracts (as supplier,
	// or as buyer for a bureau) with their grades: its public track
	// record.
	Contracts []*domain.Contract
	CanManage bool
	Created   bool
}

// orgHome is where notifications about an organisation link to
// (/org/<id>). Until the portal has a dashboard of its own, it is the
// public profile, which shows managers their links.
func (s *Server) orgHome(c *gin.Context) {
	id, err := domain.ParseID(c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/orgs/"+id.String())
}

// orgProfile shows an organisation's public profile.
func (s *Server) orgProfile(c *gin.Context) {
	org, ok := s.findOrg(c)
	if !ok {
		return
	}
	st, ctx := stateOf(c), c.Request.Context()
	d := profileData{Org: org, Created: c.Query("created") == "1"}
	d.CanManage = domain.Can(st.Actor, domain.ActionOrgUpdate, org) == nil
	var err error
	if org.Kind == domain.KindAlliance {
		d.Members, err = s.alliances.FindAllianceMembers(ctx, st.Actor, org.ID, false)
	} else {
		d.Alliances, err = s.memberAlliances(ctx, org.ID)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if d.Contracts, err = s.trackRecord(ctx, st.Actor, org); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "org_profile", org.Name, d)
}

// memberAlliances finds the alliances org has confirmed joining, in one
// query.
func (s *Server) memberAlliances(ctx context.Context, org uuid.UUID) ([]*domain.Organization, error) {
	ms, err := s.alliances.FindMemberAlliances(ctx, org)
	if err != nil {
		return nil, err
	}
	out := make([]*domain.Organization, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.Organization)
	}
	return out, nil
}

// listData is what the public list of organisations shows.
type listData struct {
	Orgs    []*domain.Organization
	Kind    string
	Region  string
	Regions []regionGroup
	NextURL string
}

// orgList lists organisations, filtered by kind and region, a page at a
// time.
func (s *Server) orgList(c *gin.Context) {
	st, ctx := stateOf(c), c.Request.Context()
	kind := domain.OrgKind(c.Query("kind"))
	if !kind.Valid() {
		kind = ""
	}
	region := c.Query("region")
	groups, names, err := s.regions.tree(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, ok := names[region]; !ok {
		region = ""
	}
	orgs, next, err := s.orgs.FindOrganizations(ctx, domain.OrganizationFilter{
		Kind: kind, RegionCode: region, Page: domain.Page{Cursor: c.Query("cursor")},
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	d := listData{Orgs: orgs, Kind: string(kind), Region: region, Regions: groups}
	if next != "" {
		q := url.Values{"cursor": {next}}
		if kind != "" {
			q.Set("kind", string(kind))
		}
		if region != "" {
			q.Set("region", region)
		}
		d.NextURL = "/orgs?" + q.Encode()
	}
	s.render(c, http.StatusOK, "org_list", st.L.T("org_list.title"), d)
}

// trackRecord lists an organisation's contracts, newest first: those it
// delivers, or for a bureau those it bought. Nil without a contract
// service.
func (s *Server) trackRecord(ctx context.Context, actor *domain.Actor, org *domain.Organization) ([]*domain.Contract, error) {
	if s.contracts == nil {
		return nil, nil
	}
	id := org.ID
	f := domain.ContractFilter{OrganizationID: &id}
	if org.Kind == domain.KindBureau {
		f = domain.ContractFilter{BureauID: &id}
	}
	return s.contracts.FindContracts(ctx, actor, f)
}
