package meili

import (
	"encoding/json"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"hutong/search"
)

// The tags Meilisearch is asked to put around matches.
const (
	preTag  = "<mark>"
	postTag = "</mark>"
)

// segment is a piece of a field's text, matched or not.
type segment struct {
	text   string
	marked bool
}

// highlights builds Hit.Highlights from the _formatted copy of a hit:
// every searchable field with at least one match, each value one fragment.
func highlights(t *search.DocType, query string, doc, formatted map[string]json.RawMessage) map[string][]string {
	chars := singleHanTerms(query)
	out := map[string][]string{}
	for _, f := range t.Fields {
		if !f.Searchable {
			continue
		}
		orig, form := textValues(doc[f.Name]), textValues(formatted[f.Name])
		for i := range orig {
			var segs []segment
			if i < len(form) {
				segs = split(form[i], orig[i])
			} else {
				segs = []segment{{text: orig[i]}}
			}
			if frag, ok := render(markChars(segs, chars)); ok {
				out[f.Name] = append(out[f.Name], frag)
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// textValues reads a JSON string or list of strings; anything else is none.
func textValues(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		return many
	}
	return nil
}

// split cuts a value Meilisearch highlighted at the tags it inserted.
// Meilisearch inserts them into the raw text without escaping it, so a tag
// is told from text only because the original holds no tag of its own,
// which is checked together with the formatted value being the original
// plus tags. When either check fails the original is returned unmarked,
// never anything half-parsed.
func split(formatted, original string) []segment {
	if strings.Contains(original, preTag) || strings.Contains(original, postTag) ||
		strings.ReplaceAll(strings.ReplaceAll(formatted, preTag, ""), postTag, "") != original {
		return []segment{{text: original}}
	}
	var segs []segment
	for rest := formatted; rest != ""; {
		before, after, found := strings.Cut(rest, preTag)
		segs = append(segs, segment{text: before})
		if !found {
			break
		}
		inner, tail, _ := strings.Cut(after, postTag)
		segs = append(segs, segment{text: inner, marked: true})
		rest = tail
	}
	return segs
}

// singleHanTerms lists the query's terms that are one Han character.
// Meilisearch finds those through the "_chars" attribute rather than in
// the field itself (its segmenter keeps 儿童 whole), so it cannot mark
// them; markChars does.
func singleHanTerms(query string) []string {
	var out []string
	for _, term := range strings.Fields(query) {
		r, size := utf8.DecodeRuneInString(term)
		if size == len(term) && unicode.Is(unicode.Han, r) {
			out = append(out, term)
		}
	}
	return out
}

// markChars marks every occurrence of the characters in unmarked text.
func markChars(segs []segment, chars []string) []segment {
	if len(chars) == 0 {
		return segs
	}
	var out []segment
	for _, s := range segs {
		if s.marked {
			out = append(out, s)
			continue
		}
		start := 0
		for i, r := range s.text {
			c := string(r)
			for _, want := range chars {
				if c == want {
					out = append(out, segment{text: s.text[start:i]}, segment{text: c, marked: true})
					start = i + len(c)
					break
				}
			}
		}
		out = append(out, segment{text: s.text[start:]})
	}
	return out
}

// render writes the segments as HTML, escaping all text; ok is false when
// nothing is marked.
func render(segs []segment) (string, bool) {
	var b strings.Builder
	ok := false
	for _, s := range segs {
		if s.text == "" {
			continue
		}
		if s.marked {
			ok = true
			b.WriteString(preTag + html.EscapeString(s.text) + postTag)
		} else {
			b.WriteString(html.EscapeString(s.text))
		}
	}
	return b.String(), ok
}
