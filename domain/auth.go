package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Session and token lifetimes.
const (
	SessionIdleTimeout     = 30 * time.Minute
	SessionAbsoluteTimeout = 12 * time.Hour
	TokenLifetime          = 30 * 24 * time.Hour
)

// Login throttling: after LoginMaxFailures failures within LoginWindow for
// the same account, or LoginMaxFailuresPerAddr from the same address, login
// answers ETOOMANY until the window has passed.
const (
	LoginWindow             = 15 * time.Minute
	LoginMaxFailures        = 5
	LoginMaxFailuresPerAddr = 20
)

// ErrBadCredentials is the single answer for a wrong password and an
// unknown login, so that the answer reveals no account's existence.
var ErrBadCredentials = &Error{Code: EUNAUTHORIZED, Message: "wrong login or password"}

// Token scopes. A token carries the scopes it was issued with; "*" grants
// everything its user may do.
const (
	ScopeAll = "*"
)

// Token is a bearer token for the API. Only its SHA-256 hash is stored.
type Token struct {
	ID        uuid.UUID `json:"id"`
	UserID    uuid.UUID `json:"-"`
	Scopes    []string  `json:"scopes"`
	ExpiresAt time.Time `json:"expires_at"`
	CreatedAt time.Time `json:"created_at"`
}

// Session is a signed-in browser. Its cookie value is a random secret of
// which only the hash is stored.
type Session struct {
	ID         uuid.UUID
	UserID     uuid.UUID
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// Expired reports whether the session is past its idle or absolute timeout
// at now.
func (s *Session) Expired(now time.Time) bool {
	return now.After(s.ExpiresAt) || now.Sub(s.LastSeenAt) > SessionIdleTimeout
}

// Credentials is a sign-in attempt, with the client address for throttling.
type Credentials struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	Addr     string `json:"-"`
}

// AuthService signs people in and out: passwords, API tokens and page
// sessions.
type AuthService interface {
	// Authenticate checks a login and password. It answers
	// ErrBadCredentials for both a wrong password and an unknown login, and
	// ETOOMANY with RetryAfter when the account or address is throttled.
	Authenticate(ctx context.Context, c Credentials) (*User, error)
	// CreateToken issues a bearer token; the secret is returned once.
	CreateToken(ctx context.Context, userID uuid.UUID, scopes []string) (*Token, string, error)
	// FindUserByToken resolves a bearer secret. Unknown, expired or revoked
	// tokens are EUNAUTHORIZED.
	FindUserByToken(ctx context.Context, secret string) (*User, *Token, error)
	RevokeToken(ctx context.Context, tokenID uuid.UUID) error
	// CreateSession starts a page session; the cookie secret is returned
	// once. Starting a session at sign-in is what rotates the session id.
	CreateSession(ctx context.Context, userID uuid.UUID) (*Session, string, error)
	// FindSession resolves a cookie secret, extends its idle timeout, and
	// answers EUNAUTHORIZED when it is unknown or timed out.
	FindSession(ctx context.Context, secret string) (*Session, *User, error)
	DeleteSession(ctx context.Context, secret string) error
}
