package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"time"
)

// DefaultTimeout bounds one delivery when the caller's context has no
// deadline, so that a stalled server cannot hold a worker forever.
const DefaultTimeout = time.Minute

// SMTPMailer delivers through one SMTP server. It uses net/smtp rather
// than emersion/go-smtp's client because net/smtp can upgrade an open
// connection with STARTTLS only when the server offers it, and its PLAIN
// authentication refuses to send a password over an unencrypted
// connection to anything but localhost.
type SMTPMailer struct {
	// Addr is the server's host:port.
	Addr string
	// Host is the server name checked against its TLS certificate.
	Host string
	// ImplicitTLS is set for smtps:// (TLS from the first byte, port 465);
	// otherwise the connection is upgraded with STARTTLS when offered.
	ImplicitTLS bool
	// Username and Password authenticate with AUTH PLAIN when Username is
	// set.
	Username string
	Password string
	// From is the sender of every message.
	From mail.Address
	// TLSConfig, when set, replaces the default (system roots, ServerName
	// Host); tests set it to trust their own certificate.
	TLSConfig *tls.Config
	// Now stamps the Date header; nil is time.Now.
	Now func() time.Time
}

var _ Mailer = (*SMTPMailer)(nil)

// String describes the server without the password, for logs.
func (m *SMTPMailer) String() string {
	scheme := "smtp"
	if m.ImplicitTLS {
		scheme = "smtps"
	}
	user := ""
	if m.Username != "" {
		user = m.Username + "@"
	}
	return fmt.Sprintf("%s://%s%s (from %s)", scheme, user, m.Addr, m.From.Address)
}

// Send delivers one message, honouring ctx's deadline and cancellation.
func (m *SMTPMailer) Send(ctx context.Context, msg Message) error {
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	body, err := Build(m.From, msg, now())
	if err != nil {
		return err
	}
	to, _ := mail.ParseAddress(msg.To) // Build has checked it
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	conn, err := m.dial(ctx)
	if err != nil {
		return fmt.Errorf("mail: connect to %s: %w", m.Addr, err)
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	// Closing the connection is the only way to interrupt a blocked read
	// when ctx is cancelled before its deadline.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := m.deliver(conn, to.Address, body); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("mail: send via %s: %w", m.Addr, ctx.Err())
		}
		return fmt.Errorf("mail: send via %s: %w", m.Addr, err)
	}
	return nil
}

func (m *SMTPMailer) dial(ctx context.Context) (net.Conn, error) {
	if m.ImplicitTLS {
		d := &tls.Dialer{Config: m.tlsConfig()}
		return d.DialContext(ctx, "tcp", m.Addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", m.Addr)
}

func (m *SMTPMailer) tlsConfig() *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	if m.TLSConfig != nil {
		c = m.TLSConfig.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = m.Host
	}
	return c
}

// deliver runs one SMTP session on conn: greeting, STARTTLS when offered,
// authentication, one message, QUIT.
func (m *SMTPMailer) deliver(conn net.Conn, to string, body []byte) error {
	c, err := smtp.NewClient(conn, m.Host)
	if err != nil {
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok && !m.ImplicitTLS {
		if err := c.StartTLS(m.tlsConfig()); err != nil {
			return err
		}
	}
	if m.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("server does not offer AUTH, but SMTP_URL has a user")
		}
		if err := c.Auth(smtp.PlainAuth("", m.Username, m.Password, m.Host)); err != nil {
			return err
		}
	}
	if err := c.Mail(m.From.Address); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
