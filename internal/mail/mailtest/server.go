// Package mailtest runs a real SMTP server (emersion/go-smtp) on a random
// loopback port for tests, recording every message it accepts. Tests of
// the mail package and of the mail jobs receive real mail through it
// instead of faking the Mailer.
package mailtest

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// From is the sender address URL() puts in SMTP_URL.
const From = "noreply@hutong.test"

// Options choose how the server behaves.
type Options struct {
	// StartTLS offers STARTTLS with a self-signed certificate.
	StartTLS bool
	// ImplicitTLS speaks TLS from the first byte, like smtps://.
	ImplicitTLS bool
	// Username and Password, when set, are required with AUTH PLAIN.
	Username string
	Password string
}

// Received is one accepted message.
type Received struct {
	From string
	To   []string
	Data []byte
}

// Server is a running SMTP server. It stops when the test ends.
type Server struct {
	Addr string
	opts Options
	cert *testCert

	mu       sync.Mutex
	received []Received
	failures int // DATA commands still to be refused with 451
	refused  int // DATA commands refused so far
	changed  chan struct{}
}

// Start starts a server on 127.0.0.1 and a random port.
func Start(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := &Server{opts: opts, changed: make(chan struct{})}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	var l net.Listener
	var err error
	l, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	if opts.StartTLS || opts.ImplicitTLS {
		s.cert = newTestCert(tb)
		srv.TLSConfig = s.cert.server
	}
	if opts.ImplicitTLS {
		l = tls.NewListener(l, s.cert.server)
	}
	s.Addr = l.Addr().String()
	go func() { _ = srv.Serve(l) }()
	tb.Cleanup(func() { _ = srv.Close() })
	return s
}

// URL returns an SMTP_URL for this server.
func (s *Server) URL() string {
	u := url.URL{Scheme: "smtp", Host: s.Addr, RawQuery: url.Values{"from": {From}}.Encode()}
	if s.opts.ImplicitTLS {
		u.Scheme = "smtps"
	}
	if s.opts.Username != "" {
		u.User = url.UserPassword(s.opts.Username, s.opts.Password)
	}
	return u.String()
}

// ClientTLS returns a client configuration that trusts the server's
// self-signed certificate.
func (s *Server) ClientTLS() *tls.Config {
	if s.cert == nil {
		return nil
	}
	return s.cert.client.Clone()
}

// FailNext makes the next n messages be refused at DATA with "451 4.3.0",
// the temporary failure a busy or greylisting server answers.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = n
}

// Refused reports how many messages were refused with 451.
func (s *Server) Refused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

// Received returns a copy of the messages accepted so far.
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Wait blocks until at least n messages were accepted or ctx ends, and
// returns what was accepted.
func (s *Server) Wait(ctx context.Context, n int) ([]Received, error) {
	for {
		s.mu.Lock()
		got, changed := append([]Received(nil), s.received...), s.changed
		s.mu.Unlock()
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return got, ctx.Err()
		}
	}
}

// accept records a message, or refuses it while failures remain.
func (s *Server) accept(r Received) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failures > 0 {
		s.failures--
		s.refused++
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Temporary failure, try again later"}
	}
	s.received = append(s.received, r)
	close(s.changed)
	s.changed = make(chan struct{})
	return nil
}

// NewSession implements smtp.Backend.
func (s *Server) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &session{s: s}, nil
}

// session collects one message's envelope and data.
type session struct {
	s      *Server
	authed bool
	msg    Received
}

var _ smtp.AuthSession = (*session)(nil)

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != ss.s.opts.Username || pass != ss.s.opts.Password {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.Username != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.msg = Received{From: from}
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.msg.To = append(ss.msg.To, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(ss.msg.To) == 0 {
		return errors.New("no recipients")
	}
	ss.msg.Data = b
	return ss.s.accept(ss.msg)
}

func (ss *session) Reset()        { ss.msg = Received{} }
func (ss *session) Logout() error { return nil }
