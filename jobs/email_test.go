package jobs_test

import (
	"context"
	"strings"
	"testing"

	"github.com/riverqueue/river"

	"hutong/domain"
	"hutong/internal/mail/mailtest"
)

func TestSendEmailWorker(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, locale, subject, greeting string
	}{
		{"OKChinese", domain.LocaleZH, "欢迎加入护童", "王晓静,您好!欢迎加入护童"},
		{"OKEnglish", domain.LocaleEN, "Welcome to Hutong", "Dear 王晓静,"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			u := h.register(t, domain.RegisterInput{Email: "wang.xj@hutong.test", DisplayName: "王晓静", Locale: tc.locale})
			h.start(t)
			h.waitDone(t, domain.SendEmailArgs{}.Kind())
			got := h.smtp.Received()
			if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != u.Email {
				t.Fatalf("received %+v, want one mail to %s", got, u.Email)
			}
			d, err := mailtest.Decode(got[0].Data)
			if err != nil {
				t.Fatal(err)
			}
			if d.Subject != tc.subject {
				t.Errorf("subject %q, want %q", d.Subject, tc.subject)
			}
			if !strings.HasPrefix(d.Text, tc.greeting) || !strings.Contains(d.Text, baseURL+"/") {
				t.Errorf("text %q lacks greeting %q or link", d.Text, tc.greeting)
			}
			if n := h.welcome(t, u); n.EmailedAt == nil {
				t.Error("notification not marked emailed")
			}
		})
	}
	t.Run("OKRetriedJobSendsNothingTwice", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		u := h.register(t, domain.RegisterInput{Email: "li.min@hutong.test", DisplayName: "李敏"})
		h.start(t)
		h.waitDone(t, domain.SendEmailArgs{}.Kind())
		n := h.welcome(t, u)
		if _, err := h.client.Insert(context.Background(), domain.SendEmailArgs{NotificationID: n.ID}, nil); err != nil {
			t.Fatal(err)
		}
		h.waitDone(t, domain.SendEmailArgs{}.Kind())
		if got := len(h.smtp.Received()); got != 1 {
			t.Errorf("received %d mails, want 1", got)
		}
	})
	t.Run("OKNoEmailAddress", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		u := h.register(t, domain.RegisterInput{Phone: "13800138000", DisplayName: "赵磊"})
		h.start(t)
		h.waitDone(t, domain.SendEmailArgs{}.Kind())
		if got := len(h.smtp.Received()); got != 0 {
			t.Errorf("received %d mails, want none", got)
		}
		if n := h.welcome(t, u); n.EmailedAt != nil {
			t.Error("notification marked emailed without an address")
		}
	})
	t.Run("OKNoMailer", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.deps.Mailer = nil
		u := h.register(t, domain.RegisterInput{Email: "chen.y@hutong.test", DisplayName: "陈阳"})
		h.start(t)
		h.waitDone(t, domain.SendEmailArgs{}.Kind())
		if got := len(h.smtp.Received()); got != 0 {
			t.Errorf("received %d mails, want none", got)
		}
		if n := h.welcome(t, u); n.EmailedAt != nil {
			t.Error("notification marked emailed without a mailer")
		}
	})
	t.Run("OKRetriedAfterTemporaryFailure", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.smtp.FailNext(1)
		u := h.register(t, domain.RegisterInput{Email: "sun.li@hutong.test", DisplayName: "孙丽", Locale: domain.LocaleZH})
		h.start(t)
		ev := h.waitJob(t, domain.SendEmailArgs{}.Kind())
		if ev.Kind != river.EventKindJobFailed || len(ev.Job.Errors) != 1 || !strings.Contains(ev.Job.Errors[0].Error, "451") {
			t.Fatalf("first attempt: %s with errors %v, want a failure naming 451", ev.Kind, ev.Job.Errors)
		}
		if n := h.welcome(t, u); n.EmailedAt != nil {
			t.Error("notification marked emailed after a refused attempt")
		}
		job := h.waitDone(t, domain.SendEmailArgs{}.Kind())
		if job.ID != ev.Job.ID || job.Attempt != 2 {
			t.Errorf("completed job %d attempt %d, want job %d attempt 2", job.ID, job.Attempt, ev.Job.ID)
		}
		if got, refused := len(h.smtp.Received()), h.smtp.Refused(); got != 1 || refused != 1 {
			t.Errorf("received %d, refused %d; want 1 and 1", got, refused)
		}
		if n := h.welcome(t, u); n.EmailedAt == nil {
			t.Error("notification not marked emailed after the retry")
		}
	})
}
