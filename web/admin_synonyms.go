package web

import (
	"net/http"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// synonymsData is what the platform admin's synonym page shows: the list
// as text, one group per line, and the outcome of the last save.
type synonymsData struct {
	Form  *form
	Saved bool
}

// synonymsPage shows the synonym list for editing; only a platform admin
// may see it (domain.Can decides).
func (s *Server) synonymsPage(c *gin.Context) {
	st := stateOf(c)
	if !s.synonymsReady(c) {
		return
	}
	if err := domain.Can(st.Actor, domain.ActionSearchSynonyms, nil); err != nil {
		s.fail(c, err)
		return
	}
	groups, err := s.synonyms.FindSynonyms(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	f := newForm(nil)
	f.Values.Set("groups", formatSynonyms(groups))
	s.render(c, http.StatusOK, "synonyms", st.L.T("synonyms.title"), synonymsData{Form: f, Saved: c.Query("saved") == "1"})
}

// saveSynonyms replaces the list with what the admin typed; problems are
// shown beside the text, which is kept as typed.
func (s *Server) saveSynonyms(c *gin.Context) {
	st := stateOf(c)
	if !s.synonymsReady(c) {
		return
	}
	text := c.Request.PostForm.Get("groups")
	_, err := s.synonyms.ReplaceSynonyms(c.Request.Context(), st.Actor, parseSynonyms(text))
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/admin/search/synonyms?saved=1")
		return
	}
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	f := newForm(nil)
	f.Values.Set("groups", text)
	s.applyError(st, f, []string{"groups"}, domain.AsError(err))
	s.render(c, formStatus[code], "synonyms", st.L.T("synonyms.title"), synonymsData{Form: f})
}

// synonymsReady answers 503 itself when the pages have no synonym
// service.
func (s *Server) synonymsReady(c *gin.Context) bool {
	if s.synonyms == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return false
	}
	return true
}

// formatSynonyms writes one group per line, its words separated by " / ".
func formatSynonyms(groups [][]string) string {
	lines := make([]string, len(groups))
	for i, g := range groups {
		lines[i] = strings.Join(g, " / ")
	}
	return strings.Join(lines, "\n")
}

// parseSynonyms reads one group per non-blank line, its words separated by
// "/", "，", ",", "、" or spaces (full-width ones too).
func parseSynonyms(text string) [][]string {
	groups := [][]string{}
	for _, line := range strings.Split(text, "\n") {
		words := strings.FieldsFunc(line, func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune("/，,、", r)
		})
		if len(words) > 0 {
			groups = append(groups, words)
		}
	}
	return groups
}
