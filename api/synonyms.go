package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// synonymsJSON is the synonym list, in and out.
type synonymsJSON struct {
	// Groups is a pointer so that a body without it is refused rather
	// than read as "remove every group".
	Groups *[][]string `json:"groups"`
}

// listSynonyms shows a platform admin the synonym list.
func (s *Server) listSynonyms(c *gin.Context) {
	if !s.synonymsReady(c) {
		return
	}
	if err := domain.Can(actor(c), domain.ActionSearchSynonyms, nil); err != nil {
		s.fail(c, err)
		return
	}
	groups, err := s.synonyms.FindSynonyms(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, synonymsView(groups))
}

// replaceSynonyms replaces the whole list; the index applies it shortly
// after, through the job the service inserts.
func (s *Server) replaceSynonyms(c *gin.Context) {
	if !s.synonymsReady(c) {
		return
	}
	var in synonymsJSON
	if err := decode(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if in.Groups == nil {
		s.fail(c, domain.Invalid("groups", "is required"))
		return
	}
	saved, err := s.synonyms.ReplaceSynonyms(c.Request.Context(), actor(c), *in.Groups)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, synonymsView(saved))
}

// synonymsReady answers 503 itself when the server has no synonym
// service.
func (s *Server) synonymsReady(c *gin.Context) bool {
	if s.synonyms == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "search settings are not configured on this server"))
		return false
	}
	return true
}

// synonymsView never answers null for an empty list.
func synonymsView(groups [][]string) synonymsJSON {
	if groups == nil {
		groups = [][]string{}
	}
	return synonymsJSON{Groups: &groups}
}
