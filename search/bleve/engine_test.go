package bleve

import (
	"context"
	"maps"
	"math"
	"testing"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/search/query"

	"hutong/search"
	"hutong/search/searchtest"
)

// bleveTextQuery is the text query as Bleve's own searchers ran it before
// textSearcher replaced them: per word, a disjunction over variants and
// fields of conjunctions of the variant's tokens (or a disjunction with a
// minimum for long words).
func bleveTextQuery(m *textMatch, fields []textField) query.Query {
	words := make([]query.Query, len(m.words))
	for i, alts := range m.words {
		var clauses []query.Query
		for _, tokens := range alts {
			for _, f := range fields {
				clauses = append(clauses, bleveClause(f, tokens))
			}
		}
		words[i] = query.NewDisjunctionQuery(clauses)
	}
	if len(words) == 1 {
		return words[0]
	}
	return query.NewConjunctionQuery(words)
}

// bleveClause matches the tokens of one variant in one field.
func bleveClause(f textField, tokens analysis.TokenStream) query.Query {
	terms := make([]query.Query, len(tokens))
	for i, tok := range tokens {
		field, term, boost := f.lookup(tok)
		q := query.NewTermQuery(term)
		q.SetField(field)
		q.SetBoost(boost)
		terms[i] = q
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

// near reports whether two scores agree but for rounding.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Abs(b) }

// TestTextSearcherRanksAsBleve compares textSearcher with Bleve's own
// searchers on generated organisations: the same matches, in the same
// order, with the same scores.
func TestTextSearcherRanksAsBleve(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	x, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	typ := search.Organizations
	if err := x.Upsert(ctx, typ, searchtest.GenerateOrganizations(2000, 3)...); err != nil {
		t.Fatal(err)
	}
	if err := x.Delete(ctx, typ, "gen-0000001", "gen-0000500"); err != nil {
		t.Fatal(err)
	}
	if err := Settle(x, typ, 30e9); err != nil {
		t.Fatal(err)
	}
	idx, err := x.get(typ)
	if err != nil {
		t.Fatal(err)
	}
	an := idx.Mapping().AnalyzerNamed(cjk.AnalyzerName)
	for _, text := range []string{"心理疏导", "童", "困境儿童 个案", "留守儿童心理辅导", "社工", "阳光 协会 服务", "宇宙飞船"} {
		t.Run(text+"/SameAsBleve", func(t *testing.T) {
			m := parseText(typ, an, text)
			req := blevesearch.NewSearchRequestOptions(bleveTextQuery(m, textFields(typ)), 60, 0, false)
			want, err := idx.SearchInContext(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			got, err := x.Search(ctx, typ, search.Query{Text: text, Limit: 60})
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != int(want.Total) || len(got.Hits) != len(want.Hits) {
				t.Fatalf("total %d with %d hits, want %d with %d", got.Total, len(got.Hits), want.Total, len(want.Hits))
			}
			// Scores agree to rounding (sums run in another order), so
			// equal scores may swap: compare the ids by score, leaving
			// out the lowest score, which the page may cut anywhere.
			gotIDs, wantIDs := map[string]bool{}, map[string]bool{}
			for i, h := range want.Hits {
				g := got.Hits[i]
				if !near(g.Score, h.Score) {
					t.Errorf("hit %d = %s %.9f, want %s %.9f", i, g.ID, g.Score, h.ID, h.Score)
				}
				if last := want.Hits[len(want.Hits)-1].Score; !near(h.Score, last) {
					gotIDs[g.ID], wantIDs[h.ID] = true, true
				}
			}
			if !maps.Equal(gotIDs, wantIDs) {
				t.Errorf("hits %v, want %v", gotIDs, wantIDs)
			}
		})
	}
}
