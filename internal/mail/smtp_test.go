package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hutong/internal/mail"
	"hutong/internal/mail/mailtest"
)

func TestSMTPMailerSend(t *testing.T) {
	t.Parallel()
	msg := mail.Message{
		To:      "Li.Ming@Example.org",
		Subject: "欢迎加入护童 — welcome",
		Text:    strings.Repeat("您好,这是一封测试邮件。\n", 20),
	}
	for name, opts := range map[string]mailtest.Options{
		"OKPlain":       {},
		"OKStartTLS":    {StartTLS: true},
		"OKImplicitTLS": {ImplicitTLS: true},
		"OKAuthPlain":   {StartTLS: true, Username: "hutong", Password: "s3cret/pass"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := mailtest.Start(t, opts)
			m := mustParse(t, srv.URL())
			m.TLSConfig = srv.ClientTLS()
			if err := m.Send(context.Background(), msg); err != nil {
				t.Fatal(err)
			}
			got := srv.Received()
			if len(got) != 1 {
				t.Fatalf("received %d messages, want 1", len(got))
			}
			if got[0].From != mailtest.From || len(got[0].To) != 1 || got[0].To[0] != msg.To {
				t.Errorf("envelope %q -> %q", got[0].From, got[0].To)
			}
			d, err := mailtest.Decode(got[0].Data)
			if err != nil {
				t.Fatal(err)
			}
			if d.Subject != msg.Subject || d.Text != msg.Text {
				t.Errorf("decoded subject %q text %q", d.Subject, d.Text)
			}
		})
	}
}

func TestSMTPMailerSendErrors(t *testing.T) {
	t.Parallel()
	msg := mail.Message{To: "a@example.org", Subject: "s", Text: "t"}
	t.Run("ErrTemporaryIsNotPermanent", func(t *testing.T) {
		t.Parallel()
		srv := mailtest.Start(t, mailtest.Options{})
		srv.FailNext(1)
		err := mustParse(t, srv.URL()).Send(context.Background(), msg)
		if err == nil || mail.IsPermanent(err) || !strings.Contains(err.Error(), "451") {
			t.Fatalf("got %v, want a temporary 451 error", err)
		}
		if len(srv.Received()) != 0 || srv.Refused() != 1 {
			t.Errorf("received %d, refused %d", len(srv.Received()), srv.Refused())
		}
	})
	t.Run("ErrWrongPasswordIsPermanent", func(t *testing.T) {
		t.Parallel()
		srv := mailtest.Start(t, mailtest.Options{StartTLS: true, Username: "u", Password: "right"})
		m := mustParse(t, srv.URL())
		m.Password, m.TLSConfig = "wrong", srv.ClientTLS()
		if err := m.Send(context.Background(), msg); !mail.IsPermanent(err) {
			t.Fatalf("got %v, want a permanent 535 error", err)
		}
	})
	t.Run("ErrUntrustedCertificate", func(t *testing.T) {
		t.Parallel()
		srv := mailtest.Start(t, mailtest.Options{StartTLS: true})
		if err := mustParse(t, srv.URL()).Send(context.Background(), msg); err == nil {
			t.Fatal("sent over STARTTLS to a server with an untrusted certificate")
		}
	})
	t.Run("ErrBadRecipient", func(t *testing.T) {
		t.Parallel()
		srv := mailtest.Start(t, mailtest.Options{})
		bad := msg
		bad.To = "a@example.org\r\nBcc: b@example.org"
		if err := mustParse(t, srv.URL()).Send(context.Background(), bad); err == nil {
			t.Fatal("sent to an address with a header injection")
		}
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		t.Parallel()
		srv := mailtest.Start(t, mailtest.Options{})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := mustParse(t, srv.URL()).Send(ctx, msg); err == nil {
			t.Fatal("sent with a cancelled context")
		}
	})
}

func TestBuild(t *testing.T) {
	t.Parallel()
	from := mustParse(t, "smtp://h?from=%E6%8A%A4%E7%AB%A5+%3Cnoreply%40hutong.org%3E").From
	now := time.Date(2026, 6, 1, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	t.Run("OKAlternative", func(t *testing.T) {
		t.Parallel()
		raw, err := mail.Build(from, mail.Message{
			To: "x@example.org", Subject: "主题\r\nBcc: evil@example.org", Text: "正文", HTML: "<p>正文</p>",
		}, now)
		if err != nil {
			t.Fatal(err)
		}
		d, err := mailtest.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		if d.Subject != "主题 Bcc: evil@example.org" || d.Text != "正文" || d.HTML != "<p>正文</p>" {
			t.Errorf("decoded %q %q %q", d.Subject, d.Text, d.HTML)
		}
		if d.Header.Get("Bcc") != "" {
			t.Error("subject injected a Bcc header")
		}
		if got := d.Header.Get("Date"); got != "Mon, 01 Jun 2026 09:30:00 +0800" {
			t.Errorf("Date %q", got)
		}
		if id := d.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@hutong.org>") {
			t.Errorf("Message-ID %q", id)
		}
		if a, err := d.Header.AddressList("From"); err != nil || a[0].Name != "护童" || a[0].Address != "noreply@hutong.org" {
			t.Errorf("From %v %v", a, err)
		}
		for _, line := range strings.Split(string(raw), "\r\n") {
			if len(line) > 78 {
				t.Errorf("line longer than 78 characters: %q", line)
			}
		}
	})
	t.Run("ErrNoText", func(t *testing.T) {
		t.Parallel()
		if _, err := mail.Build(from, mail.Message{To: "x@example.org", Subject: "s"}, now); err == nil {
			t.Fatal("built a message without text")
		}
	})
}

func mustParse(tb testing.TB, s string) *mail.SMTPMailer {
	tb.Helper()
	m, err := mail.ParseURL(s)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}
