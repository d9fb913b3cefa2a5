package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// stationOrg reads the station a station page is about from "org" (the
// query of a GET, the form of a POST). Only its members see its pages:
// to anyone else it does not exist.
func (s *Server) stationOrg(c *gin.Context) (*domain.Organization, bool) {
	if !s.wishesReady(c) {
		return nil, false
	}
	st := stateOf(c)
	if st.Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return nil, false
	}
	raw := c.Query("org")
	if c.Request.Method == http.MethodPost {
		raw = c.Request.PostForm.Get("org")
	}
	id, err := domain.ParseID(raw)
	if err != nil || st.Actor.Membership(id) == nil {
		s.renderError(c, http.StatusNotFound, "error.not_found")
		return nil, false
	}
	org, err := s.orgs.FindOrganizationByID(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return org, true
}

// stationURL is the station page of org, with a notice of what was done.
func stationURL(org string, done string) string {
	v := url.Values{"org": {org}}
	if done != "" {
		v.Set("done", done)
	}
	return "/station?" + v.Encode()
}

// stationData is a station's micro-wish desk: its children (child
// directors only), its wishes by stage, the review queue, claims to
// receive and deliveries to record.
type stationData struct {
	Org        *domain.Organization
	Stations   []*domain.Membership
	Director   bool
	Children   []*domain.Child
	Programmes []*domain.Programme
	Drafts     []*domain.Wish
	InReview   []*domain.Wish
	Claimed    []*domain.Wish
	Funded     []*domain.Wish
	Purchased  []*domain.Wish
	Public     []*domain.Wish
	// ToReceive are the wishes with a claim still to buy or bought, and
	// Claims those claims by wish id.
	ToReceive []*domain.Wish
	Claims    map[string][]*domain.Claim
	// Cancellable are the wishes an owner or admin may still cancel.
	Cancellable []*domain.Wish
	Problems    []string
	Notice      string
}

// stationPage is a station's desk; without org it lists the reader's
// organisations to choose from.
func (s *Server) stationPage(c *gin.Context) {
	if !s.wishesReady(c) {
		return
	}
	st := stateOf(c)
	if st.Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return
	}
	if c.Query("org") == "" {
		d := &stationData{}
		for _, m := range st.Actor.Memberships {
			if m.OrganizationKind != domain.KindBureau {
				d.Stations = append(d.Stations, m)
			}
		}
		s.render(c, http.StatusOK, "station", wishT(st.L, "station.title"), d)
		return
	}
	org, ok := s.stationOrg(c)
	if !ok {
		return
	}
	s.renderStation(c, http.StatusOK, org, nil)
}

// renderStation renders org's desk with problems at the top.
func (s *Server) renderStation(c *gin.Context, status int, org *domain.Organization, problems []string) {
	ctx, st := c.Request.Context(), stateOf(c)
	d := &stationData{Org: org, Problems: problems, Notice: c.Query("done"), Claims: map[string][]*domain.Claim{},
		Director: st.Actor.HasRole(org.ID, domain.RoleChildDirector)}
	var err error
	if d.Director && s.mw.children != nil {
		if d.Children, _, err = s.mw.children.FindChildren(ctx, st.Actor, org.ID, domain.Page{Limit: domain.MaxPageLimit}); err != nil {
			s.fail(c, err)
			return
		}
	}
	if d.Programmes, _, err = s.mw.programmes.FindProgrammes(ctx, st.Actor, &org.ID, domain.Page{Limit: domain.MaxPageLimit}); err != nil {
		s.fail(c, err)
		return
	}
	ws, _, err := s.mw.wishes.FindWishes(ctx, st.Actor, domain.WishFilter{StationID: &org.ID, Page: domain.Page{Limit: domain.MaxPageLimit}})
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.sortStationWishes(c, d, ws); err != nil {
		s.fail(c, err)
		return
	}
	if s.mw.donations != nil && st.Actor.HasRole(org.ID, domain.RoleOwner, domain.RoleAdmin) {
		for _, w := range ws {
			if w.Status == domain.WishPublished || w.Status == domain.WishFunded || w.Status == domain.WishClaimed {
				d.Cancellable = append(d.Cancellable, w)
			}
		}
	}
	s.render(c, status, "station", org.Name+" · "+wishT(st.L, "station.title"), d)
}

// sortStationWishes puts each wish in its stage and loads the claims of
// claimed ones.
func (s *Server) sortStationWishes(c *gin.Context, d *stationData, ws []*domain.Wish) error {
	for _, w := range ws {
		switch w.Status {
		case domain.WishDraft:
			d.Drafts = append(d.Drafts, w)
		case domain.WishInReview:
			d.InReview = append(d.InReview, w)
		case domain.WishClaimed:
			d.Claimed = append(d.Claimed, w)
		case domain.WishFunded:
			d.Funded = append(d.Funded, w)
		case domain.WishPurchased:
			d.Purchased = append(d.Purchased, w)
		default:
			d.Public = append(d.Public, w)
		}
	}
	if s.mw.claims == nil {
		return nil
	}
	for _, w := range append(append([]*domain.Wish{}, d.Claimed...), d.Purchased...) {
		cs, err := s.mw.claims.FindClaims(c.Request.Context(), stateOf(c).Actor, w.ID)
		if err != nil {
			return err
		}
		for _, cl := range cs {
			if cl.Status == domain.ClaimClaimed || cl.Status == domain.ClaimBought {
				d.Claims[w.ID.String()] = append(d.Claims[w.ID.String()], cl)
			}
		}
		if len(d.Claims[w.ID.String()]) > 0 {
			d.ToReceive = append(d.ToReceive, w)
		}
	}
	return nil
}

// stationDone returns to the station's desk, or shows it again with a
// problem the reader can act on.
func (s *Server) stationDone(c *gin.Context, org *domain.Organization, err error, done string) {
	if err == nil {
		c.Redirect(http.StatusSeeOther, stationURL(org.ID.String(), done))
		return
	}
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 && code != domain.EFORBIDDEN && code != domain.EUNAVAILABLE {
		s.fail(c, err)
		return
	}
	f := newForm(nil)
	s.wishApply(stateOf(c), f, nil, domain.AsError(err))
	status := formStatus[code]
	if status == 0 {
		status = errorPages[code].status
	}
	s.renderStation(c, status, org, f.General)
}
