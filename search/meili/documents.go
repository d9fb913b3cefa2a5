package meili

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"github.com/meilisearch/meilisearch-go"

	"hutong/domain"
	"hutong/search"
)

// versionsPage is how many ids Versions asks for at a time.
const versionsPage = 1000

// Upsert replaces each document with its id (POST documents, which
// replaces a whole document, unlike PUT, which would merge in fields the
// entity no longer has) and waits until they are searchable.
func (ix *Index) Upsert(ctx context.Context, t *search.DocType, docs ...search.Document) error {
	if len(docs) == 0 {
		return nil
	}
	body := make([]map[string]any, 0, len(docs))
	for _, d := range docs {
		m, err := toDocument(t, d)
		if err != nil {
			return err
		}
		body = append(body, m)
	}
	pk := attrID
	info, err := ix.client.Index(ix.uid(t)).AddDocumentsWithContext(ctx, body, &meilisearch.DocumentOptions{PrimaryKey: &pk})
	if err != nil {
		return wrap("add documents to "+ix.uid(t), err)
	}
	return ix.wait(ctx, info)
}

// Delete removes documents by id (POST documents/delete-batch) and waits
// until they are gone from results. Missing ids are not an error.
func (ix *Index) Delete(ctx context.Context, t *search.DocType, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	info, err := ix.client.Index(ix.uid(t)).DeleteDocumentsWithContext(ctx, ids, nil)
	if err != nil {
		return wrap("delete documents from "+ix.uid(t), err)
	}
	return ix.wait(ctx, info)
}

// Versions pages through every document's id and _version (POST
// documents/fetch, the SDK's form of GET documents).
func (ix *Index) Versions(ctx context.Context, t *search.DocType) (map[string]int64, error) {
	out := map[string]int64{}
	for offset := int64(0); ; offset += versionsPage {
		var page meilisearch.DocumentsResult
		q := &meilisearch.DocumentsQuery{Fields: []string{attrID, attrVersion}, Offset: offset, Limit: versionsPage}
		if err := ix.client.Index(ix.uid(t)).GetDocumentsWithContext(ctx, q, &page); err != nil {
			return nil, wrap("fetch documents of "+ix.uid(t), err)
		}
		for _, h := range page.Results {
			var d struct {
				ID      string `json:"id"`
				Version int64  `json:"_version"`
			}
			if err := h.DecodeInto(&d); err != nil {
				return nil, fmt.Errorf("meili: a document of %s: %w", ix.uid(t), err)
			}
			out[d.ID] = d.Version
		}
		if len(page.Results) < versionsPage || offset+versionsPage >= page.Total {
			return out, nil
		}
	}
}

// toDocument turns a Document into the JSON object stored in Meilisearch
// (see the package comment). A field the type does not describe, or a
// value of the wrong kind, is an error: nothing undeclared reaches the
// index.
func toDocument(t *search.DocType, d search.Document) (map[string]any, error) {
	if d.ID == "" {
		return nil, domain.Invalid("id", "a search document needs an id")
	}
	m := map[string]any{attrID: d.ID, attrVersion: d.Version}
	for name, v := range d.Fields {
		f, ok := t.Field(name)
		if !ok {
			return nil, domain.Invalid(name, fmt.Sprintf("%s documents have no field %q", t.Name, name))
		}
		if v == nil {
			continue
		}
		sv, err := storedValue(f, v)
		if err != nil {
			return nil, err
		}
		m[name] = sv
	}
	var chars hanText
	for _, name := range textFields(t) { // in the type's order, for a stable body
		chars.add(m[name])
	}
	if chars.b.Len() > 0 {
		m[attrChars] = chars.String()
	}
	if t.Geo && d.Geo != nil {
		if err := checkPoint(*d.Geo); err != nil {
			return nil, err
		}
		m[attrGeo] = map[string]float64{"lat": d.Geo.Lat, "lng": d.Geo.Lng}
	}
	return m, nil
}

// storedValue checks v against the field's kind and converts times.
func storedValue(f search.Field, v any) (any, error) {
	bad := func() (any, error) {
		return nil, domain.Invalid(f.Name, fmt.Sprintf("a value of type %T does not fit this field", v))
	}
	switch f.Kind {
	case search.Text, search.Keyword:
		switch v.(type) {
		case string, []string:
			return v, nil
		}
	case search.Number:
		if n, ok := number(v); ok {
			return n, nil
		}
	case search.Time:
		if tm, ok := v.(time.Time); ok {
			return tm.UnixMilli(), nil
		}
	case search.Bool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	}
	return bad()
}

// number accepts Go's integer and float types; NaN and infinities have no
// JSON form.
func number(v any) (any, bool) {
	switch n := v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return n, true
	case float32:
		return n, !math.IsNaN(float64(n)) && !math.IsInf(float64(n), 0)
	case float64:
		return n, !math.IsNaN(n) && !math.IsInf(n, 0)
	}
	return nil, false
}

func checkPoint(p search.GeoPoint) error {
	if math.IsNaN(p.Lat) || p.Lat < -90 || p.Lat > 90 {
		return domain.Invalid("lat", "latitude must be between -90 and 90")
	}
	if math.IsNaN(p.Lng) || p.Lng < -180 || p.Lng > 180 {
		return domain.Invalid("lng", "longitude must be between -180 and 180")
	}
	return nil
}

// hanText collects the Han characters of Text values for "_chars": each
// character a word of its own, in the order of the text, with " 。 " (a
// hard separator to Meilisearch) wherever other characters came between,
// so that only characters adjacent in the text are adjacent here.
type hanText struct {
	b strings.Builder
}

func (h *hanText) add(v any) {
	switch v := v.(type) {
	case string:
		h.addString(v)
	case []string:
		for _, s := range v {
			h.addString(s)
		}
	}
}

func (h *hanText) addString(s string) {
	inRun := false
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			inRun = false
			continue
		}
		switch {
		case h.b.Len() == 0:
		case inRun:
			h.b.WriteByte(' ')
		default:
			h.b.WriteString(" 。 ")
		}
		h.b.WriteRune(r)
		inRun = true
	}
}

func (h *hanText) String() string { return h.b.String() }
