package httpx

import "github.com/gin-gonic/gin"

// ContentSecurityPolicy allows only our own scripts, styles and images
// (plus data: images for inline icons), and forbids framing, plugins and
// form posts elsewhere. Pages work without JavaScript, so nothing inline
// is needed.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// permissionsPolicy switches off powerful browser features no Hutong page
// uses; a feature that needs one later opts in here.
const permissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

// hsts keeps browsers on HTTPS for two years once they have seen it.
const hsts = "max-age=63072000; includeSubDomains"

// securityHeaders sets the headers OWASP ASVS 14.4 asks of every response.
// HSTS is sent only over TLS: on plain HTTP (a laptop, or behind a proxy
// that terminates TLS and sets its own) it would be ignored or wrong.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", permissionsPolicy)
		if c.Request.TLS != nil {
			h.Set("Strict-Transport-Security", hsts)
		}
		c.Next()
	}
}
