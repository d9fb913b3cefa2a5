package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// wishListPage is the size of a page of the public wish list.
const wishListPage = 20

// wishListData is the public wish list: the filters as entered, a page of
// wishes and the link to the next page.
type wishListData struct {
	Form    *form
	Wishes  []*domain.Wish
	Regions []regionGroup
	NextURL string
}

// wishFilter reads the list's filters from the query; a value outside
// its choices is put on the form, naming the field.
func wishFilter(st *state, q url.Values, f *form) domain.WishFilter {
	wf := domain.WishFilter{Region: q.Get("region"), Category: q.Get("category"),
		Kind: domain.WishKind(q.Get("kind")), Status: domain.WishStatus(q.Get("status")),
		Page: domain.Page{Limit: wishListPage, Cursor: q.Get("cursor")}}
	if wf.Category != "" && !slices.Contains(domain.WishCategories, wf.Category) {
		f.Errors["category"] = []string{wishT(st.L, "filter.bad")}
		wf.Category = ""
	}
	if wf.Kind != "" && !wf.Kind.Valid() {
		f.Errors["kind"] = []string{wishT(st.L, "filter.bad")}
		wf.Kind = ""
	}
	if wf.Status != "" && !slices.Contains(publicWishStatuses, wf.Status) {
		f.Errors["status"] = []string{wishT(st.L, "filter.bad")}
		wf.Status = ""
	}
	return wf
}

