// Package bleve is the embedded search backend: one Bleve index per
// document type under $HUTONG_DATA_DIR/search, for a single instance (Bleve
// holds a file lock). No Bleve type leaves this package.
package bleve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"sync/atomic"

	blevesearch "github.com/blevesearch/bleve/v2"

	"hutong/search"
)

var _ search.Index = (*Index)(nil)

// errClosed is wrapped in ErrUnavailable once Close has run.
var errClosed = errors.New("bleve index closed")

// validName keeps index names safe as file names.
var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// Index holds one Bleve index per document type. It is safe for
// concurrent use; Bleve itself serialises writers.
type Index struct {
	dir    string
	logger *slog.Logger

	mu      sync.RWMutex
	closed  bool
	indexes map[string]blevesearch.Index
	// cols holds, per type, the in-memory keyword columns of the
	// index's segments, for facets and filters.
	cols map[string]*columns

	// parts and minPart, when parts is set (by tests), replace how many
	// parts a search runs at once and the fewest documents each gets.
	parts   int
	minPart uint64
	// searching counts the searches running, which share the cores.
	searching atomic.Int32
}

// Open prepares dir (created if missing) to hold the indexes. Each type's
// index is created or opened by Init, or on its first use.
func Open(dir string, logger *slog.Logger) (*Index, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("bleve: create %s: %w", dir, err)
	}
	return &Index{dir: dir, logger: logger, indexes: map[string]blevesearch.Index{}, cols: map[string]*columns{}}, nil
}

// Init creates or opens the index of each type. An index built from an
// older description of its type is rebuilt empty, since Bleve cannot add
// fields to a mapping in place; `hutong reindex` or `hutong search verify
// --fix` then fills it again.
func (x *Index) Init(ctx context.Context, types ...*search.DocType) error {
	for _, t := range types {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := x.get(t); err != nil {
			return err
		}
	}
	return nil
}

// Ping answers nil while the index is open.
func (x *Index) Ping(ctx context.Context) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.closed {
		return fmt.Errorf("%w: %w", search.ErrUnavailable, errClosed)
	}
	return ctx.Err()
}

// Close closes every open index, persisting what is still in memory.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil
	}
	x.closed = true
	var errs []error
	for name, idx := range x.indexes {
		if err := idx.Close(); err != nil {
			errs = append(errs, fmt.Errorf("bleve: close %s: %w", name, err))
		}
	}
	x.indexes, x.cols = nil, nil
	return errors.Join(errs...)
}

// get returns the open index of t, opening or creating it on first use.
func (x *Index) get(t *search.DocType) (blevesearch.Index, error) {
	x.mu.RLock()
	idx, ok := x.indexes[t.Name]
	closed := x.closed
	x.mu.RUnlock()
	if closed {
		return nil, fmt.Errorf("%w: %w", search.ErrUnavailable, errClosed)
	}
	if ok {
		return idx, nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil, fmt.Errorf("%w: %w", search.ErrUnavailable, errClosed)
	}
	if idx, ok := x.indexes[t.Name]; ok {
		return idx, nil
	}
	idx, err := x.openType(t)
	if err != nil {
		return nil, err
	}
	x.indexes[t.Name] = idx
	x.cols[t.Name] = &columns{}
	return idx, nil
}

// columnsOf returns the column cache of t's index, which get opened.
func (x *Index) columnsOf(t *search.DocType) *columns {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if c := x.cols[t.Name]; c != nil {
		return c
	}
	return &columns{}
}

// openType opens the index of t on disk, or creates it, rebuilding it
// when its fingerprint shows it was built for another description.
func (x *Index) openType(t *search.DocType) (blevesearch.Index, error) {
	if !validName.MatchString(t.Name) {
		return nil, fmt.Errorf("bleve: invalid index name %q", t.Name)
	}
	path := filepath.Join(x.dir, t.Name+".bleve")
	want := fingerprint(t)
	idx, err := blevesearch.OpenUsing(path, map[string]any{"bolt_timeout": "5s"})
	switch {
	case err == nil:
		got, ferr := idx.GetInternal(fingerprintKey)
		if ferr == nil && string(got) == want {
			return idx, nil
		}
		x.logger.Warn("search index was built for another document description; rebuilding it empty",
			"index", t.Name, "action", "run hutong reindex")
		if err := idx.Close(); err != nil {
			return nil, fmt.Errorf("bleve: close stale %s: %w", t.Name, err)
		}
		if err := os.RemoveAll(path); err != nil {
			return nil, fmt.Errorf("bleve: remove stale %s: %w", t.Name, err)
		}
	case !errors.Is(err, blevesearch.ErrorIndexPathDoesNotExist):
		return nil, fmt.Errorf("bleve: open %s: %w", t.Name, err)
	}
	return create(path, t, want)
}

// create makes a new index for t and records its fingerprint.
func create(path string, t *search.DocType, fp string) (blevesearch.Index, error) {
	m, err := buildMapping(t)
	if err != nil {
		return nil, err
	}
	idx, err := blevesearch.New(path, m)
	if err != nil {
		return nil, fmt.Errorf("bleve: create %s: %w", t.Name, err)
	}
	if err := idx.SetInternal(fingerprintKey, []byte(fp)); err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("bleve: record fingerprint of %s: %w", t.Name, err)
	}
	return idx, nil
}
