package searchtest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"hutong/search"
)

// Canary values: realistic secrets that must never reach a search
// document. A feature's test seeds them where people's contact details,
// children's names or sealed bids live, runs its real indexing path
// through a Recorder and calls AssertNoCanaries.
const (
	// CanaryPhone is a mainland mobile number.
	CanaryPhone = "13800138000"
	// CanaryEmail is a person's email address.
	CanaryEmail = "zhang.xiaoming.canary@hutong.test"
	// CanaryIDCard is a resident ID number (GB 11643) with a valid check
	// character, born 2015-03-07 in 梁溪区.
	CanaryIDCard = "32021320150307123X"
	// CanaryChildName is a child's real name.
	CanaryChildName = "张小明"
	// CanaryBid is the content of a sealed bid.
	CanaryBid = "密封报价：每人次捌拾捌元整（金丝雀标书 7F3A9C）"
)

// Canaries returns every canary value.
func Canaries() []string {
	return []string{CanaryPhone, CanaryEmail, CanaryIDCard, CanaryChildName, CanaryBid}
}

// Recorder is a search.Index that records every document passed to
// Upsert before handing it to the index it wraps, so that a test can look
// at exactly what was indexed.
type Recorder struct {
	inner search.Index
	mu    sync.Mutex
	docs  []search.Document
}

var _ search.Index = (*Recorder)(nil)

// NewRecorder wraps inner; with a nil inner the recorder only records,
// and its searches find nothing.
func NewRecorder(inner search.Index) *Recorder { return &Recorder{inner: inner} }

// Documents returns the recorded documents, in the order they came.
func (r *Recorder) Documents() []search.Document {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]search.Document(nil), r.docs...)
}

// AssertNoCanaries fails tb when any canary (all of Canaries() when none
// is given) appears in the id or any field value of any recorded
// document. Values are compared as written and with spaces and
// punctuation removed, so 138-0013-8000 is caught too. With no document
// recorded it fails as well: a guard that saw nothing proves nothing.
func (r *Recorder) AssertNoCanaries(tb testing.TB, canaries ...string) {
	tb.Helper()
	if len(canaries) == 0 {
		canaries = Canaries()
	}
	docs := r.Documents()
	if len(docs) == 0 {
		tb.Errorf("searchtest: no document was indexed, so the canary check proves nothing")
		return
	}
	for _, d := range docs {
		for _, v := range documentStrings(d) {
			for _, c := range canaries {
				if leaks(v.text, c) {
					tb.Errorf("searchtest: canary %q leaked into document %s, %s = %q", c, d.ID, v.field, v.text)
				}
			}
		}
	}
}

// fieldText is one string found in a document, with where it was.
type fieldText struct{ field, text string }

// documentStrings lists the id and every field value as strings, fields
// in name order.
func documentStrings(d search.Document) []fieldText {
	out := []fieldText{{"id", d.ID}}
	names := make([]string, 0, len(d.Fields))
	for n := range d.Fields {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out = walk(out, n, d.Fields[n])
	}
	return out
}

// walk appends the strings of v: strings as they are, lists and maps
// element by element, anything else as fmt prints it.
func walk(out []fieldText, field string, v any) []fieldText {
	switch x := v.(type) {
	case nil:
		return out
	case string:
		return append(out, fieldText{field, x})
	case []string:
		for _, s := range x {
			out = append(out, fieldText{field, s})
		}
	case []any:
		for _, e := range x {
			out = walk(out, field, e)
		}
	case map[string]any:
		for k, e := range x {
			out = walk(out, field+"."+k, e)
		}
	default:
		out = append(out, fieldText{field, fmt.Sprint(x)})
	}
	return out
}

// leaks reports whether canary c is in s, as written or once spaces and
// punctuation are removed from both (case-insensitive).
func leaks(s, c string) bool {
	if strings.Contains(strings.ToLower(s), strings.ToLower(c)) {
		return true
	}
	cc := compact(c)
	return len(cc) >= 4 && strings.Contains(compact(s), cc)
}

// compact drops spaces and the punctuation people put inside numbers and
// addresses, and folds case.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(" \t\r\n\u3000-–—_.·+()（）/", r) {
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// Init passes the settings on.
func (r *Recorder) Init(ctx context.Context, types ...*search.DocType) error {
	if r.inner == nil {
		return nil
	}
	return r.inner.Init(ctx, types...)
}

// Ping passes on.
func (r *Recorder) Ping(ctx context.Context) error {
	if r.inner == nil {
		return nil
	}
	return r.inner.Ping(ctx)
}

// Upsert records docs, then writes them to the wrapped index.
func (r *Recorder) Upsert(ctx context.Context, t *search.DocType, docs ...search.Document) error {
	r.mu.Lock()
	r.docs = append(r.docs, docs...)
	r.mu.Unlock()
	if r.inner == nil {
		return nil
	}
	return r.inner.Upsert(ctx, t, docs...)
}

// Delete passes on.
func (r *Recorder) Delete(ctx context.Context, t *search.DocType, ids ...string) error {
	if r.inner == nil {
		return nil
	}
	return r.inner.Delete(ctx, t, ids...)
}

// Search passes on.
func (r *Recorder) Search(ctx context.Context, t *search.DocType, q search.Query) (*search.Result, error) {
	if r.inner == nil {
		return &search.Result{}, nil
	}
	return r.inner.Search(ctx, t, q)
}

// Versions passes on.
func (r *Recorder) Versions(ctx context.Context, t *search.DocType) (map[string]int64, error) {
	if r.inner == nil {
		return map[string]int64{}, nil
	}
	return r.inner.Versions(ctx, t)
}

// Close passes on.
func (r *Recorder) Close() error {
	if r.inner == nil {
		return nil
	}
	return r.inner.Close()
}
