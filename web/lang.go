package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// langCookieAge keeps a chosen language for a year.
const langCookieAge = 365 * 24 * 3600

// switchLang remembers the reader's language in the lang cookie, which
// wins over Accept-Language, and goes back to the page (a local path
// only). A signed-in user's account keeps the choice too, so the mail
// they are sent follows it.
func (s *Server) switchLang(c *gin.Context) {
	to := c.Query("to")
	if to != domain.LocaleZH && to != domain.LocaleEN {
		s.renderError(c, http.StatusBadRequest, "error.malformed")
		return
	}
	if u := stateOf(c).user(); u != nil && u.Locale != to {
		if err := s.users.SetLocale(c.Request.Context(), u.ID, to); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.setCookie(c, cookieLang, to, langCookieAge)
	c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
}
