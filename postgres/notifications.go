package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// NotificationService reads users' inboxes and serves the mail job.
type NotificationService struct{ db *DB }

var _ domain.NotificationService = (*NotificationService)(nil)

// NewNotificationService returns the inbox service.
func NewNotificationService(db *DB) *NotificationService { return &NotificationService{db: db} }

// notify puts a notification in a user's inbox and, in the same
// transaction, inserts the River job that mails a copy once the
// transaction commits. Either both exist or neither does.
func (db *DB) notify(tx *gorm.DB, userID uuid.UUID, kind string, params map[string]string, link string) error {
	if params == nil {
		params = map[string]string{}
	}
	raw, err := json.Marshal(params)
	if err != nil {
		return err
	}
	row := notificationRow{ID: domain.NewID(), UserID: userID, Kind: kind, Params: string(raw), Link: link, CreatedAt: db.now()}
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("insert notification: %w", err)
	}
	stx, err := sqlTx(tx)
	if err != nil {
		return err
	}
	if _, err := db.river.InsertTx(tx.Statement.Context, stx, domain.SendEmailArgs{NotificationID: row.ID}, nil); err != nil {
		return fmt.Errorf("insert send_email job: %w", err)
	}
	return nil
}

// notifyOwners notifies every owner of an organisation.
func (db *DB) notifyOwners(tx *gorm.DB, orgID uuid.UUID, kind string, params map[string]string, link string) error {
	var owners []uuid.UUID
	err := tx.Model(&membershipRow{}).Where("organization_id = ? AND 'owner' = ANY(roles)", orgID).
		Order("created_at").Pluck("user_id", &owners).Error
	if err != nil {
		return err
	}
	for _, id := range owners {
		if err := db.notify(tx, id, kind, params, link); err != nil {
			return err
		}
	}
	return nil
}

// FindNotifications lists the actor's inbox, newest first.
func (s *NotificationService) FindNotifications(ctx context.Context, actor *domain.Actor, page domain.Page) ([]*domain.Notification, string, error) {
	if actor.Anonymous() {
		return nil, "", domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	if err := page.Normalize(); err != nil {
		return nil, "", err
	}
	q := s.db.conn(ctx).Where("user_id = ?", actor.User.ID)
	q, err := afterCursor(q, "notifications", page.Cursor)
	if err != nil {
		return nil, "", err
	}
	var rows []notificationRow
	if err := q.Order("created_at DESC, id DESC").Limit(page.Limit + 1).Find(&rows).Error; err != nil {
		return nil, "", mapError(err)
	}
	next := ""
	if len(rows) > page.Limit {
		rows = rows[:page.Limit]
		last := rows[len(rows)-1]
		next = domain.Cursor{Time: last.CreatedAt.UTC(), ID: last.ID}.Encode()
	}
	out := make([]*domain.Notification, 0, len(rows))
	for i := range rows {
		n, err := rows[i].domain()
		if err != nil {
			return nil, "", err
		}
		out = append(out, n)
	}
	return out, next, nil
}

// CountUnread counts the actor's unread notifications, for the badge in
// the page header.
func (s *NotificationService) CountUnread(ctx context.Context, actor *domain.Actor) (int, error) {
	if actor.Anonymous() {
		return 0, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	var n int64
	err := s.db.conn(ctx).Model(&notificationRow{}).Where("user_id = ? AND read_at IS NULL", actor.User.ID).Count(&n).Error
	return int(n), mapError(err)
}

// MarkRead marks one of the actor's notifications read. Someone else's
// notification is ENOTFOUND, as if it did not exist.
func (s *NotificationService) MarkRead(ctx context.Context, actor *domain.Actor, id uuid.UUID) error {
	if actor.Anonymous() {
		return domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	res := s.db.conn(ctx).Model(&notificationRow{}).Where("id = ? AND user_id = ?", id, actor.User.ID).
		Update("read_at", gorm.Expr("COALESCE(read_at, ?)", s.db.now()))
	if res.Error != nil {
		return mapError(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Errorf(domain.ENOTFOUND, "notification not found")
	}
	return nil
}

// FindNotificationForEmail loads a notification and its recipient for the
// mail job, which acts for the system and so skips the inbox policy.
func (s *NotificationService) FindNotificationForEmail(ctx context.Context, id uuid.UUID) (*domain.Notification, *domain.User, error) {
	var row notificationRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, nil, mapError(err)
	}
	n, err := row.domain()
	if err != nil {
		return nil, nil, err
	}
	var u userRow
	if err := s.db.conn(ctx).Where("id = ?", row.UserID).Take(&u).Error; err != nil {
		return nil, nil, mapError(err)
	}
	return n, u.domain(), nil
}

// MarkEmailed records that the mail copy was sent; the first time wins, so
// a retried job can tell it has nothing left to do.
func (s *NotificationService) MarkEmailed(ctx context.Context, id uuid.UUID) error {
	res := s.db.conn(ctx).Model(&notificationRow{}).Where("id = ?", id).
		Update("emailed_at", gorm.Expr("COALESCE(emailed_at, ?)", s.db.now()))
	if res.Error != nil {
		return mapError(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Errorf(domain.ENOTFOUND, "notification not found")
	}
	return nil
}

func (r *notificationRow) domain() (*domain.Notification, error) {
	params := map[string]string{}
	if err := json.Unmarshal([]byte(r.Params), &params); err != nil {
		return nil, fmt.Errorf("notification %s params: %w", r.ID, err)
	}
	return &domain.Notification{
		ID: r.ID, UserID: r.UserID, Kind: r.Kind, Params: params, Link: r.Link,
		ReadAt: utcPtr(r.ReadAt), EmailedAt: utcPtr(r.EmailedAt), CreatedAt: r.CreatedAt.UTC(),
	}, nil
}

// afterCursor narrows a (created_at, id) DESC query on table to the rows
// after a page cursor. table is always a constant of this package.
func afterCursor(q *gorm.DB, table, cursor string) (*gorm.DB, error) {
	if cursor == "" {
		return q, nil
	}
	c, err := domain.DecodeCursor(cursor)
	if err != nil {
		return nil, err
	}
	return q.Where(fmt.Sprintf("(%s.created_at, %s.id) < (?, ?)", table, table), c.Time, c.ID), nil
}
