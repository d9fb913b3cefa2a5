package meili

import (
	"strings"
	"testing"

	"hutong/domain"
)

// TestUnquote pins unquote to Meilisearch's filter parser (milli
// filter-parser, value.rs: quoted_by and unescape): a backslash makes the
// parser skip the next character, the value ends at the first quote not
// so skipped, and only backslash-quote pairs are unescaped.
func TestUnquote(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, in    string
		quote       byte
		value, rest string
		ok          bool
	}{
		{"OKPlain", `abc" AND x`, '"', "abc", " AND x", true},
		{"OKEscapedQuote", `a\"b"`, '"', `a"b`, "", true},
		{"OKOtherBackslashKept", `a\b"`, '"', `a\b`, "", true},
		{"OKDoubleBackslashKeptWhole", `a\\"`, '"', `a\\`, "", true},
		{"OKOtherQuoteIsText", `it's"`, '"', "it's", "", true},
		{"OKSingleQuoted", `a\"b'`, '\'', `a\"b`, "", true},
		{"ErrUnterminated", `abc`, '"', "", "", false},
		{"ErrBackslashAtEnd", `abc\`, '"', "", "", false},
		{"ErrEscapedClosingQuote", `abc\"`, '"', "", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			value, rest, ok := unquote(c.in, c.quote)
			if value != c.value || rest != c.rest || ok != c.ok {
				t.Errorf("unquote(%q) = %q, %q, %v; want %q, %q, %v", c.in, value, rest, ok, c.value, c.rest, c.ok)
			}
		})
	}
}

// TestQuoteRoundTrips: for every string of up to six characters over
// quotes, backslashes and text, what quote returns the parser reads back
// as the value with nothing after it; what it refuses is EINVALID and
// holds a backslash (only backslashes before a quote or at the end cannot
// be written).
func TestQuoteRoundTrips(t *testing.T) {
	t.Parallel()
	alphabet := []string{"a", "童", `"`, `'`, `\`, " "}
	var walk func(s string, depth int)
	walk = func(s string, depth int) {
		enc, err := quote("kind", s)
		switch {
		case err != nil && (domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(s, `\`)):
			t.Errorf("quote(%q) = %v", s, err)
		case err == nil:
			got, rest, ok := unquote(enc[1:], enc[0])
			if !ok || rest != "" || got != s || enc[len(enc)-1] != enc[0] {
				t.Errorf("quote(%q) = %s, read back as %q, %q, %v", s, enc, got, rest, ok)
			}
		}
		if depth > 0 {
			for _, c := range alphabet {
				walk(s+c, depth-1)
			}
		}
	}
	walk("", 6)
}
