package meili_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hutong/search"
	"hutong/search/meili"
)

// calls exercises every method that talks to the server.
var calls = map[string]func(context.Context, *meili.Index) error{
	"Ping": func(ctx context.Context, idx *meili.Index) error { return idx.Ping(ctx) },
	"Init": func(ctx context.Context, idx *meili.Index) error { return idx.Init(ctx, orgType()) },
	"Upsert": func(ctx context.Context, idx *meili.Index) error {
		return idx.Upsert(ctx, orgType(), search.Document{ID: "a"})
	},
	"Delete": func(ctx context.Context, idx *meili.Index) error { return idx.Delete(ctx, orgType(), "a") },
	"Search": func(ctx context.Context, idx *meili.Index) error {
		_, err := idx.Search(ctx, orgType(), search.Query{Text: "儿童"})
		return err
	},
	"Versions": func(ctx context.Context, idx *meili.Index) error {
		_, err := idx.Versions(ctx, orgType())
		return err
	},
}

// wantUnavailable runs every call against url and wants ErrUnavailable.
func wantUnavailable(t *testing.T, url string, opts meili.Options) {
	t.Helper()
	idx, err := meili.Open(url, testKey, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	for name, call := range calls {
		if err := call(context.Background(), idx); !errors.Is(err, search.ErrUnavailable) {
			t.Errorf("%s: err = %v, want ErrUnavailable", name, err)
		}
	}
}

// hungServer never answers; it lets go of its requests when the test ends.
func hungServer(t *testing.T) *httptest.Server {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so that the server notices the client leaving
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs first
	return srv
}

func TestUnavailable(t *testing.T) {
	t.Parallel()
	t.Run("ErrHungServerTimesOut", func(t *testing.T) {
		t.Parallel()
		hung := hungServer(t)
		started := time.Now()
		wantUnavailable(t, hung.URL, meili.Options{HTTPClient: &http.Client{Timeout: 50 * time.Millisecond}})
		if took := time.Since(started); took > 5*time.Second {
			t.Errorf("six calls to a hung server took %s", took)
		}
	})
	t.Run("ErrCallerDeadline", func(t *testing.T) {
		t.Parallel()
		hung := hungServer(t)
		idx, _ := meili.Open(hung.URL, testKey, meili.Options{})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := idx.Search(ctx, orgType(), search.Query{})
		if !errors.Is(err, search.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want ErrUnavailable and DeadlineExceeded", err)
		}
	})
	t.Run("Err503FromAProxy", func(t *testing.T) {
		t.Parallel()
		down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("<html>503 Service Temporarily Unavailable</html>"))
		}))
		t.Cleanup(down.Close)
		wantUnavailable(t, down.URL, meili.Options{})
	})
	t.Run("Err500WithMeilisearchError", func(t *testing.T) {
		t.Parallel()
		broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"message":"No space left on device (os error 28)","code":"no_space_left_on_device","type":"system","link":"https://docs.meilisearch.com/errors#no_space_left_on_device"}`))
		}))
		t.Cleanup(broken.Close)
		wantUnavailable(t, broken.URL, meili.Options{})
	})
	t.Run("ErrConnectionRefused", func(t *testing.T) {
		t.Parallel()
		gone := httptest.NewServer(http.NotFoundHandler())
		gone.Close()
		wantUnavailable(t, gone.URL, meili.Options{})
	})
	t.Run("ErrTaskNeverFinishes", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, testKey)
		f.mu.Lock()
		f.stuck = true
		f.mu.Unlock()
		idx, _ := meili.Open(f.srv.URL, testKey, meili.Options{TaskTimeout: 100 * time.Millisecond})
		err := idx.Upsert(context.Background(), orgType(), search.Document{ID: "a"})
		if !errors.Is(err, search.ErrUnavailable) || !strings.Contains(err.Error(), "task 0 (documentAdditionOrUpdate on organizations) not finished") {
			t.Errorf("err = %v, want ErrUnavailable naming task 0", err)
		}
	})
}

func TestAuth(t *testing.T) {
	t.Parallel()
	t.Run("OKBearerKeyIsSent", func(t *testing.T) {
		t.Parallel()
		_, idx, typ := initialised(t) // the fake refuses any other key
		if _, err := idx.Search(context.Background(), typ, search.Query{}); err != nil {
			t.Errorf("Search: %v", err)
		}
	})
	t.Run("ErrWrongKeyIsAPIError", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, testKey)
		idx, _ := meili.Open(f.srv.URL, "wrong", meili.Options{})
		if err := idx.Ping(context.Background()); err != nil {
			t.Errorf("Ping (a public route): %v", err)
		}
		_, err := idx.Search(context.Background(), orgType(), search.Query{})
		var api *meili.APIError
		if !errors.As(err, &api) || api.Status != http.StatusForbidden || api.Code != "invalid_api_key" {
			t.Errorf("err = %v, want 403 invalid_api_key", err)
		}
	})
	t.Run("ErrNoKeyIsAPIError", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, testKey)
		idx, _ := meili.Open(f.srv.URL, "", meili.Options{})
		_, err := idx.Search(context.Background(), orgType(), search.Query{})
		var api *meili.APIError
		if !errors.As(err, &api) || api.Status != http.StatusUnauthorized || api.Code != "missing_authorization_header" {
			t.Errorf("err = %v, want 401 missing_authorization_header", err)
		}
	})
}
