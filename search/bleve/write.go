package bleve

import (
	"context"
	"fmt"
	"time"

	"hutong/search"
)

// batchSize bounds the documents held in memory by one Bleve batch.
const batchSize = 1000

// Upsert writes docs in batches. Bleve introduces each batch into the
// searchable snapshot before Batch returns, so the documents are found as
// soon as Upsert returns.
func (x *Index) Upsert(ctx context.Context, t *search.DocType, docs ...search.Document) error {
	idx, err := x.get(t)
	if err != nil {
		return err
	}
	for start := 0; start < len(docs); start += batchSize {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := idx.NewBatch()
		for _, d := range docs[start:min(start+batchSize, len(docs))] {
			if d.ID == "" {
				return fmt.Errorf("bleve: %s document without an id", t.Name)
			}
			if err := b.Index(d.ID, body(t, d)); err != nil {
				return fmt.Errorf("bleve: index %s/%s: %w", t.Name, d.ID, err)
			}
		}
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("bleve: write %s: %w", t.Name, err)
		}
	}
	return nil
}

// Delete removes ids in one batch; Bleve ignores ids it does not hold.
func (x *Index) Delete(ctx context.Context, t *search.DocType, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	idx, err := x.get(t)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	b := idx.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("bleve: delete from %s: %w", t.Name, err)
	}
	return nil
}

// body is what Bleve indexes for d: the described fields (times in UTC),
// the version and the location. Fields t does not describe are left out.
func body(t *search.DocType, d search.Document) map[string]any {
	m := make(map[string]any, len(d.Fields)+2)
	for _, f := range t.Fields {
		v, ok := d.Fields[f.Name]
		if !ok || v == nil {
			continue
		}
		if tm, ok := v.(time.Time); ok {
			v = tm.UTC()
		}
		m[f.Name] = v
	}
	m[versionField] = float64(d.Version)
	if t.Geo && d.Geo != nil {
		m[geoField] = map[string]any{"lat": d.Geo.Lat, "lon": d.Geo.Lng}
	}
	return m
}
