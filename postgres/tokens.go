package postgres

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// tokenPrefix marks Hutong's API tokens, so that secret scanners and
// people can recognise one that leaked.
const tokenPrefix = "hut_"

// touchInterval is how stale last_seen_at and last_used_at may get before
// a request writes them again; writing on every request would turn each
// read into a write.
const touchInterval = time.Minute

var errUnauthorized = domain.Errorf(domain.EUNAUTHORIZED, "sign in again")

// newSecret returns 32 random bytes in URL-safe base64.
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// secretHash is what the database keeps of a token or session secret: a
// stolen table gives no usable credential.
func secretHash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// CreateToken issues a bearer token valid for domain.TokenLifetime. No
// scopes means every scope. The secret is returned only here.
func (s *AuthService) CreateToken(ctx context.Context, userID uuid.UUID, scopes []string) (*domain.Token, string, error) {
	secret, err := newSecret()
	if err != nil {
		return nil, "", err
	}
	secret = tokenPrefix + secret
	scopes = normalizeScopes(scopes)
	now := s.db.now()
	row := tokenRow{
		ID: domain.NewID(), UserID: userID, SecretHash: secretHash(secret), Scopes: scopes,
		ExpiresAt: now.Add(domain.TokenLifetime), CreatedAt: now,
	}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return nil, "", mapError(err)
	}
	return row.domain(), secret, nil
}

func normalizeScopes(scopes []string) []string {
	out := []string{}
	for _, sc := range scopes {
		sc = strings.TrimSpace(sc)
		if sc != "" && !containsString(out, sc) {
			out = append(out, sc)
		}
	}
	if len(out) == 0 {
		out = append(out, domain.ScopeAll)
	}
	return out
}

// FindUserByToken resolves a bearer secret to its user. Unknown, expired
// and revoked tokens all answer the same EUNAUTHORIZED.
func (s *AuthService) FindUserByToken(ctx context.Context, secret string) (*domain.User, *domain.Token, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return nil, nil, errUnauthorized
	}
	var row tokenRow
	err := s.db.conn(ctx).Where("secret_hash = ?", secretHash(secret)).Take(&row).Error
	if err != nil {
		return nil, nil, authError(err)
	}
	now := s.db.now()
	if row.RevokedAt != nil || !now.Before(row.ExpiresAt) {
		return nil, nil, errUnauthorized
	}
	var u userRow
	if err := s.db.conn(ctx).Where("id = ?", row.UserID).Take(&u).Error; err != nil {
		return nil, nil, authError(err)
	}
	if row.LastUsedAt == nil || now.Sub(*row.LastUsedAt) >= touchInterval {
		if err := s.db.conn(ctx).Model(&row).Update("last_used_at", now).Error; err != nil {
			return nil, nil, mapError(err)
		}
	}
	return u.domain(), row.domain(), nil
}

// RevokeToken ends a token before its expiry; revoking twice is harmless.
func (s *AuthService) RevokeToken(ctx context.Context, tokenID uuid.UUID) error {
	res := s.db.conn(ctx).Model(&tokenRow{}).Where("id = ?", tokenID).
		Update("revoked_at", gorm.Expr("COALESCE(revoked_at, ?)", s.db.now()))
	if res.Error != nil {
		return mapError(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Errorf(domain.ENOTFOUND, "token not found")
	}
	return nil
}

// authError turns a missing row into EUNAUTHORIZED, since a credential
// that names nothing is simply not a credential.
func authError(err error) error {
	err = mapError(err)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return errUnauthorized
	}
	return err
}

func (r *tokenRow) domain() *domain.Token {
	return &domain.Token{
		ID: r.ID, UserID: r.UserID, Scopes: []string(r.Scopes),
		ExpiresAt: r.ExpiresAt.UTC(), CreatedAt: r.CreatedAt.UTC(),
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
