package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// listChildrenByQuery is GET /children?organization_id=: a station's
// children, for its child directors only, as /organizations/{id}/children.
func (s *Server) listChildrenByQuery(c *gin.Context) {
	if s.children == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "children are not configured on this server"))
		return
	}
	if err := onlyQuery(c, "organization_id", "limit", "cursor"); err != nil {
		s.fail(c, err)
		return
	}
	station, err := requiredID("organization_id", c.Query("organization_id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	page, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	items, next, err := s.children.FindChildren(c.Request.Context(), actor(c), station, page)
	s.respond(c, http.StatusOK, newList(items, next), err)
}
