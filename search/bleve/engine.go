package bleve

import (
	"cmp"
	"math"
	"slices"

	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// eof is the document number of an exhausted reader.
const eof = math.MaxUint64

// The text query's own matcher. Bleve answers a word's query (a
// disjunction, over fields and synonym variants, of conjunctions of
// character pairs) with a tree of searchers that hands a pooled
// DocumentMatch up through every level for every posting, and that
// machinery, not reading the postings, took most of a search's time.
// textSearcher walks the same postings with plain integers, leapfrogging
// required terms, and scores a document only once it is known to match,
// with Bleve's TF-IDF formula (tf × fieldNorm × idf × boost × idf ×
// queryNorm per term, sums for conjunctions, sums times the share of
// matching clauses for disjunctions), so results rank as before.

// termIter is one term of the query: its postings in one field and its
// weight.
type termIter struct {
	*postings
	// idf and boost give the term's weight; qw is boost × idf × queryNorm.
	idf, boost, qw float64
}

// nextReach is how far ahead (in document numbers) a reader reads on
// rather than Advance.
const nextReach = 4

// unread marks a reader not read yet (no document has this number: eof
// is the largest).
const unread = math.MaxUint64 - 1

// score is the term's share of the score of the document it is on.
func (t *termIter) score() float64 {
	tf := math.Sqrt(float64(t.freq))
	return tf * t.norm * t.idf * t.qw
}

// clause matches a variant of a word within one field: need of its terms
// on the same document (all of them, or all but a few for long words).
type clause struct {
	terms []*termIter
	need  int
	doc   uint64 // the document it matches at, once match ran
}

// match finds the first document at or after n where the clause holds.
func (c *clause) match(n uint64) error {
	if c.doc != unread && c.doc >= n {
		return nil
	}
	if c.need == len(c.terms) {
		return c.matchAll(n)
	}
	for {
		low := uint64(eof)
		for _, t := range c.terms {
			if err := t.advance(n); err != nil {
				return err
			}
			low = min(low, t.doc)
		}
		if low == eof {
			c.doc = eof
			return nil
		}
		count := 0
		for _, t := range c.terms {
			if t.doc == low {
				count++
			}
		}
		if count >= c.need {
			c.doc = low
			return nil
		}
		n = low + 1
	}
}

// matchAll leapfrogs the terms to the first document holding all of them.
func (c *clause) matchAll(n uint64) error {
	for {
		agreed := true
		for _, t := range c.terms {
			if err := t.advance(n); err != nil {
				return err
			}
			if t.doc == eof {
				c.doc = eof
				return nil
			}
			if t.doc > n {
				n, agreed = t.doc, false
				break
			}
		}
		if agreed {
			c.doc = n
			return nil
		}
	}
}

// score is the clause's score on its document: the sum of its terms',
// times the share of terms present when not all are required.
func (c *clause) score() float64 {
	sum, count := 0.0, 0
	for _, t := range c.terms {
		if t.doc == c.doc {
			sum += t.score()
			count++
		}
	}
	if c.need == len(c.terms) || len(c.terms) == 1 {
		return sum
	}
	return sum * float64(count) / float64(len(c.terms))
}

// word matches when any of its clauses does.
type word struct {
	clauses []*clause
	doc     uint64
}

// match finds the first document at or after n that a clause matches.
func (w *word) match(n uint64) error {
	if w.doc != unread && w.doc >= n {
		return nil
	}
	low := uint64(eof)
	for _, c := range w.clauses {
		if err := c.match(n); err != nil {
			return err
		}
		low = min(low, c.doc)
	}
	w.doc = low
	return nil
}

// score sums the scores of the clauses matching the word's document,
// times the share of clauses that match.
func (w *word) score() float64 {
	sum, count := 0.0, 0
	for _, c := range w.clauses {
		if c.doc == w.doc {
			sum += c.score()
			count++
		}
	}
	return sum * float64(count) / float64(len(w.clauses))
}

// textSearcher matches every word (AND) and scores by the sum of the
// words' scores. It is a Bleve Searcher, so Bleve's collector sorts and
// pages its matches.
type textSearcher struct {
	words []*word
	terms []*termIter
	next  uint64 // where the next search starts
	count uint64
}

// newTextSearcher iterates, with offsets, the postings of every term of
// m that cache holds or opens; total is the snapshot's document count,
// for idf, and the query norm makes scores equal to Bleve's.
func newTextSearcher(cache *termCache, total uint64, m *textMatch, fields []textField) (*textSearcher, error) {
	s := &textSearcher{}
	sumSq := 0.0
	for _, alts := range m.words {
		w := &word{doc: unread}
		for _, tokens := range alts {
			for _, f := range fields {
				c := &clause{need: required(len(tokens)), doc: unread}
				for _, tok := range tokens {
					field, term, boost := f.lookup(tok)
					tl, err := cache.get(field, term)
					if err != nil {
						return nil, err
					}
					p := &postings{termLists: tl, offsets: cache.view.offsets, doc: unread}
					t := &termIter{postings: p, boost: boost}
					t.idf = 1 + math.Log(float64(total)/float64(tl.count+1))
					sumSq += (boost * t.idf) * (boost * t.idf)
					c.terms = append(c.terms, t)
					s.terms = append(s.terms, t)
					s.count = max(s.count, tl.count)
				}
				// Leapfrog from the rarest term: it skips the most.
				slices.SortStableFunc(c.terms, func(a, b *termIter) int { return cmp.Compare(a.count, b.count) })
				w.clauses = append(w.clauses, c)
			}
		}
		s.words = append(s.words, w)
	}
	s.SetQueryNorm(1 / math.Sqrt(sumSq))
	return s, nil
}

// matchFrom finds the first document at or after n that every word
// matches, or eof.
func (s *textSearcher) matchFrom(n uint64) (uint64, error) {
	for {
		agreed := true
		for _, w := range s.words {
			if err := w.match(n); err != nil {
				return eof, err
			}
			if w.doc == eof {
				return eof, nil
			}
			if w.doc > n {
				n, agreed = w.doc, false
				break
			}
		}
		if agreed {
			return n, nil
		}
	}
}

// Next returns the next matching document.
func (s *textSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	return s.from(ctx, s.next)
}

// Advance returns the first matching document at or after id.
func (s *textSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	return s.from(ctx, max(s.next, id.Value()))
}

// from returns the first match at or after n, scored.
func (s *textSearcher) from(ctx *bsearch.SearchContext, n uint64) (*bsearch.DocumentMatch, error) {
	if n == eof {
		return nil, nil
	}
	d, err := s.matchFrom(n)
	if err != nil || d == eof {
		s.next = eof
		return nil, err
	}
	s.next = d + 1
	score := 0.0
	for _, w := range s.words {
		score += w.score()
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, d)
	dm.Score = score
	return dm, nil
}

// Close has nothing to release: postings lists are views of the
// snapshot's segments, which the caller's reader holds.
func (s *textSearcher) Close() error { return nil }

// Weight is the sum of the squared term weights, as Bleve's searchers
// report it.
func (s *textSearcher) Weight() float64 {
	sum := 0.0
	for _, t := range s.terms {
		sum += (t.boost * t.idf) * (t.boost * t.idf)
	}
	return sum
}

// SetQueryNorm scales every term's weight.
func (s *textSearcher) SetQueryNorm(qnorm float64) {
	for _, t := range s.terms {
		t.qw = t.boost * t.idf * qnorm
	}
}

// Count estimates the matches: the most frequent term's count.
func (s *textSearcher) Count() uint64 { return s.count }

// Min is not used: the searcher applies its own minimums.
func (s *textSearcher) Min() int { return 0 }

// Size is a rough size of the searcher in bytes.
func (s *textSearcher) Size() int { return 64 + 160*len(s.terms) }

// DocumentMatchPoolSize is one: a match is taken from the pool only when
// it is returned.
func (s *textSearcher) DocumentMatchPoolSize() int { return 1 }
