package mail

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
)

// Default ports: mail submission (RFC 6409) for smtp://, submissions with
// implicit TLS (RFC 8314) for smtps://.
const (
	DefaultSMTPPort  = "587"
	DefaultSMTPSPort = "465"
)

// ParseURL builds an SMTPMailer from SMTP_URL, of the form
// smtp://user:pass@host:port?from=noreply@example.org (STARTTLS when the
// server offers it) or smtps://... (implicit TLS). The sender may carry a
// display name: from="护童 <noreply@example.org>" (URL-encoded). Errors
// never repeat the URL, which holds a password.
func ParseURL(s string) (*SMTPMailer, error) {
	if s == "" {
		return nil, errors.New("SMTP_URL is empty")
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("SMTP_URL is not a valid URL (is a special character in the password not percent-encoded?)")
	}
	m := &SMTPMailer{}
	port := DefaultSMTPPort
	switch u.Scheme {
	case "smtp":
	case "smtps":
		m.ImplicitTLS, port = true, DefaultSMTPSPort
	default:
		return nil, fmt.Errorf("SMTP_URL must start with smtp:// or smtps://, not %q", u.Scheme+"://")
	}
	m.Host = u.Hostname()
	if m.Host == "" {
		return nil, errors.New("SMTP_URL has no host")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("SMTP_URL port %q is not a port number", p)
		}
		port = p
	}
	m.Addr = net.JoinHostPort(m.Host, port)
	if u.User != nil {
		m.Username = u.User.Username()
		m.Password, _ = u.User.Password()
	}
	if err := parseQuery(u, m); err != nil {
		return nil, err
	}
	return m, nil
}

// parseQuery reads the sender from the query. Unknown parameters are
// errors, so that a misspelt one is not silently ignored.
func parseQuery(u *url.URL, m *SMTPMailer) error {
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return errors.New("SMTP_URL has a malformed query")
	}
	for k := range q {
		if k != "from" {
			return fmt.Errorf("SMTP_URL has an unknown parameter %q (only from is known)", k)
		}
	}
	from := q.Get("from")
	if from == "" {
		return errors.New("SMTP_URL needs the sender address, e.g. ?from=noreply@example.org")
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return fmt.Errorf("SMTP_URL from=%q is not an email address", from)
	}
	m.From = *a
	return nil
}
