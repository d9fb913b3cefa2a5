package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// giveToWish starts a cash gift to a wish and sends the donor to the
// checkout (303). Without a gateway, or for a programme that takes no
// cash, the wish page says cash giving is unavailable and still offers
// the in-kind claim.
func (s *Server) giveToWish(c *gin.Context) {
	if !s.wishesReady(c) {
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	ctx, st := c.Request.Context(), stateOf(c)
	w, err := s.mw.wishes.FindWishByID(ctx, st.Actor, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	pf := c.Request.PostForm
	f := newForm(pf)
	fen, ok := parseYuan(pf.Get("amount"))
	if !ok || fen <= 0 {
		f.Errors["amount_fen"] = []string{wishT(st.L, "give.bad_amount")}
		s.renderWish(c, http.StatusUnprocessableEntity, w, &wishPageData{Give: f})
		return
	}
	if s.mw.donations == nil || !s.mw.cash {
		s.renderWish(c, http.StatusServiceUnavailable, w, &wishPageData{Give: f, CashUnavailable: true})
		return
	}
	d, err := s.mw.donations.StartDonation(ctx, st.Actor, domain.DonationInput{
		WishID: &w.ID, AmountFen: fen, Anonymous: pf.Get("anonymous") == "1",
		DisplayName: pf.Get("display_name"), Overflow: domain.Overflow(pf.Get("overflow")),
	})
	switch code := domain.ErrorCode(err); {
	case err == nil && d.CheckoutURL != "":
		c.Redirect(http.StatusSeeOther, d.CheckoutURL)
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/donations/"+d.ID.String()+"/thanks")
	case code == domain.EUNAVAILABLE || cashRefused(err):
		s.renderWish(c, http.StatusServiceUnavailable, w, &wishPageData{Give: f, CashUnavailable: true})
	case code == domain.EINVALID:
		s.wishApply(st, f, []string{"amount_fen", "display_name", "overflow"}, domain.AsError(err))
		s.renderWish(c, http.StatusUnprocessableEntity, w, &wishPageData{Give: f})
	case code == domain.ECONFLICT:
		s.wishApply(st, f, nil, domain.AsError(err))
		s.renderWish(c, http.StatusConflict, w, &wishPageData{Give: f, Problems: f.General})
	default:
		s.fail(c, err)
	}
}

// cashRefused reports the donation service's answer for a programme
// without a licensed host that takes cash.
func cashRefused(err error) bool {
	e := domain.AsError(err)
	if e == nil || e.Code != domain.EINVALID {
		return false
	}
	for _, fe := range e.Fields {
		if wishMessageIDs[fe.Message] == "cash_unavailable" {
			return true
		}
	}
	return false
}

// donationData is a donation as its donor sees it after checkout.
type donationData struct {
	Donation *domain.Donation
	Pending  bool
	Received bool
}

// donationThanks thanks the donor after checkout and shows where the
// gift stands: pending until the payment's webhook lands.
func (s *Server) donationThanks(c *gin.Context) {
	if s.mw.donations == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	st := stateOf(c)
	d, err := s.mw.donations.FindDonationByID(c.Request.Context(), st.Actor, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := donationData{Donation: d, Pending: d.Status == domain.DonationPending,
		Received: d.ReceiptNo != "" || d.Status == domain.DonationSucceeded}
	s.render(c, http.StatusOK, "donation_thanks", wishT(st.L, "thanks.title"), data)
}

// donationReceipt is the donor's printable receipt of a received gift.
func (s *Server) donationReceipt(c *gin.Context) {
	if s.mw.donations == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	st := stateOf(c)
	r, err := s.mw.donations.FindReceipt(c.Request.Context(), st.Actor, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "donation_receipt", wishT(st.L, "receipt.title"), r)
}
