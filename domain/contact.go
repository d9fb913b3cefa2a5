package domain

import (
	"net/mail"
	"regexp"
	"strings"
)

// mobileRe matches a mainland China mobile number: 11 digits starting with
// 13-19, the number ranges assigned by MIIT to mobile carriers.
var mobileRe = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// NormalizePhone strips spaces, dashes and a +86/0086 prefix and reports
// whether what is left is a mainland mobile number.
func NormalizePhone(s string) (string, bool) {
	s = strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s))
	for _, p := range []string{"+86", "0086"} {
		s = strings.TrimPrefix(s, p)
	}
	return s, mobileRe.MatchString(s)
}

// NormalizeEmail lower-cases an address and reports whether it is a plain
// address (no display name, one @, a dot in the domain).
func NormalizeEmail(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return s, false
	}
	at := strings.LastIndexByte(s, '@')
	return s, at > 0 && strings.Contains(s[at:], ".")
}

// Login identifies an account by its email or its mobile number.
type Login struct {
	Email string
	Phone string
}

// ParseLogin decides whether a login string is an email or a phone number.
func ParseLogin(s string) (Login, bool) {
	if strings.Contains(s, "@") {
		e, ok := NormalizeEmail(s)
		return Login{Email: e}, ok
	}
	p, ok := NormalizePhone(s)
	return Login{Phone: p}, ok
}
