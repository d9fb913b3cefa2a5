package domain_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

var (
	checkinKey   = []byte("0123456789abcdef0123456789abcdef")
	checkinShift = uuid.MustParse("0b7a1c3e-5f2d-4e8a-9c11-2d3e4f5a6b7c")
	// checkinT0 is 10 seconds into a window.
	checkinT0 = time.Date(2026, 5, 4, 9, 0, 10, 0, time.UTC)
)

// flip returns token with the character at i changed to another valid
// base32 character.
func flip(token string, i int) string {
	c := byte('A')
	if token[i] == 'A' {
		c = 'B'
	}
	return token[:i] + string(c) + token[i+1:]
}

func TestVerifyCheckinToken(t *testing.T) {
	t.Parallel()
	token := domain.CheckinToken(checkinKey, checkinShift, checkinT0)
	other := domain.CheckinToken(checkinKey, uuid.New(), checkinT0)
	tests := []struct {
		name  string
		key   []byte
		token string
		at    time.Time
		grace time.Duration
		ok    bool
	}{
		{"accepted in its window", checkinKey, token, checkinT0.Add(49 * time.Second), domain.CheckinGrace, true},
		{"accepted just after its window within grace", checkinKey, token, checkinT0.Add(70 * time.Second), domain.CheckinGrace, true},
		{"refused after the grace", checkinKey, token, checkinT0.Add(81 * time.Second), domain.CheckinGrace, false},
		{"refused after the grace with no grace", checkinKey, token, checkinT0.Add(50 * time.Second), 0, false},
		{"grace capped at one window", checkinKey, token, checkinT0.Add(111 * time.Second), time.Hour, false},
		{"refused minutes later", checkinKey, token, checkinT0.Add(5 * time.Minute), domain.CheckinGrace, false},
		{"refused before its window", checkinKey, token, checkinT0.Add(-11 * time.Second), domain.CheckinGrace, false},
		{"refused under another key", []byte("another key of thirty-two bytes!"), token, checkinT0, domain.CheckinGrace, false},
		{"refused with a forged mac", checkinKey, flip(token, len(token)-3), checkinT0, domain.CheckinGrace, false},
		{"refused with another shift id spliced in", checkinKey, other[:26] + token[26:], checkinT0, domain.CheckinGrace, false},
		{"refused with a moved window", checkinKey, flip(token, 30), checkinT0, domain.CheckinGrace, false},
		{"refused when empty", checkinKey, "", checkinT0, domain.CheckinGrace, false},
		{"refused when garbage", checkinKey, strings.Repeat("!", len(token)), checkinT0, domain.CheckinGrace, false},
		{"refused in lower case", checkinKey, strings.ToLower(token), checkinT0, domain.CheckinGrace, false},
		{"refused when too long", checkinKey, token + "A", checkinT0, domain.CheckinGrace, false},
		{"refused when truncated", checkinKey, token[:len(token)-1], checkinT0, domain.CheckinGrace, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			id, err := domain.VerifyCheckinToken(tt.key, tt.token, tt.at, tt.grace)
			if tt.ok {
				if err != nil || id != checkinShift {
					t.Fatalf("verify = %v, %v; want %v", id, err, checkinShift)
				}
				return
			}
			e := domain.AsError(err)
			if e == nil || e.Code != domain.EFORBIDDEN || !strings.HasPrefix(e.Message, "rule qr: ") {
				t.Fatalf("verify error = %v, want EFORBIDDEN rule qr", err)
			}
			if id != uuid.Nil {
				t.Fatalf("refused code still named shift %v", id)
			}
		})
	}
}

func TestCheckinToken(t *testing.T) {
	t.Parallel()
	t.Run("rotates every window", func(t *testing.T) {
		t.Parallel()
		a := domain.CheckinToken(checkinKey, checkinShift, checkinT0)
		if b := domain.CheckinToken(checkinKey, checkinShift, checkinT0.Add(49*time.Second)); a != b {
			t.Fatalf("code changed within its window: %s, %s", a, b)
		}
		if c := domain.CheckinToken(checkinKey, checkinShift, checkinT0.Add(50*time.Second)); a == c {
			t.Fatal("code did not change with the window")
		}
	})
	t.Run("short and url-safe", func(t *testing.T) {
		t.Parallel()
		tok := domain.CheckinToken(checkinKey, checkinShift, checkinT0)
		if len(tok) != domain.CheckinTokenLen || len(tok) > 64 {
			t.Fatalf("len = %d", len(tok))
		}
		for _, r := range tok {
			if !(r >= 'A' && r <= 'Z' || r >= '2' && r <= '7') {
				t.Fatalf("character %q is not base32", r)
			}
		}
	})
	t.Run("differs per shift", func(t *testing.T) {
		t.Parallel()
		if domain.CheckinToken(checkinKey, checkinShift, checkinT0) == domain.CheckinToken(checkinKey, uuid.New(), checkinT0) {
			t.Fatal("two shifts share a code")
		}
	})
	t.Run("refused without a key", func(t *testing.T) {
		t.Parallel()
		tok := domain.CheckinToken(checkinKey, checkinShift, checkinT0)
		if _, err := domain.VerifyCheckinToken(nil, tok, checkinT0, 0); domain.ErrorCode(err) != domain.EUNAVAILABLE {
			t.Fatalf("err = %v", err)
		}
	})
}

// FuzzVerifyCheckinToken checks that no input panics, that only genuine
// fresh codes pass, and that a passing code names the shift it was made
// for.
func FuzzVerifyCheckinToken(f *testing.F) {
	f.Add(domain.CheckinToken(checkinKey, checkinShift, checkinT0), int64(0))
	f.Add("", int64(0))
	f.Add("not a token", int64(60))
	f.Fuzz(func(t *testing.T, token string, offset int64) {
		at := checkinT0.Add(time.Duration(offset%3600) * time.Second)
		id, err := domain.VerifyCheckinToken(checkinKey, token, at, domain.CheckinGrace)
		if err != nil {
			if domain.ErrorCode(err) != domain.EFORBIDDEN || id != uuid.Nil {
				t.Fatalf("refusal = %v, %v", id, err)
			}
			return
		}
		if domain.CheckinToken(checkinKey, id, at) != token && domain.CheckinToken(checkinKey, id, at.Add(-domain.CheckinWindow)) != token {
			t.Fatalf("accepted %q, which is neither the current nor the previous code of %v", token, id)
		}
	})
}
