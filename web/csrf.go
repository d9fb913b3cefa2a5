package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"

	"github.com/gin-gonic/gin"
)

// Forms carry their CSRF token in this field.
const csrfField = "csrf_token"

// csrfCookieAge is how long an anonymous form stays usable: an hour to
// fill in a sign-up form is plenty, and a stale one just shows the form
// again.
const csrfCookieAge = 3600

// anonToken returns the token for an anonymous form (sign-up, sign-in): an
// HMAC of a random nonce kept in a short-lived cookie, a signed
// double-submit token. The nonce cookie is reused while it lasts, so
// several open tabs all stay valid.
func (s *Server) anonToken(c *gin.Context) string {
	nonce, err := c.Cookie(cookieCSRF)
	if err != nil || !validNonce(nonce) {
		nonce = randomToken()
		s.setCookie(c, cookieCSRF, nonce, csrfCookieAge)
	}
	return s.signNonce(nonce)
}

// checkAnonToken reports whether token is the signature of the request's
// nonce cookie.
func (s *Server) checkAnonToken(c *gin.Context, token string) bool {
	nonce, err := c.Cookie(cookieCSRF)
	if err != nil || !validNonce(nonce) || token == "" {
		return false
	}
	return constantEqual(token, s.signNonce(nonce))
}

// signNonce is HMAC-SHA256 over a purpose label and the nonce, so the key
// signs nothing else with the same input.
func (s *Server) signNonce(nonce string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("hutong/web/csrf\x00"))
	m.Write([]byte(nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkSessionToken reports whether token is the session's CSRF token.
func checkSessionToken(st *state, token string) bool {
	return st.Session != nil && st.Session.CSRFToken != "" && token != "" &&
		constantEqual(token, st.Session.CSRFToken)
}

// constantEqual compares secrets in constant time.
func constantEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// randomToken returns 32 random bytes, URL-safe base64.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// validNonce accepts only what randomToken makes, so a planted cookie of
// another shape is replaced.
func validNonce(s string) bool {
	if len(s) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}
