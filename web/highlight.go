package web

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

// The backends return highlights already HTML-escaped, with matches
// wrapped in <mark>…</mark>. Pages trust that only after checking it:
// safeHighlight keeps <mark> and </mark> (balanced) and well-formed
// character references, and escapes every other '<', '>' and '&', so a
// backend bug or a poisoned document can never inject markup. It is
// written here rather than taken from an HTML sanitiser library because
// it allows exactly one tag without attributes, which a dozen lines check
// completely.

// entity matches a character reference at the start of a string.
var entity = regexp.MustCompile(`^&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});`)

const (
	markOpen  = "<mark>"
	markClose = "</mark>"
)

// safeHighlight returns s as trusted HTML in which the only markup is
// balanced <mark> elements.
func safeHighlight(s string) template.HTML {
	var b strings.Builder
	open := false
	for i := 0; i < len(s); {
		rest := s[i:]
		switch {
		case !open && strings.HasPrefix(rest, markOpen):
			b.WriteString(markOpen)
			open, i = true, i+len(markOpen)
		case open && strings.HasPrefix(rest, markClose):
			b.WriteString(markClose)
			open, i = false, i+len(markClose)
		case rest[0] == '&' && entity.MatchString(rest):
			m := entity.FindString(rest)
			b.WriteString(m)
			i += len(m)
		case rest[0] == '<' || rest[0] == '>' || rest[0] == '&' || rest[0] == '"' || rest[0] == '\'':
			b.WriteString(html.EscapeString(rest[:1]))
			i++
		default:
			b.WriteByte(rest[0])
			i++
		}
	}
	if open {
		b.WriteString(markClose)
	}
	return template.HTML(b.String()) //nolint:gosec // every tag but <mark> is escaped above
}

// highlightOr is the highlighted fragments of a field joined with an
// ellipsis, or the plain text, escaped, when the field has none.
func highlightOr(fragments []string, plain string) template.HTML {
	if len(fragments) == 0 {
		return template.HTML(template.HTMLEscapeString(plain)) //nolint:gosec // escaped
	}
	parts := make([]string, len(fragments))
	for i, f := range fragments {
		parts[i] = string(safeHighlight(f))
	}
	return template.HTML(strings.Join(parts, " … ")) //nolint:gosec // each part is safe
}
