package postgres

import (
	"crypto/hkdf"
	"crypto/sha256"

	"hutong/domain"
)

// childKeysInfo is the HKDF info of the key that hashes children's
// ID-card numbers and real names: a key of its own, so that no other
// hash of the platform (sign-in throttling, sealed bids) shares it.
const childKeysInfo = "hutong children v1"

// childKey derives the children's hashing key from the platform secret.
// Without the secret the stored hashes cannot be tested against guesses.
func (db *DB) childKey() ([]byte, error) {
	if len(db.opts.SecretKey) < 16 {
		return nil, domain.Errorf(domain.EUNAVAILABLE, "children's records need the platform secret key")
	}
	return hkdf.Key(sha256.New, db.opts.SecretKey, nil, childKeysInfo, 32)
}
