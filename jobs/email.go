package jobs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"hutong/domain"
	"hutong/internal/mail"
)

// EmailMaxAttempts is how often a mail is tried before it is given up.
// With River's backoff (attempt⁴ seconds) eight attempts span about an
// hour and a half, long enough to outlast greylisting and a short outage.
const EmailMaxAttempts = 8

// emailTimeout bounds one delivery attempt.
const emailTimeout = time.Minute

// SendEmailWorker mails the copy of a notification in its recipient's
// language. It is idempotent: a notification already marked emailed is
// never sent again, so River may retry it freely.
type SendEmailWorker struct {
	river.WorkerDefaults[domain.SendEmailArgs]
	deps Deps
}

// Timeout bounds a job to one delivery attempt.
func (w *SendEmailWorker) Timeout(*river.Job[domain.SendEmailArgs]) time.Duration {
	return emailTimeout
}

// Work loads the notification, renders and sends the mail, and records
// that it went out. Returning an error asks River to retry later.
func (w *SendEmailWorker) Work(ctx context.Context, job *river.Job[domain.SendEmailArgs]) error {
	log := w.deps.Logger.With("job_id", job.ID, "notification_id", job.Args.NotificationID)
	if w.deps.Mailer == nil {
		log.DebugContext(ctx, "no mailer configured; notification stays in the inbox only")
		return nil
	}
	n, u, err := w.deps.Notifications.FindNotificationForEmail(ctx, job.Args.NotificationID)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		log.DebugContext(ctx, "notification is gone; nothing to send")
		return nil
	case err != nil:
		return fmt.Errorf("load notification: %w", err)
	case n.EmailedAt != nil:
		log.DebugContext(ctx, "notification already emailed")
		return nil
	case u.Email == "":
		log.DebugContext(ctx, "recipient has no email address", "user_id", u.ID)
		return nil
	}
	msg, err := w.render(n, u)
	if err != nil {
		log.ErrorContext(ctx, "cannot render notification mail", "kind", n.Kind, "error", err)
		return river.JobCancel(err)
	}
	if err := w.deps.Mailer.Send(ctx, msg); err != nil {
		return w.sendFailed(ctx, job, err)
	}
	// Should this fail after the server accepted the mail, the retry sends
	// it once more: a rare duplicate is better than a lost notice.
	return w.deps.Notifications.MarkEmailed(ctx, n.ID)
}

// sendFailed decides between retrying and giving up. A permanent SMTP
// refusal (5xx) cannot succeed later, and after EmailMaxAttempts the mail
// is given up whatever the inserting client's own limit.
func (w *SendEmailWorker) sendFailed(ctx context.Context, job *river.Job[domain.SendEmailArgs], err error) error {
	log := w.deps.Logger.With("job_id", job.ID, "notification_id", job.Args.NotificationID, "attempt", job.Attempt)
	switch {
	case mail.IsPermanent(err):
		log.WarnContext(ctx, "mail server refused the notification for good", "error", err)
		return river.JobCancel(err)
	case job.Attempt >= EmailMaxAttempts:
		log.WarnContext(ctx, "giving up on notification mail", "error", err)
		return river.JobCancel(err)
	}
	log.InfoContext(ctx, "mail not sent; will retry", "error", err)
	return err
}

// render builds the mail in the recipient's language: the kind's body
// (which greets the reader) with its params, a link to the page
// concerned, and the signature.
func (w *SendEmailWorker) render(n *domain.Notification, u *domain.User) (mail.Message, error) {
	if w.deps.I18n == nil {
		return mail.Message{}, errors.New("no message catalogues")
	}
	l := w.deps.I18n.Localizer(u.Locale)
	subjectID, bodyID := "notify."+n.Kind+".subject", "notify."+n.Kind+".body"
	if !l.Has(subjectID) || !l.Has(bodyID) {
		return mail.Message{}, fmt.Errorf("no catalogue entry for notification kind %q", n.Kind)
	}
	data := make(map[string]any, len(n.Params)+2)
	for k, v := range n.Params {
		data[k] = v
	}
	if roles, ok := n.Params["roles"]; ok {
		data["roles"] = localizeRoles(l.T, roles)
	}
	data["recipient"] = u.DisplayName
	data["link"] = w.link(n.Link)
	text := strings.Join([]string{
		l.T(bodyID, data),
		l.T("notify.link", data),
		l.T("notify.signature"),
	}, "\n\n") + "\n"
	return mail.Message{To: u.Email, Subject: l.T(subjectID, data), Text: text}, nil
}

// link makes a notification's site-relative link absolute.
func (w *SendEmailWorker) link(path string) string {
	base := strings.TrimRight(w.deps.BaseURL, "/")
	if path == "" {
		return base + "/"
	}
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	return base + "/" + strings.TrimLeft(path, "/")
}

// localizeRoles turns a comma-separated list of role keys ("owner,staff")
// into the reader's words ("负责人、工作人员"). Unknown words pass through.
func localizeRoles(t func(string, ...map[string]any) string, roles string) string {
	var out []string
	for _, r := range strings.FieldsFunc(roles, func(c rune) bool { return c == ',' || c == ' ' }) {
		id := "notify.role." + r
		if s := t(id); s != id {
			r = s
		}
		out = append(out, r)
	}
	return strings.Join(out, t("notify.list_separator"))
}
