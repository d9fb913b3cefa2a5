package search

import (
	"context"
	"fmt"
	"sort"
)

// Source yields one document type's documents from the database, which
// is always the truth the index is rebuilt from.
type Source struct {
	Type *DocType
	// Load builds the document of one entity, or answers nil when the
	// entity is gone or not public, so that its document is removed.
	Load func(ctx context.Context, id string) (*Document, error)
	// All calls fn with every public document, in batches.
	All func(ctx context.Context, fn func([]Document) error) error
	// Count says how many documents All will yield, for progress bars.
	Count func(ctx context.Context) (int, error)
}

// Drift is how an index differs from the database.
type Drift struct {
	Type     string
	Expected int      // public documents in the database
	Indexed  int      // documents in the index
	Missing  []string // in the database, not in the index
	Stale    []string // indexed with an older version
	Extra    []string // in the index, not public in the database
}

// Clean reports whether the index matches the database.
func (d *Drift) Clean() bool { return len(d.Missing)+len(d.Stale)+len(d.Extra) == 0 }

// String summarises the drift for an operator.
func (d *Drift) String() string {
	return fmt.Sprintf("%s: %d in the database, %d indexed, %d missing, %d stale, %d extra",
		d.Type, d.Expected, d.Indexed, len(d.Missing), len(d.Stale), len(d.Extra))
}

// Reindex rebuilds a type's index from the database: every public
// document is written, batch by batch, and documents that are no longer
// public are removed. progress is called after each batch with the number
// written so far.
func Reindex(ctx context.Context, idx Index, src Source, progress func(done int)) (int, error) {
	if err := idx.Init(ctx, src.Type); err != nil {
		return 0, err
	}
	before, err := idx.Versions(ctx, src.Type)
	if err != nil {
		return 0, err
	}
	done := 0
	err = src.All(ctx, func(docs []Document) error {
		if err := idx.Upsert(ctx, src.Type, docs...); err != nil {
			return err
		}
		for _, d := range docs {
			delete(before, d.ID)
		}
		done += len(docs)
		if progress != nil {
			progress(done)
		}
		return nil
	})
	if err != nil {
		return done, err
	}
	if len(before) > 0 {
		err = idx.Delete(ctx, src.Type, keys(before)...)
	}
	return done, err
}

// Verify compares a type's index with the database by id and version and,
// with fix, writes the missing and stale documents and removes the extra
// ones.
func Verify(ctx context.Context, idx Index, src Source, fix bool) (*Drift, error) {
	indexed, err := idx.Versions(ctx, src.Type)
	if err != nil {
		return nil, err
	}
	d := &Drift{Type: src.Type.Name, Indexed: len(indexed)}
	var repair []Document
	err = src.All(ctx, func(docs []Document) error {
		for _, doc := range docs {
			d.Expected++
			v, ok := indexed[doc.ID]
			delete(indexed, doc.ID)
			switch {
			case !ok:
				d.Missing = append(d.Missing, doc.ID)
			case v < doc.Version:
				d.Stale = append(d.Stale, doc.ID)
			default:
				continue
			}
			repair = append(repair, doc)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.Extra = keys(indexed)
	if fix && !d.Clean() {
		if err := idx.Upsert(ctx, src.Type, repair...); err != nil {
			return d, err
		}
		if len(d.Extra) > 0 {
			if err := idx.Delete(ctx, src.Type, d.Extra...); err != nil {
				return d, err
			}
		}
	}
	return d, nil
}

func keys(m map[string]int64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
