package searchtest

import (
	"strings"
	"testing"

	"hutong/search"
)

// fragments joins the highlighted fragments of one hit's field, with
// adjacent marks merged (backends mark a word as one or several pieces).
func fragments(res *search.Result, id, field string) string {
	for _, h := range res.Hits {
		if h.ID == id {
			return strings.ReplaceAll(strings.Join(h.Highlights[field], " "), "</mark><mark>", "")
		}
	}
	return ""
}

// highlightChecks: matches are wrapped in <mark>, everything else is
// HTML-escaped, and nothing is highlighted unless asked.
func highlightChecks() []check {
	return []check{
		{"HighlightMarksWord", func(t *testing.T, f *fixture) {
			res := f.search(t, search.Query{Text: "陪伴活动", Highlight: true})
			if got := fragments(res, "o01", "description"); !strings.Contains(got, "<mark>陪伴活动</mark>") {
				t.Errorf("description highlight = %q, want <mark>陪伴活动</mark>", got)
			}
		}},
		{"HighlightMarksSingleCharacter", func(t *testing.T, f *fixture) {
			res := f.search(t, search.Query{Text: "童", Highlight: true})
			if got := fragments(res, "o05", "name"); !strings.Contains(got, "护<mark>童</mark>公益") {
				t.Errorf("name highlight = %q, want 护<mark>童</mark>公益", got)
			}
		}},
		{"HighlightEscapesTheRest", func(t *testing.T, f *fixture) {
			res := f.search(t, search.Query{Text: "亲子", Highlight: true})
			got := fragments(res, "o07", "description")
			for _, want := range []string{"<mark>亲子</mark>", "&lt;和&gt;", "&amp;"} {
				if !strings.Contains(got, want) {
					t.Errorf("description highlight = %q, want it to hold %q", got, want)
				}
			}
			if strings.Contains(got, "<和>") {
				t.Errorf("description highlight = %q holds unescaped markup", got)
			}
		}},
		{"NoHighlightUnlessAsked", func(t *testing.T, f *fixture) {
			for _, h := range f.search(t, search.Query{Text: "童"}).Hits {
				if len(h.Highlights) != 0 {
					t.Errorf("%s: highlights %v without asking", h.ID, h.Highlights)
				}
			}
		}},
	}
}
