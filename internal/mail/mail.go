// Package mail sends Hutong's email. The Mailer interface is what the jobs
// depend on, so that a process without SMTP_URL simply has no Mailer, and
// SMTPMailer is the one implementation, built from SMTP_URL.
package mail

import (
	"context"
	"errors"
	"net/textproto"
)

// Message is one email to one recipient. Text is required; HTML, when set,
// is sent beside it as multipart/alternative so that every client can show
// one of them.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Mailer sends a message. Send returns only after the server has accepted
// the message, so a caller that records "sent" afterwards never records a
// message the server refused.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// IsPermanent reports whether err is a permanent SMTP failure (a 5xx reply,
// such as an unknown mailbox), which retrying cannot fix. Temporary replies
// (4xx, such as 451 or greylisting) and network errors are not permanent.
func IsPermanent(err error) bool {
	var te *textproto.Error
	return errors.As(err, &te) && te.Code >= 500 && te.Code < 600
}
