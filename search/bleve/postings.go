package bleve

import (
	"fmt"
	"math"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// snapshotView is the segments of one snapshot as the text searcher
// reads them: their postings directly, in the snapshot's document
// numbers (a segment's numbers start at its offset), skipping deleted
// documents. Reading a segment's postings iterator this way costs far
// less per posting than Bleve's snapshot-wide term reader.
type snapshotView struct {
	segs    []*scorch.SegmentSnapshot
	offsets []uint64
	// dicts caches each field's dictionary per segment.
	dicts map[string][]segment.TermDictionary
}

// newSnapshotView reads snap's segments and where each starts.
func newSnapshotView(snap *scorch.IndexSnapshot) *snapshotView {
	v := &snapshotView{segs: snap.Segments(), dicts: map[string][]segment.TermDictionary{}}
	v.offsets = make([]uint64, len(v.segs)+1)
	for i, s := range v.segs {
		v.offsets[i+1] = v.offsets[i] + s.Segment().Count()
	}
	return v
}

// dict returns field's dictionary in segment i.
func (v *snapshotView) dict(field string, i int) (segment.TermDictionary, error) {
	ds, ok := v.dicts[field]
	if !ok {
		ds = make([]segment.TermDictionary, len(v.segs))
		v.dicts[field] = ds
	}
	if ds[i] == nil {
		d, err := v.segs[i].Segment().Dictionary(field)
		if err != nil {
			return nil, fmt.Errorf("bleve: dictionary of %s: %w", field, err)
		}
		ds[i] = d
	}
	return ds[i], nil
}

// termLists is one term's postings lists in one field, one per segment
// (nil where the term is absent), and the count of live documents
// holding it, for its idf. Lists are read-only once opened, so the parts
// of a search share them, each with its own iterators.
type termLists struct {
	lists []segment.PostingsList
	count uint64
}

// openTermLists opens term's postings in field in every segment of v.
func openTermLists(v *snapshotView, field, term string) (*termLists, error) {
	tl := &termLists{lists: make([]segment.PostingsList, len(v.segs))}
	for i, s := range v.segs {
		d, err := v.dict(field, i)
		if err != nil {
			return nil, err
		}
		pl, err := d.PostingsList([]byte(term), s.Deleted(), nil)
		if err != nil {
			return nil, fmt.Errorf("bleve: postings of %s in %s: %w", term, field, err)
		}
		if pl != nil && pl.Count() > 0 {
			tl.lists[i] = pl
			tl.count += pl.Count()
		}
	}
	return tl, nil
}

// termCache opens each term's lists once for all the parts of a search.
// It is filled before the parts start and only read while they run.
type termCache struct {
	view  *snapshotView
	lists map[[2]string]*termLists
}

// get returns the lists of term in field, opening them on first use.
func (c *termCache) get(field, term string) (*termLists, error) {
	k := [2]string{field, term}
	if tl, ok := c.lists[k]; ok {
		return tl, nil
	}
	tl, err := openTermLists(c.view, field, term)
	if err != nil {
		return nil, err
	}
	c.lists[k] = tl
	return tl, nil
}

// postings iterates a term's lists one segment at a time, in the
// snapshot's document numbers.
type postings struct {
	*termLists
	offsets []uint64
	seg     int
	it      segment.PostingsIterator
	// doc, freq and norm describe the current posting.
	doc  uint64
	freq uint64
	norm float64
}

// advance moves to the first posting at or after document n, or to eof.
func (p *postings) advance(n uint64) error {
	if p.doc == eof || (p.doc != unread && p.doc >= n) {
		return nil
	}
	offs := p.offsets
	for p.seg < len(p.lists) {
		if n >= offs[p.seg+1] {
			p.seg, p.it = p.seg+1, nil
			continue
		}
		if p.lists[p.seg] == nil {
			p.seg++
			continue
		}
		local := uint64(0)
		if n > offs[p.seg] {
			local = n - offs[p.seg]
		}
		var next segment.Posting
		var err error
		switch {
		case p.it == nil:
			p.it = p.lists[p.seg].Iterator(true, true, false, nil)
			next, err = p.it.Advance(local)
		case p.doc != unread && n-p.doc <= nextReach:
			// The next posting is likely at or near n: read on.
			next, err = p.it.Next()
			for err == nil && next != nil && next.Number() < local {
				next, err = p.it.Next()
			}
		default:
			next, err = p.it.Advance(local)
		}
		if err != nil {
			return err
		}
		if next != nil {
			p.doc = offs[p.seg] + next.Number()
			p.freq, p.norm = next.Frequency(), norm(next)
			return nil
		}
		p.seg, p.it = p.seg+1, nil
	}
	p.doc = eof
	return nil
}

// lengthPosting is a posting that tells its field's length (zap's do),
// from which norm reads the field norm in a table rather than computing
// a square root for every posting.
type lengthPosting interface{ NormUint64() uint64 }

// norms holds the field norm of short fields by their length: what
// zap's Posting.Norm computes, 1/√length rounded to a float32.
var norms = func() []float64 {
	t := make([]float64, 4096)
	for n := range t {
		t[n] = float64(float32(1.0 / math.Sqrt(float64(n))))
	}
	return t
}()

// norm is p's field norm.
func norm(p segment.Posting) float64 {
	if lp, ok := p.(lengthPosting); ok {
		if n := lp.NormUint64(); n < uint64(len(norms)) {
			return norms[n]
		}
	}
	return p.Norm()
}
