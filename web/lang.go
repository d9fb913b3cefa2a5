package web

import (
	"net/http"
	"net/url"

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
	if u := stateOf(c).user(); u != nil && u.Locale != to && sameSite(c.Request) {
		if err := s.users.SetLocale(c.Request.Context(), u.ID, to); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.setCookie(c, cookieLang, to, langCookieAge)
	c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
}

// sameSite reports whether a request came from Hutong's own pages. The
// switch is a plain link, so that it works without JavaScript; it changes
// the cookie for anyone, but the stored account setting only when the
// browser says the click was on our own site (Sec-Fetch-Site, or failing
// that the Referer), so another site cannot change it behind the user's
// back.
func sameSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	case "":
	default:
		return false
	}
	if ref := r.Header.Get("Referer"); ref != "" {
		u, err := url.Parse(ref)
		return err == nil && u.Host == r.Host
	}
	return true
}
