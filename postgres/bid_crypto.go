package postgres

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// projectKeysInfo is the HKDF info of the key-encryption key: a new
// version of the wrapping gets a new info string, never a reused one.
const projectKeysInfo = "hutong project keys v1"

// keyEncryptionKey derives the key that wraps every project's data key
// from the platform secret, so that the wrapped keys in project_keys are
// useless without the secret the database never holds.
func (db *DB) keyEncryptionKey() ([]byte, error) {
	if len(db.opts.SecretKey) < 16 {
		return nil, domain.Errorf(domain.EUNAVAILABLE, "sealed bids need the platform secret key")
	}
	return hkdf.Key(sha256.New, db.opts.SecretKey, nil, projectKeysInfo, 32)
}

// newGCM returns AES-256-GCM under key.
func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// projectKey returns the project's data key, creating and storing it
// (wrapped) on first use. The caller holds the project's row lock, so two
// first bids cannot create two keys.
func (db *DB) projectKey(tx *gorm.DB, projectID uuid.UUID, create bool) ([]byte, error) {
	kek, err := db.keyEncryptionKey()
	if err != nil {
		return nil, err
	}
	wrap, err := newGCM(kek)
	if err != nil {
		return nil, err
	}
	var wrapped []byte
	err = tx.Raw(`SELECT wrapped_key FROM project_keys WHERE project_id = ?`, projectID).Row().Scan(&wrapped)
	switch {
	case err == nil:
		return unwrapKey(wrap, projectID, wrapped)
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	case !create:
		return nil, fmt.Errorf("project %s has no data key", projectID)
	}
	key := make([]byte, 32)
	nonce := make([]byte, wrap.NonceSize())
	_, _ = rand.Read(key)
	_, _ = rand.Read(nonce)
	wrapped = wrap.Seal(nonce, nonce, key, projectID[:])
	if err := tx.Exec(`INSERT INTO project_keys (project_id, wrapped_key, created_at) VALUES (?, ?, ?)`,
		projectID, wrapped, db.now()).Error; err != nil {
		return nil, err
	}
	return key, nil
}

func unwrapKey(wrap cipher.AEAD, projectID uuid.UUID, wrapped []byte) ([]byte, error) {
	n := wrap.NonceSize()
	if len(wrapped) < n {
		return nil, fmt.Errorf("project key of %s: too short", projectID)
	}
	key, err := wrap.Open(nil, wrapped[:n], wrapped[n:], projectID[:])
	if err != nil {
		return nil, fmt.Errorf("project key of %s does not unwrap (wrong secret key?): %w", projectID, err)
	}
	return key, nil
}

// sealBid encrypts a bid's canonical content under the project key, bound
// (as additional data) to the bid's and project's ids so that ciphertext
// moved to another row does not open.
func sealBid(key []byte, bidID, projectID uuid.UUID, plain []byte) (nonce, ciphertext []byte, err error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, nil, err
	}
	nonce = make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	return nonce, aead.Seal(nil, nonce, plain, bidAAD(bidID, projectID)), nil
}

// openBid decrypts what sealBid sealed.
func openBid(key []byte, bidID, projectID uuid.UUID, nonce, ciphertext []byte) ([]byte, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	return aead.Open(nil, nonce, ciphertext, bidAAD(bidID, projectID))
}

func bidAAD(bidID, projectID uuid.UUID) []byte {
	return append(append([]byte("bid:"), bidID[:]...), projectID[:]...)
}