// wishList is the public list of wishes, filtered by region, category,
// kind and status, newest first, in pages.
func (s *Server) wishList(c *gin.Context) {
	if !s.wishesReady(c) {
		return
	}
	st := stateOf(c)
	q := c.Request.URL.Query()
	f := newForm(q)
	wf := wishFilter(st, q, f)
	groups, _, err := s.regions.tree(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	ws, next, err := s.mw.wishes.FindWishes(c.Request.Context(), st.Actor, wf)
	if domain.ErrorCode(err) == domain.EINVALID {
		s.wishApply(st, f, []string{"region", "kind", "cursor"}, domain.AsError(err))
		ws, next, err = nil, "", nil
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	d := wishListData{Form: f, Wishes: ws, Regions: groups}
	if next != "" {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("cursor", next)
		d.NextURL = "/wishes?" + nq.Encode()
	}
	status := http.StatusOK
	if f.Failed() {
		status = http.StatusBadRequest
	}
	s.render(c, status, "wish_list", wishT(st.L, "list.title"), d)
}

// wishPageData is a wish's public page: the wish, its donors and claims,
// the fulfilment story, and the forms the reader may use.
type wishPageData struct {
	Wish     *domain.Wish
	Donors   []domain.DonorWallEntry
	Claims   []*domain.Claim
	Evidence []*domain.WishEvidence
	// MyClaim is the reader's live claim, for the claimant's buttons.
	MyClaim *domain.Claim
	// CanGive offers the give form; CashUnavailable says why not when
	// the wish still needs money.
	CanGive         bool
	CashUnavailable bool
	CanClaim        bool
	Give            *form
	ClaimForm       *form
	Problems        []string
	Notice          string
}

// wishPage shows a public wish (or a draft to its station).
func (s *Server) wishPage(c *gin.Context) {
	if !s.wishesReady(c) {
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	w, err := s.mw.wishes.FindWishByID(c.Request.Context(), stateOf(c).Actor, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderWish(c, http.StatusOK, w, &wishPageData{Notice: c.Query("done")})
}

// renderWish fills in the wish's donors, claims and evidence and renders
// its page with d's forms and problems.
func (s *Server) renderWish(c *gin.Context, status int, w *domain.Wish, d *wishPageData) {
	ctx, st := c.Request.Context(), stateOf(c)
	d.Wish = w
	if d.Give == nil {
		d.Give = newForm(url.Values{"overflow": {string(domain.OverflowProgramme)}})
	}
	if d.ClaimForm == nil {
		d.ClaimForm = newForm(nil)
	}
	var err error
	if s.mw.donations != nil && w.Status.Public() {
		if d.Donors, _, err = s.mw.donations.FindDonorWall(ctx, w.ID, domain.Page{Limit: 50}); err != nil {
			s.fail(c, err)
			return
		}
	}
	if s.mw.claims != nil {
		if d.Claims, err = s.mw.claims.FindClaims(ctx, st.Actor, w.ID); err != nil {
			s.fail(c, err)
			return
		}
		if d.Evidence, err = s.mw.claims.FindEvidence(ctx, st.Actor, w.ID); err != nil {
			s.fail(c, err)
			return
		}
		d.MyClaim = myLiveClaim(st.Actor, d.Claims)
	}
	open := w.Status == domain.WishPublished && w.RemainingFen() > 0
	d.CanGive = open && w.TakesCash && s.mw.cash && s.mw.donations != nil && !d.CashUnavailable
	d.CashUnavailable = open && !d.CanGive
	d.CanClaim = s.mw.claims != nil && w.Status == domain.WishPublished && w.Kind == domain.WishGoods &&
		w.FundedFen == 0 && w.HeldFen == 0
	s.render(c, status, "wish_detail", w.Title, d)
}

// myLiveClaim is the reader's claim still to buy or bought, or nil.
func myLiveClaim(a *domain.Actor, claims []*domain.Claim) *domain.Claim {
	if a.Anonymous() {
		return nil
	}
	for _, cl := range claims {
		live := cl.Status == domain.ClaimClaimed || cl.Status == domain.ClaimBought
		if live && cl.DonorID != nil && *cl.DonorID == a.User.ID {
			return cl
		}
	}
	return nil
}

// evidencePhoto serves a delivery photo of a wish, stripped of its
// metadata, to anyone who may see the wish.
func (s *Server) evidencePhoto(c *gin.Context) {
	if s.mw.claims == nil {
		s.renderError(c, http.StatusNotFound, "error.not_found")
		return
	}
	wishID, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	id, ok := s.pathUUID(c, "eid")
	if !ok {
		return
	}
	ev, b, err := s.mw.claims.EvidencePhoto(c.Request.Context(), stateOf(c).Actor, id)
	if err == nil && ev.WishID != wishID {
		err = domain.Errorf(domain.ENOTFOUND, "photo not found")
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", "inline")
	c.Data(http.StatusOK, ev.ContentType, b)
}

// programmeListData is the public list of programmes.
type programmeListData struct {
	Programmes []*domain.Programme
	NextURL    string
}

// programmeList lists the programmes the reader may see.
func (s *Server) programmeList(c *gin.Context) {
	if !s.wishesReady(c) {
		return
	}
	st := stateOf(c)
	cursor := c.Query("cursor")
	ps, next, err := s.mw.programmes.FindProgrammes(c.Request.Context(), st.Actor, nil, domain.Page{Limit: wishListPage, Cursor: cursor})
	if err != nil {
		s.fail(c, err)
		return
	}
	d := programmeListData{Programmes: ps}
	if next != "" {
		d.NextURL = "/programmes?" + url.Values{"cursor": {next}}.Encode()
	}
	s.render(c, http.StatusOK, "programme_list", wishT(st.L, "programmes.title"), d)
}

// programmePageData is a programme's page with its wishes.
type programmePageData struct {
	Programme *domain.Programme
	Wishes    []*domain.Wish
	NextURL   string
}

// programmePage shows a programme, its host and its public wishes.
func (s *Server) programmePage(c *gin.Context) {
	if !s.wishesReady(c) {
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	ctx, st := c.Request.Context(), stateOf(c)
	p, err := s.mw.programmes.FindProgrammeByID(ctx, st.Actor, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	ws, next, err := s.mw.wishes.FindWishes(ctx, st.Actor, domain.WishFilter{ProgrammeID: &p.ID,
		Page: domain.Page{Limit: wishListPage, Cursor: c.Query("cursor")}})
	if err != nil {
		s.fail(c, err)
		return
	}
	d := programmePageData{Programme: p, Wishes: ws}
	if next != "" {
		d.NextURL = "/programmes/" + p.ID.String() + "?" + url.Values{"cursor": {next}}.Encode()
	}
	s.render(c, http.StatusOK, "programme_detail", p.Title, d)
}
