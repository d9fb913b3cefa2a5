package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// thanker reads the wish id once the wish service ends stories,
// answering failures itself.
func (s *Server) thanker(c *gin.Context) (domain.WishThanker, bool) {
	if s.wishes == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "wishes are not configured on this server"))
		return nil, false
	}
	return s.wishes, true
}

type thanksBody struct {
	ThanksNote string `json:"thanks_note"`
}

// thankWish posts the child's thanks on a delivered wish.
func (s *Server) thankWish(c *gin.Context) {
	t, ok := s.thanker(c)
	if !ok {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var body thanksBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	w, err := t.ThankWish(c.Request.Context(), actor(c), id, body.ThanksNote)
	s.respond(c, http.StatusOK, w, err)
}

// closeWish closes a delivered or thanked wish.
func (s *Server) closeWish(c *gin.Context) {
	t, ok := s.thanker(c)
	if !ok {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	w, err := t.CloseWish(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, w, err)
}
