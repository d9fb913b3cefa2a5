package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// claimsReady answers 503 itself when the pages have no claim service.
func (s *Server) claimsReady(c *gin.Context) bool {
	if s.mw.claims == nil || s.mw.wishes == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return false
	}
	return true
}

// claimWish claims a goods wish in kind for the signed-in donor.
func (s *Server) claimWish(c *gin.Context) {
	if !s.claimsReady(c) {
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	ctx, st := c.Request.Context(), stateOf(c)
	pf := c.Request.PostForm
	_, err := s.mw.claims.ClaimWish(ctx, st.Actor, id, domain.ClaimInput{
		Anonymous: pf.Get("anonymous") == "1", DisplayName: pf.Get("display_name"),
	})
	s.claimDone(c, id.String(), err, "claimed", []string{"display_name"})
}

// markBought records that the claimant bought and sent the goods.
func (s *Server) markBought(c *gin.Context) {
	if !s.claimsReady(c) {
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	cl, err := s.mw.claims.MarkBought(c.Request.Context(), stateOf(c).Actor, id, c.Request.PostForm.Get("tracking_note"))
	s.claimDone(c, c.Request.PostForm.Get("wish_id"), err, "bought", []string{"tracking_note"}, cl)
}

// cancelClaim gives a claim back before buying; the wish is open again.
func (s *Server) cancelClaim(c *gin.Context) {
	if !s.claimsReady(c) {
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	cl, err := s.mw.claims.CancelClaim(c.Request.Context(), stateOf(c).Actor, id)
	s.claimDone(c, c.Request.PostForm.Get("wish_id"), err, "cancelled", nil, cl)
}

// claimDone returns to the wish page on success; a problem the donor can
// fix shows the wish page again with it, anything else its error page.
// The wish is the claim's when the service returned it.
func (s *Server) claimDone(c *gin.Context, wishID string, err error, notice string, fields []string, cl ...*domain.Claim) {
	if len(cl) > 0 && cl[0] != nil {
		wishID = cl[0].WishID.String()
	}
	id, perr := domain.ParseID(wishID)
	if err == nil && perr == nil {
		c.Redirect(http.StatusSeeOther, "/wishes/"+id.String()+"?done="+notice)
		return
	}
	code := domain.ErrorCode(err)
	if err == nil || perr != nil || formStatus[code] == 0 {
		if err == nil {
			err = domain.Errorf(domain.ENOTFOUND, "wish not found")
		}
		s.fail(c, err)
		return
	}
	st := stateOf(c)
	w, werr := s.mw.wishes.FindWishByID(c.Request.Context(), st.Actor, id)
	if werr != nil {
		s.fail(c, werr)
		return
	}
	f := newForm(c.Request.PostForm)
	s.wishApply(st, f, fields, domain.AsError(err))
	s.renderWish(c, formStatus[code], w, &wishPageData{ClaimForm: f, Problems: f.General})
}
