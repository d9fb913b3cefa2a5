package bleve

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/searcher"

	"hutong/search"
)

// maxVariants bounds the synonym expansion of one word.
const maxVariants = 16

// textMatch is a query's text analysed once: for each whitespace-
// separated word, the tokens of each of its synonym variants. A
// textSearcher matches it (engine.go) and, for highlights, it finds the
// same matches again in a hit's stored text.
//
// Synonyms are expanded here, at query time, from the DocType's groups
// rather than with Bleve's synonym sources: those accept only terms the
// analyzer keeps as one token, and the CJK analyzer cuts 心理疏导 into
// three pairs. Expanding at query time also means an admin's edit to the
// groups applies at once, without reindexing.
type textMatch struct {
	words [][]analysis.TokenStream
}

// parseText analyses text with an (the cjk analyzer); nil means the text
// holds nothing to search for.
func parseText(t *search.DocType, an analysis.Analyzer, text string) *textMatch {
	m := &textMatch{}
	for _, w := range strings.Fields(text) {
		var alts []analysis.TokenStream
		for _, v := range variants(w, t.Synonyms) {
			if tokens := an.Analyze([]byte(v)); len(tokens) > 0 {
				alts = append(alts, tokens)
			}
		}
		if len(alts) > 0 {
			m.words = append(m.words, alts)
		}
	}
	if len(m.words) == 0 {
		return nil
	}
	return m
}

// textField is a searchable text field as the text query reads it.
type textField struct{ search.Field }

// textFields lists t's searchable text fields.
func textFields(t *search.DocType) []textField {
	var out []textField
	for _, f := range t.Fields {
		if f.Searchable && f.Kind == search.Text {
			out = append(out, textField{f})
		}
	}
	return out
}

// lookup says where tok is looked up in field f and how much it weighs.
// Pairs of characters are looked up in the field itself, lone characters
// in its unigram twin; pairs weigh twice as much, and fields by their
// Weight. A word matches when one of its variants matches within one
// field: nearly all of the variant's tokens there (see required).
func (f textField) lookup(tok *analysis.Token) (field, term string, boost float64) {
	weight := float64(max(f.Weight, 1))
	if tok.Type == analysis.Single {
		return uniField(f.Name), string(tok.Term), weight
	}
	return f.Name, string(tok.Term), 2 * weight
}

// required is how many of n tokens must match: all of up to three, then
// all but one in three, so that a long query without spaces (留守儿童心理辅导)
// still finds documents holding its words apart.
func required(n int) int { return n - (n-1)/3 }

// variants expands w by each synonym group holding a term w contains:
// the longest such term is replaced in turn by every term of its group.
// w itself comes first; Latin text is compared in lower case, as the
// analyzer indexes it.
func variants(w string, groups [][]string) []string {
	w = strings.ToLower(w)
	out := []string{w}
	for _, g := range groups {
		term := longestIn(w, g)
		if term == "" {
			continue
		}
		seen := map[string]bool{}
		var next []string
		for _, v := range out {
			for _, alt := range g {
				nv := strings.Replace(v, term, strings.ToLower(alt), 1)
				if !seen[nv] && len(next) < maxVariants {
					seen[nv] = true
					next = append(next, nv)
				}
			}
		}
		out = slices.DeleteFunc(next, func(s string) bool { return s == w })
		out = append([]string{w}, out...)
	}
	return out
}

// longestIn returns the longest term of g that w contains, or "".
func longestIn(w string, g []string) string {
	best := ""
	for _, term := range g {
		term = strings.ToLower(term)
		if term != "" && strings.Contains(w, term) && len(term) > len(best) {
			best = term
		}
	}
	return best
}

// Bleve's slice disjunction (used below 11 clauses) advances a clause it
// has already run to the end again, which restarts that clause's term
// readers from the first document: advanced under a filter, a clause that
// matches nothing rescans its postings once per candidate, taking seconds
// on 100,000 documents. The heap disjunction drops finished clauses, so
// every disjunction (now those of multi-valued filters) uses it.
func init() { searcher.DisjunctionHeapTakeover = 0 }
