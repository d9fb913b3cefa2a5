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
// only).
func (s *Server) switchLang(c *gin.Context) {
	to := c.Query("to")
	if to != domain.LocaleZH && to != domain.LocaleEN {
		s.renderError(c, http.StatusBadRequest, "error.malformed")
		return
	}
	s.setCookie(c, cookieLang, to, langCookieAge)
	c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
}
