// Package meili is the Meilisearch backend of search.Index, for production
// and for several Hutong instances sharing one search server. It talks to
// Meilisearch through meilisearch-go; no type of that SDK leaves this
// package.
//
// How documents are stored (one Meilisearch index per search.DocType, named
// Options.IndexPrefix + DocType.Name, primary key "id"):
//
//   - "id" is Document.ID and "_version" is Document.Version;
//   - Text, Keyword and Bool fields are stored as they are (a Keyword may be
//     a string or a list of strings);
//   - Number fields are JSON numbers;
//   - Time fields are stored as integer Unix milliseconds under the field's
//     own name, so that range filters and sorting compare numbers; Hits
//     never carry field values, so nothing has to turn them back into times;
//   - "_geo" is {"lat": …, "lng": …} when the type has Geo and the document
//     a location, as Meilisearch's geo search expects;
//   - "_chars" holds the Han characters of the searchable Text fields, each
//     a word of its own. Meilisearch segments Chinese into words (jieba), so
//     a one-character query such as "童" would not find "儿童"; this
//     attribute, ranked last, lets it, as Bleve's CJK bigrams do.
//
// Every write waits until its Meilisearch task has finished and fails when
// the task failed, so that Upsert and Delete return once the change is
// visible, as search.Index promises.
package meili

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"hutong/search"
)

var _ search.Index = (*Index)(nil)

// Defaults used when Options leaves a field empty.
const (
	// DefaultTaskTimeout bounds the wait for one indexing task.
	DefaultTaskTimeout = 30 * time.Second
	// DefaultRequestTimeout bounds each HTTP request of the default client,
	// so that a hung server turns into ErrUnavailable rather than a hung
	// worker.
	DefaultRequestTimeout = 10 * time.Second
)

// Options tunes an Index. The zero value is usable.
type Options struct {
	// IndexPrefix is put before every DocType name to form the index uid,
	// e.g. "hutong_", so that several environments or tests can share one
	// server without seeing each other's documents.
	IndexPrefix string
	// TaskTimeout bounds the wait for each write's task to finish;
	// DefaultTaskTimeout when zero.
	TaskTimeout time.Duration
	// Logger receives task timings at debug level; slog.Default() when nil.
	Logger *slog.Logger
	// HTTPClient sends the requests; a client with DefaultRequestTimeout
	// when nil.
	HTTPClient *http.Client
}

// Index is a search.Index on a Meilisearch server.
type Index struct {
	client      meilisearch.ServiceManager
	prefix      string
	taskTimeout time.Duration
	log         *slog.Logger
}

// Open returns an Index on the Meilisearch server at rawURL, authenticating
// with apiKey: the master key, or better an API key limited to the
// prefixed indexes (e.g. "hutong_*") with the actions search,
// documents.add, documents.get, documents.delete, indexes.create,
// indexes.get, indexes.delete, settings.update and tasks.get; empty for a
// server without a master key. It does not contact the server: call Ping
// or Init.
func Open(rawURL, apiKey string, opts Options) (*Index, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("meili: the server URL must be http(s)://host[:port], not %q", rawURL)
	}
	if err := checkPrefix(opts.IndexPrefix); err != nil {
		return nil, err
	}
	if opts.TaskTimeout <= 0 {
		opts.TaskTimeout = DefaultTaskTimeout
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: DefaultRequestTimeout}
	}
	client := meilisearch.New(strings.TrimRight(rawURL, "/"),
		meilisearch.WithAPIKey(apiKey),
		meilisearch.WithCustomClient(opts.HTTPClient),
		// The SDK would retry 502/503/504 for up to six seconds inside one
		// call; Hutong's River jobs retry with their own backoff instead,
		// and a search page should fail fast with 503.
		meilisearch.DisableRetries(),
	)
	return &Index{client: client, prefix: opts.IndexPrefix, taskTimeout: opts.TaskTimeout, log: opts.Logger}, nil
}

// checkPrefix rejects a prefix that would make an invalid index uid
// (Meilisearch allows a-z, A-Z, 0-9, "-" and "_").
func checkPrefix(p string) error {
	for _, r := range p {
		if !isUIDRune(r) {
			return fmt.Errorf("meili: IndexPrefix %q may only hold letters, digits, - and _", p)
		}
	}
	return nil
}

func isUIDRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
}

// uid is the Meilisearch index uid of t.
func (ix *Index) uid(t *search.DocType) string { return ix.prefix + t.Name }

// Ping answers nil when GET /health says the server is available.
func (ix *Index) Ping(ctx context.Context) error {
	h, err := ix.client.HealthWithContext(ctx)
	if err != nil {
		return wrap("health", err)
	}
	if h.Status != "available" {
		return fmt.Errorf("%w: meilisearch health is %q", search.ErrUnavailable, h.Status)
	}
	return nil
}

// Close releases idle connections. The server and its indexes stay.
func (ix *Index) Close() error {
	ix.client.Close()
	return nil
}

// DeleteIndexes removes the index of each type and waits for it to go. It
// is not part of search.Index: tests use it to clean up the indexes their
// unique prefix created, and operators to drop a type entirely. A missing
// index is not an error.
func (ix *Index) DeleteIndexes(ctx context.Context, types ...*search.DocType) error {
	for _, t := range types {
		info, err := ix.client.DeleteIndexWithContext(ctx, ix.uid(t))
		if err != nil {
			return wrap("delete index "+ix.uid(t), err)
		}
		err = ix.wait(ctx, info)
		var te *TaskError
		if errors.As(err, &te) && te.Code == "index_not_found" {
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}
