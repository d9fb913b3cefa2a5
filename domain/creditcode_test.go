package domain

import "testing"

func TestNormalizeCreditCode(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in, want string
		ok             bool
	}{
		{"OK", "91350100M000100Y43", "91350100M000100Y43", true},
		{"OKLowerCaseAndSpaces", " 91350100m000100y43\u3000", "91350100M000100Y43", true},
		{"ErrCheckCharacter", "91350100M000100Y44", "91350100M000100Y44", false},
		{"ErrTooShort", "91350100M000100Y4", "91350100M000100Y4", false},
		{"ErrLetterOutsideSet", "91350100I000100Y43", "91350100I000100Y43", false},
		{"ErrEmpty", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := NormalizeCreditCode(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("NormalizeCreditCode(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestCreditCodeCheckIsUnique: for any 17-character body exactly one check
// character is accepted, so a single mistyped last character is caught.
func TestCreditCodeCheckIsUnique(t *testing.T) {
	t.Parallel()
	body := "91320213MA1XY2K3"
	for _, b := range []string{body + "0", "52320200MJ5550123"[:17]} {
		valid := 0
		for i := 0; i < len(creditCodeChars); i++ {
			if _, ok := NormalizeCreditCode(b[:17] + string(creditCodeChars[i])); ok {
				valid++
			}
		}
		if valid != 1 {
			t.Errorf("%s: %d check characters accepted, want 1", b[:17], valid)
		}
	}
}
