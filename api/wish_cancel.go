package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

type cancelWishBody struct {
	Reason string `json:"reason"`
}

// cancelWish cancels a wish: each cash donor's money is refunded or moved
// to the programme, as they chose; matched funds go back to the programme.
func (s *Server) cancelWish(c *gin.Context) {
	if s.donations == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "cancelling wishes is not configured on this server"))
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var body cancelWishBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.donations.CancelWish(c.Request.Context(), actor(c), id, body.Reason)
	s.respond(c, http.StatusOK, out, err)
}
