package api

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
	"hutong/ocds"
)

// maxOCIDLength bounds an ocid in a path: the prefix and a UUID fit in a
// fraction of it, anything longer names no process.
const maxOCIDLength = 200

// ocdsReady answers 503 itself when the server has no OCDS service.
func (s *Server) ocdsReady(c *gin.Context) bool {
	if s.ocds == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "the OCDS export is not configured on this server"))
		return false
	}
	return true
}

// listReleasePackages answers one page of the OCDS release feed: the
// releases published after ?since= (RFC 3339; all of them without it),
// oldest first, as a release package. The next page is in links.next and
// in a Link header; the last page has neither.
func (s *Server) listReleasePackages(c *gin.Context) {
	if !s.ocdsReady(c) {
		return
	}
	q, err := releaseQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	pkg, next, err := s.ocds.ReleasePackage(c.Request.Context(), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	base := s.ocds.Publisher().URI
	pkg.URI = base + c.Request.URL.RequestURI()
	if next != "" {
		params := c.Request.URL.Query()
		params.Set("cursor", next)
		pkg.Links = &ocds.Links{Next: base + c.Request.URL.Path + "?" + params.Encode()}
		c.Header("Link", "<"+pkg.Links.Next+`>; rel="next"`)
	}
	c.JSON(http.StatusOK, pkg)
}

// releaseQuery reads ?since=, ?limit= and ?cursor=, reporting every bad
// one at once, each as 422 naming it.
func releaseQuery(c *gin.Context) (ocds.ReleaseQuery, error) {
	var q ocds.ReleaseQuery
	var sinceErr error
	if s := c.Query("since"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			sinceErr = domain.Invalid("since", "must be an RFC 3339 time, like 2025-10-01T00:00:00+08:00")
		}
		q.Since = t
	}
	page, pageErr := queryPage(c)
	q.Page = page
	return q, joinInvalid(sinceErr, pageErr)
}

// getRecord answers the record package of one contracting process: its
// releases and the compiled release. An unknown ocid is 404.
func (s *Server) getRecord(c *gin.Context) {
	if !s.ocdsReady(c) {
		return
	}
	ocid := c.Param("ocid")
	if ocid == "" || len(ocid) > maxOCIDLength {
		s.fail(c, domain.Errorf(domain.ENOTFOUND, "no OCDS record for this ocid"))
		return
	}
	pkg, err := s.ocds.RecordPackage(c.Request.Context(), ocid)
	if err != nil {
		s.fail(c, err)
		return
	}
	pkg.URI = s.ocds.Publisher().URI + "/api/v1/ocds/records/" + url.PathEscape(ocid)
	c.JSON(http.StatusOK, pkg)
}
