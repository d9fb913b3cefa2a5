package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Notification kinds. Each kind has a subject and body in the message
// catalogues (ids "notify.<kind>.subject" and "notify.<kind>.body"),
// rendered with Params in the reader's language.
const (
	NotifyWelcome         = "welcome"
	NotifyMemberAdded     = "member_added"
	NotifyOrgVerified     = "org_verified"
	NotifyOrgRejected     = "org_rejected"
	NotifyAllianceInvited = "alliance_invited"
)

// Notification is an entry in a user's in-app inbox. Email copies are
// sent from it by a job after the transaction that created it commits.
type Notification struct {
	ID        uuid.UUID         `json:"id"`
	UserID    uuid.UUID         `json:"-"`
	Kind      string            `json:"kind"`
	Params    map[string]string `json:"params"`
	Link      string            `json:"link"`
	ReadAt    *time.Time        `json:"read_at"`
	EmailedAt *time.Time        `json:"emailed_at"`
	CreatedAt time.Time         `json:"created_at"`
}

// NotificationService reads a user's inbox.
type NotificationService interface {
	FindNotifications(ctx context.Context, actor *Actor, page Page) ([]*Notification, string, error)
	CountUnread(ctx context.Context, actor *Actor) (int, error)
	// MarkRead marks one notification read; another user's is ENOTFOUND.
	MarkRead(ctx context.Context, actor *Actor, id uuid.UUID) error
	// FindNotificationForEmail loads a notification with its recipient, for
	// the mail job only: it bypasses the inbox's policy.
	FindNotificationForEmail(ctx context.Context, id uuid.UUID) (*Notification, *User, error)
	// MarkEmailed records that the mail copy went out, so that a retried
	// job does not send it twice.
	MarkEmailed(ctx context.Context, id uuid.UUID) error
}

// SendEmailArgs is the job that mails a copy of a notification. It is
// inserted in the same transaction as the notification.
type SendEmailArgs struct {
	NotificationID uuid.UUID `json:"notification_id"`
}

// Kind names the job for the queue.
func (SendEmailArgs) Kind() string { return "send_email" }
