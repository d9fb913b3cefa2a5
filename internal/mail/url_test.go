package mail_test

import (
	"strings"
	"testing"

	"hutong/internal/mail"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct {
			url, addr, user, pass, from string
			implicit                    bool
		}{
			{"smtp://user:p%40ss@mail.example.org:2525?from=noreply@example.org", "mail.example.org:2525", "user", "p@ss", "noreply@example.org", false},
			{"smtp://mail.example.org?from=noreply@example.org", "mail.example.org:587", "", "", "noreply@example.org", false},
			{"smtps://u:p@smtp.exmail.qq.com?from=noreply@example.org", "smtp.exmail.qq.com:465", "u", "p", "noreply@example.org", true},
			{"smtp://[::1]:25?from=a@b.cn", "[::1]:25", "", "", "a@b.cn", false},
		} {
			m, err := mail.ParseURL(tc.url)
			if err != nil {
				t.Errorf("%s: %v", tc.url, err)
				continue
			}
			if m.Addr != tc.addr || m.Username != tc.user || m.Password != tc.pass || m.From.Address != tc.from || m.ImplicitTLS != tc.implicit {
				t.Errorf("%s: got %+v", tc.url, m)
			}
		}
	})
	t.Run("OKStringHidesPassword", func(t *testing.T) {
		t.Parallel()
		m, err := mail.ParseURL("smtps://user:topsecret@h?from=a@b.cn")
		if err != nil {
			t.Fatal(err)
		}
		if s := m.String(); strings.Contains(s, "topsecret") || !strings.Contains(s, "smtps://user@h:465") {
			t.Errorf("String() = %q", s)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		t.Parallel()
		for url, want := range map[string]string{
			"":                                       "empty",
			"http://h?from=a@b.cn":                   "smtp:// or smtps://",
			"smtp://?from=a@b.cn":                    "no host",
			"smtp://h:99999?from=a@b.cn":             "port",
			"smtp://h":                               "sender",
			"smtp://h?from=nobody":                   "not an email",
			"smtp://h?from=a@b.cn&tls=off":           "unknown parameter",
			"smtp://u:pa%zzss@h?from=a@b.cn":         "not a valid URL",
			"smtp://u:secret@h?from=a@b.cn&x=secret": "unknown parameter",
		} {
			_, err := mail.ParseURL(url)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%q: got %v, want an error about %q", url, err, want)
				continue
			}
			if strings.Contains(err.Error(), "pa%zzss") || strings.Contains(err.Error(), "u:secret") {
				t.Errorf("%q: error repeats the password: %v", url, err)
			}
		}
	})
}
