package domain

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"time"

	"github.com/google/uuid"
)

// CheckinWindow is how long one QR code of a shift lasts: the organiser's
// page shows a new one every window, so a photo of the code is useless
// a minute or two later.
const CheckinWindow = 60 * time.Second

// CheckinGrace is how long after its window ends a code is still taken,
// for a volunteer who scanned it just before it changed. It never exceeds
// one window: only the current and the previous code are ever accepted.
const CheckinGrace = 30 * time.Second

// checkinMACLen is the truncated HMAC length in bytes: 80 bits is far
// beyond what anyone can guess within a minute.
const checkinMACLen = 10

// checkinRawLen is the token's length before encoding: shift id (16),
// window index (4, enough until the year 10000) and the truncated MAC;
// 30 bytes are exactly 48 base32 characters, with no spare bits that
// would let two spellings carry one code.
const checkinRawLen = 16 + 4 + checkinMACLen

// checkinEncoding is unpadded upper-case base32: URL-safe, and within the
// QR alphanumeric mode, so the code stays small.
var checkinEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// CheckinTokenLen is the length of every check-in token.
var CheckinTokenLen = checkinEncoding.EncodedLen(checkinRawLen)

// checkinWindowIndex numbers the 60-second windows since the Unix epoch.
func checkinWindowIndex(t time.Time) int64 {
	return t.Unix() / int64(CheckinWindow/time.Second)
}

// checkinMAC is HMAC-SHA256 over the shift id and window index, truncated.
func checkinMAC(key []byte, shiftID uuid.UUID, window int64) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("hutong checkin v1\x00"))
	m.Write(shiftID[:])
	var w [4]byte
	binary.BigEndian.PutUint32(w[:], uint32(window))
	m.Write(w[:])
	return m.Sum(nil)[:checkinMACLen]
}

// CheckinToken is the code the organiser's page shows for a shift at now:
// the shift id, the window index and a MAC, base32-encoded. The key is
// the check-in key derived from the platform secret.
func CheckinToken(key []byte, shiftID uuid.UUID, now time.Time) string {
	window := checkinWindowIndex(now)
	raw := make([]byte, 0, checkinRawLen)
	raw = append(raw, shiftID[:]...)
	raw = binary.BigEndian.AppendUint32(raw, uint32(window))
	raw = append(raw, checkinMAC(key, shiftID, window)...)
	return checkinEncoding.EncodeToString(raw)
}

// VerifyCheckinToken returns the shift a scanned code names when the code
// is genuine and fresh: made in the current window, or in the previous
// one and scanned within grace (at most one window) of its end. Forged,
// copied-and-kept, future and malformed codes are EFORBIDDEN naming the
// rule "qr", so the volunteer learns to scan the code on screen again.
func VerifyCheckinToken(key []byte, token string, now time.Time, grace time.Duration) (uuid.UUID, error) {
	if len(key) == 0 {
		return uuid.Nil, Errorf(EUNAVAILABLE, "check-ins need the platform secret key")
	}
	if len(token) != CheckinTokenLen {
		return uuid.Nil, Errorf(EFORBIDDEN, "rule qr: this is not a check-in code")
	}
	raw, err := checkinEncoding.DecodeString(token)
	if err != nil || len(raw) != checkinRawLen || checkinEncoding.EncodeToString(raw) != token {
		return uuid.Nil, Errorf(EFORBIDDEN, "rule qr: this is not a check-in code")
	}
	shiftID, _ := uuid.FromBytes(raw[:16])
	window := int64(binary.BigEndian.Uint32(raw[16:20]))
	if !hmac.Equal(raw[20:], checkinMAC(key, shiftID, window)) {
		return uuid.Nil, Errorf(EFORBIDDEN, "rule qr: the code is not genuine")
	}
	if !checkinFresh(window, now, grace) {
		return uuid.Nil, Errorf(EFORBIDDEN, "rule qr: the code has expired; scan the code on screen again")
	}
	return shiftID, nil
}

// checkinFresh reports whether a window's code is taken at now.
func checkinFresh(window int64, now time.Time, grace time.Duration) bool {
	grace = min(max(grace, 0), CheckinWindow)
	current := checkinWindowIndex(now)
	switch window {
	case current:
		return true
	case current - 1:
		end := time.Unix(current*int64(CheckinWindow/time.Second), 0)
		return now.Sub(end) < grace
	}
	return false
}
