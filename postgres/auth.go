package postgres

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"hutong/domain"
)

// AuthService signs people in: passwords with throttling, API tokens and
// page sessions.
type AuthService struct{ db *DB }

var _ domain.AuthService = (*AuthService)(nil)

// NewAuthService returns the sign-in service.
func NewAuthService(db *DB) *AuthService { return &AuthService{db: db} }

// Authenticate checks a login and password. Unknown logins are checked
// against a dummy hash so that they take as long as a wrong password, and
// both get ErrBadCredentials. Too many recent failures for the account or
// the address answer ETOOMANY, even for the right password, until the
// window has passed.
func (s *AuthService) Authenticate(ctx context.Context, c domain.Credentials) (*domain.User, error) {
	accountKey, addrKey := s.loginKey(c.Login), s.addrKey(c.Addr)
	if err := s.checkThrottle(ctx, accountKey, addrKey); err != nil {
		return nil, err
	}
	row, err := s.findByLogin(ctx, c.Login)
	if err != nil {
		return nil, err
	}
	hash := s.db.dummyHash
	if row != nil {
		hash = row.PasswordHash
	}
	ok, err := checkPassword(hash, c.Password)
	if err != nil {
		return nil, err
	}
	if row == nil || !ok {
		return nil, s.recordFailure(ctx, accountKey, addrKey)
	}
	if err := s.db.conn(ctx).Exec(`DELETE FROM login_failures WHERE login_key = ?`, accountKey).Error; err != nil {
		return nil, mapError(err)
	}
	return row.domain(), nil
}

// findByLogin returns the account with that email or phone, or nil.
func (s *AuthService) findByLogin(ctx context.Context, login string) (*userRow, error) {
	l, ok := domain.ParseLogin(login)
	if !ok {
		return nil, nil
	}
	q := s.db.conn(ctx).Where("phone = ?", l.Phone)
	if l.Email != "" {
		q = s.db.conn(ctx).Where("email = ?", l.Email)
	}
	var row userRow
	err := q.Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, mapError(err)
	}
	return &row, nil
}

// loginKey and addrKey are keyed hashes of the normalised login and of
// the client address: throttling needs to count them, not to keep who
// tried to sign in from where.
func (s *AuthService) loginKey(login string) string {
	l, ok := domain.ParseLogin(login)
	norm := l.Email + l.Phone
	if !ok {
		norm = strings.ToLower(strings.TrimSpace(login))
	}
	return s.keyed("login:" + norm)
}

func (s *AuthService) addrKey(addr string) string {
	if addr == "" {
		return ""
	}
	return s.keyed("addr:" + addr)
}

func (s *AuthService) keyed(v string) string {
	m := hmac.New(sha256.New, s.db.opts.SecretKey)
	m.Write([]byte(v))
	return hex.EncodeToString(m.Sum(nil))
}

// checkThrottle answers ETOOMANY when the account or the address has
// reached its limit of failures within the window.
func (s *AuthService) checkThrottle(ctx context.Context, accountKey, addrKey string) error {
	wait, err := s.throttled(ctx, "login_key", accountKey, domain.LoginMaxFailures)
	if err != nil || wait > 0 {
		return throttleError(wait, err)
	}
	if addrKey == "" {
		return nil
	}
	wait, err = s.throttled(ctx, "addr", addrKey, domain.LoginMaxFailuresPerAddr)
	return throttleError(wait, err)
}

func throttleError(wait time.Duration, err error) error {
	if err != nil || wait <= 0 {
		return err
	}
	return &domain.Error{Code: domain.ETOOMANY, Message: "too many failed sign-ins; try again later", RetryAfter: wait}
}

// throttled returns how long until fewer than limit failures for key
// remain in the window, or 0 when there are fewer already. That moment is
// when the limit-th newest failure leaves the window.
func (s *AuthService) throttled(ctx context.Context, column, key string, limit int) (time.Duration, error) {
	now := s.db.now()
	var at []time.Time
	err := s.db.conn(ctx).Model(&loginFailureRow{}).
		Where(column+" = ? AND created_at > ?", key, now.Add(-domain.LoginWindow)).
		Order("created_at DESC").Offset(limit-1).Limit(1).Pluck("created_at", &at).Error
	if err != nil || len(at) == 0 {
		return 0, mapError(err)
	}
	wait := at[0].Add(domain.LoginWindow).Sub(now)
	return max(wait.Round(time.Second), time.Second), nil
}

func (s *AuthService) recordFailure(ctx context.Context, accountKey, addrKey string) error {
	row := loginFailureRow{LoginKey: accountKey, Addr: addrKey, CreatedAt: s.db.now()}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return mapError(err)
	}
	return domain.ErrBadCredentials
}

// PruneExpired deletes sessions past their idle or absolute timeout and login
// failures older than the throttling window; a periodic job calls it.
func (s *AuthService) PruneExpired(ctx context.Context) error {
	now := s.db.now()
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("expires_at < ? OR last_seen_at < ?", now, now.Add(-domain.SessionIdleTimeout)).Delete(&sessionRow{}).Error; err != nil {
			return err
		}
		return tx.Where("created_at < ?", now.Add(-domain.LoginWindow)).Delete(&loginFailureRow{}).Error
	})
}

type loginFailureRow struct {
	ID        int64 `gorm:"primaryKey"`
	LoginKey  string
	Addr      string
	CreatedAt time.Time
}

func (loginFailureRow) TableName() string { return "login_failures" }
