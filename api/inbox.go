package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// listNotifications is the caller's inbox, newest first.
func (s *Server) listNotifications(c *gin.Context) {
	page, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ns, next, err := s.notifications.FindNotifications(c.Request.Context(), actor(c), page)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(ns, next))
}

// markNotificationRead marks one of the caller's notifications read;
// another user's is 404.
func (s *Server) markNotificationRead(c *gin.Context) {
	id, err := pathID(c, "id")
	if err == nil {
		err = s.notifications.MarkRead(c.Request.Context(), actor(c), id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// listRegions lists the regions under ?parent= (provinces without it).
func (s *Server) listRegions(c *gin.Context) {
	parent := c.Query("parent")
	if parent != "" && len(parent) != 6 {
		s.fail(c, domain.Invalid("parent", "must be a 6-digit administrative division code"))
		return
	}
	rs, err := s.regions.FindRegions(c.Request.Context(), parent)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(rs, ""))
}

// listAudit lists an organisation's audit entries for its owners and
// admins, or every entry for a platform admin when no organisation is
// named. The service applies the policy.
func (s *Server) listAudit(c *gin.Context) {
	orgID, err := queryID(c, "organization_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	page, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	es, next, err := s.audit.FindAuditEntries(c.Request.Context(), actor(c), orgID, page)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(es, next))
}
