package bleve

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplefrag "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simplehl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"

	"hutong/search"
)

// Highlights: up to maxFragments pieces of about fragmentRunes characters
// per field.
const (
	maxFragments  = 3
	fragmentRunes = 120
)

// highlighter marks matches with <mark> and HTML-escapes everything else.
// It is stateless, so one serves every search.
var highlighter = simplehl.NewHighlighter(simplefrag.NewFragmenter(fragmentRunes),
	html.NewFragmentFormatter("<mark>", "</mark>"), "…")

// analyzers re-analyse stored text the way it was indexed: in pairs (the
// cjk analyzer) and in single characters.
type analyzers struct{ pairs, singles analysis.Analyzer }

// highlights marks the matches of m in each searchable field of a hit.
// The matches are found by analysing the page's stored text again, which
// costs far less than asking Bleve for the locations of every match.
func (m *textMatch) highlights(t *search.DocType, an analyzers, id string, fields map[string]any) map[string][]string {
	out := map[string][]string{}
	for _, f := range t.Fields {
		text, ok := fields[f.Name].(string)
		if !ok || !f.Searchable || f.Kind != search.Text {
			continue
		}
		spans := m.spans(an, []byte(text))
		if len(spans) == 0 {
			continue
		}
		tlm := bsearch.TermLocationMap{}
		for i, s := range spans {
			tlm[strconv.Itoa(i)] = bsearch.Locations{s}
		}
		dm := &bsearch.DocumentMatch{ID: id, Locations: bsearch.FieldTermLocationMap{f.Name: tlm}}
		doc := document.NewDocument(id)
		doc.AddField(document.NewTextField(f.Name, nil, []byte(text)))
		if frags := highlighter.BestFragmentsInField(dm, doc, f.Name, maxFragments); len(frags) > 0 {
			out[f.Name] = frags
		}
	}
	return out
}

// spans finds in text the tokens of every variant that matches there
// (nearly all of its tokens present, as the query requires), joined where
// they overlap or touch, so that the pairs 留守, 守儿 and 儿童 become one
// mark over 留守儿童.
func (m *textMatch) spans(an analyzers, text []byte) []*bsearch.Location {
	pairs, singles := positions(an.pairs.Analyze(text)), positions(an.singles.Analyze(text))
	var found []bsearch.Location
	for _, alts := range m.words {
		for _, tokens := range alts {
			var hits []bsearch.Location
			present := 0
			for _, tok := range tokens {
				src := pairs
				if tok.Type == analysis.Single {
					src = singles
				}
				if locs := src[string(tok.Term)]; len(locs) > 0 {
					present++
					hits = append(hits, locs...)
				}
			}
			if present >= required(len(tokens)) {
				found = append(found, hits...)
			}
		}
	}
	return mergeSpans(found)
}

// positions indexes a token stream by term.
func positions(tokens analysis.TokenStream) map[string][]bsearch.Location {
	out := map[string][]bsearch.Location{}
	for _, tok := range tokens {
		out[string(tok.Term)] = append(out[string(tok.Term)], bsearch.Location{Start: uint64(tok.Start), End: uint64(tok.End)})
	}
	return out
}

// mergeSpans sorts spans and joins those that overlap or touch.
func mergeSpans(spans []bsearch.Location) []*bsearch.Location {
	slices.SortFunc(spans, func(a, b bsearch.Location) int { return cmp.Compare(a.Start, b.Start) })
	var out []*bsearch.Location
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, &bsearch.Location{Pos: uint64(len(out) + 1), Start: s.Start, End: s.End})
	}
	return out
}
