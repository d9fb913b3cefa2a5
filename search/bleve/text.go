package bleve

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"

	"hutong/search"
)

// maxVariants bounds the synonym expansion of one word.
const maxVariants = 16

// textMatch is a query's text analysed once: for each whitespace-
// separated word, the tokens of each of its synonym variants. It builds
// the Bleve query and, for highlights, finds the same matches again in a
// hit's stored text.
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

// query matches every word (AND). A word matches when one of its
// variants matches within one searchable field. The alternatives of a
// word are kept in one flat disjunction: Bleve advances nested
// disjunctions far more slowly.
func (m *textMatch) query(t *search.DocType) query.Query {
	words := make([]query.Query, len(m.words))
	for i, alts := range m.words {
		var fields []query.Query
		for _, tokens := range alts {
			for _, f := range t.Fields {
				if f.Searchable && f.Kind == search.Text {
					fields = append(fields, fieldQuery(f, tokens))
				}
			}
		}
		words[i] = query.NewDisjunctionQuery(fields)
	}
	if len(words) == 1 {
		return words[0]
	}
	return query.NewConjunctionQuery(words)
}

// fieldQuery matches nearly all tokens in field f. Pairs of characters
// are looked up in the field itself, lone characters in its unigram
// twin; pairs weigh twice as much, and fields by their Weight. When every
// token is required a conjunction is used: it skips through the rarest
// token's postings where a disjunction with a minimum reads them all.
func fieldQuery(f search.Field, tokens analysis.TokenStream) query.Query {
	terms := make([]query.Query, len(tokens))
	for i, tok := range tokens {
		terms[i] = termQuery(f, tok)
	}
	switch need := required(len(tokens)); {
	case len(terms) == 1:
		return terms[0]
	case need == len(terms):
		return query.NewConjunctionQuery(terms)
	default:
		d := query.NewDisjunctionQuery(terms)
		d.SetMin(float64(need))
		return d
	}
}

// termQuery looks tok up in field f, or in its unigram twin for a lone
// CJK character.
func termQuery(f search.Field, tok *analysis.Token) query.Query {
	q := query.NewTermQuery(string(tok.Term))
	weight := float64(max(f.Weight, 1))
	if tok.Type == analysis.Single {
		q.SetField(uniField(f.Name))
		q.SetBoost(weight)
	} else {
		q.SetField(f.Name)
		q.SetBoost(2 * weight)
	}
	return q
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
// readers from the first document: under a filter, a synonym variant that
// matches nothing then rescans its postings once per candidate, taking
// seconds on 100,000 documents. The heap disjunction drops finished
// clauses, so every disjunction uses it.
func init() { searcher.DisjunctionHeapTakeover = 0 }
