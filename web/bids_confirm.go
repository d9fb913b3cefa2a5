package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// confirmBid confirms a bid after a substantive amendment of its project,
// before the deadline, and shows its new receipt. A bid of another
// organisation does not exist (404); after the deadline it is 409.
func (s *Server) confirmBid(c *gin.Context) {
	if !s.bidsReady(c) {
		return
	}
	confirmer, ok := s.bids.(domain.BidConfirmer)
	if !ok {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	if b, ok := s.loadBid(c, confirmer.ConfirmBid); ok {
		c.Redirect(http.StatusSeeOther, "/bids/"+b.ID.String()+"?confirmed=1")
	}
}
