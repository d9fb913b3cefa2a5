package postgres

import (
	"context"

	"github.com/google/uuid"

	"hutong/domain"
)

// CreateSession starts a page session that ends after
// domain.SessionAbsoluteTimeout at the latest, with its own CSRF token.
// Calling it at every sign-in gives a fresh id, which defeats session
// fixation. The cookie secret is returned only here.
func (s *AuthService) CreateSession(ctx context.Context, userID uuid.UUID) (*domain.Session, string, error) {
	secret, err := newSecret()
	if err != nil {
		return nil, "", err
	}
	csrf, err := newSecret()
	if err != nil {
		return nil, "", err
	}
	now := s.db.now()
	row := sessionRow{
		ID: domain.NewID(), UserID: userID, SecretHash: secretHash(secret), CSRFToken: csrf,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(domain.SessionAbsoluteTimeout),
	}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return nil, "", mapError(err)
	}
	return row.domain(), secret, nil
}

// FindSession resolves a cookie secret. A session idle for longer than
// domain.SessionIdleTimeout or past its absolute end is deleted and
// answers EUNAUTHORIZED; a live one has its idle clock reset (written at
// most once a minute, so it may end up to a minute early).
func (s *AuthService) FindSession(ctx context.Context, secret string) (*domain.Session, *domain.User, error) {
	var row sessionRow
	if err := s.db.conn(ctx).Where("secret_hash = ?", secretHash(secret)).Take(&row).Error; err != nil {
		return nil, nil, authError(err)
	}
	sess, now := row.domain(), s.db.now()
	if sess.Expired(now) {
		if err := s.db.conn(ctx).Delete(&row).Error; err != nil {
			return nil, nil, mapError(err)
		}
		return nil, nil, errUnauthorized
	}
	var u userRow
	if err := s.db.conn(ctx).Where("id = ?", row.UserID).Take(&u).Error; err != nil {
		return nil, nil, authError(err)
	}
	if now.Sub(sess.LastSeenAt) >= touchInterval {
		if err := s.db.conn(ctx).Model(&row).Update("last_seen_at", now).Error; err != nil {
			return nil, nil, mapError(err)
		}
		sess.LastSeenAt = now
	}
	return sess, u.domain(), nil
}

// DeleteSession signs a browser out. An unknown secret is no error: the
// outcome the caller wants already holds.
func (s *AuthService) DeleteSession(ctx context.Context, secret string) error {
	return mapError(s.db.conn(ctx).Where("secret_hash = ?", secretHash(secret)).Delete(&sessionRow{}).Error)
}

// DeleteUserSessions signs a person out everywhere, for "log out of all
// devices" and after a password change.
func (s *AuthService) DeleteUserSessions(ctx context.Context, userID uuid.UUID) error {
	return mapError(s.db.conn(ctx).Where("user_id = ?", userID).Delete(&sessionRow{}).Error)
}

func (r *sessionRow) domain() *domain.Session {
	return &domain.Session{
		ID: r.ID, UserID: r.UserID, CSRFToken: r.CSRFToken,
		CreatedAt: r.CreatedAt.UTC(), LastSeenAt: r.LastSeenAt.UTC(), ExpiresAt: r.ExpiresAt.UTC(),
	}
}
