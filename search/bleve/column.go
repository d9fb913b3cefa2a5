package bleve

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// column is one keyword field of one Bleve segment held in memory: the
// field's distinct values and, for each document of the segment, the
// ordinals of its values (a document may hold several). Segments never
// change once written, so a column built once serves every search until
// a merge retires its segment. Counting a facet or checking a keyword
// filter is then an array read per match, where Bleve's facet builder
// decompresses and visits the document's stored doc values.
type column struct {
	terms []string
	start []uint32 // document d's ordinals are ords[start[d]:start[d+1]]
	ords  []uint32
}

// buildColumn reads field's dictionary and postings in seg.
func buildColumn(seg segment.Segment, field string) (*column, error) {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("bleve: dictionary of %s: %w", field, err)
	}
	n := seg.Count()
	col := &column{start: make([]uint32, n+1)}
	var postings [][]uint32
	it := dict.AutomatonIterator(nil, nil, nil)
	for {
		entry, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("bleve: terms of %s: %w", field, err)
		}
		if entry == nil {
			break
		}
		docs, err := termDocs(dict, entry.Term, col.start)
		if err != nil {
			return nil, fmt.Errorf("bleve: postings of %s: %w", field, err)
		}
		col.terms = append(col.terms, entry.Term)
		postings = append(postings, docs)
	}
	for d := range n {
		col.start[d+1] += col.start[d]
	}
	col.ords = make([]uint32, col.start[n])
	next := make([]uint32, n)
	copy(next, col.start[:n])
	for ord, docs := range postings {
		for _, d := range docs {
			col.ords[next[d]] = uint32(ord)
			next[d]++
		}
	}
	return col, nil
}

// termDocs lists the documents holding term, counting each in
// perDoc[doc+1].
func termDocs(dict segment.TermDictionary, term string, perDoc []uint32) ([]uint32, error) {
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, err
	}
	docs := make([]uint32, 0, pl.Count())
	pi := pl.Iterator(false, false, false, nil)
	for {
		p, err := pi.Next()
		if err != nil {
			return nil, err
		}
		if p == nil {
			return docs, nil
		}
		d := p.Number()
		if d+1 >= uint64(len(perDoc)) {
			return nil, fmt.Errorf("document %d beyond the segment's %d", d, len(perDoc)-1)
		}
		docs = append(docs, uint32(d))
		perDoc[d+1]++
	}
}

// size is the memory the column holds, roughly, in bytes.
func (c *column) size() int {
	n := 4*len(c.start) + 4*len(c.ords)
	for _, t := range c.terms {
		n += len(t) + 16
	}
	return n
}

// columnKey names a column: a segment and a field.
type columnKey struct {
	seg   segment.Segment
	field string
}

// columnEntry builds its column once, however many searches ask at the
// same time.
type columnEntry struct {
	once sync.Once
	col  atomic.Pointer[column]
	err  error
}

// columns caches the columns of an index's segments. Columns of segments
// that merges retired are dropped when the cache outgrows the live ones.
type columns struct {
	mu sync.Mutex
	m  map[columnKey]*columnEntry
}

// get returns the column of field in seg, building it on first use.
func (c *columns) get(seg segment.Segment, field string) (*column, error) {
	k := columnKey{seg, field}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[columnKey]*columnEntry{}
	}
	e, ok := c.m[k]
	if !ok {
		e = &columnEntry{}
		c.m[k] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		col, err := buildColumn(seg, field)
		e.col.Store(col)
		e.err = err
	})
	if e.err != nil {
		c.mu.Lock()
		delete(c.m, k)
		c.mu.Unlock()
		return nil, e.err
	}
	return e.col.Load(), nil
}

// prune forgets the columns of segments snap no longer holds, once the
// cache holds more than twice what snap needs.
func (c *columns) prune(snap *scorch.IndexSnapshot, fields int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	live := snap.Segments()
	if len(c.m) <= 2*len(live)*fields+16 {
		return
	}
	keep := make(map[segment.Segment]bool, len(live))
	for _, s := range live {
		keep[s.Segment()] = true
	}
	for k := range c.m {
		if !keep[k.seg] {
			delete(c.m, k)
		}
	}
}

// bytes is the memory held by the cached columns, roughly.
func (c *columns) bytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, e := range c.m {
		if col := e.col.Load(); col != nil {
			n += col.size()
		}
	}
	return n
}
