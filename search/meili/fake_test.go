package meili_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fakeMeili is a Meilisearch server for tests, since none can run on this
// machine. Every request is checked against the API reference
// (https://www.meilisearch.com/docs/reference/api: /health, /indexes,
// /indexes/{uid}/settings, /indexes/{uid}/documents, /indexes/{uid}/search,
// /tasks/{uid}): method and path, query parameters, the bearer key, the
// Content-Type, and the keys of the JSON body. A request outside the
// reference fails the test. It answers with the documented shapes:
// summarized tasks with 202, tasks that go from processing to succeeded or
// failed, error objects {message, code, type, link}. Writes take effect
// when their task succeeds, as on the real server.
type fakeMeili struct {
	t   testing.TB
	srv *httptest.Server
	key string

	mu       sync.Mutex
	requests []request
	indexes  map[string]bool
	docs     map[string]map[string]map[string]any // index → id → document
	tasks    map[int64]*fakeTask
	nextTask int64
	failNext map[string]apiError // task type → how its next task fails
	stuck    bool                // tasks never finish
	search   func(index string, body map[string]any) (int, any)
}

// request is one request the fake received, body decoded from JSON.
type request struct {
	Method, Path string
	Query        url.Values
	Body         any
}

type fakeTask struct {
	uid          int64
	index, kind  string
	polls        int
	fail         *apiError
	apply        func()
	enqueuedAt   time.Time
	finishedAt   time.Time
	finalStatus  string
	finishedOnce bool
}

// apiError is Meilisearch's error object.
type apiError struct {
	Message string `json:"message"`
	Code    string `json:"code"`
	Type    string `json:"type"`
	Link    string `json:"link"`
}

func newAPIError(code, typ, message string) apiError {
	return apiError{Message: message, Code: code, Type: typ, Link: "https://docs.meilisearch.com/errors#" + code}
}

// newFake starts a fake server that requires the bearer key.
func newFake(t testing.TB, key string) *fakeMeili {
	f := &fakeMeili{
		t: t, key: key, indexes: map[string]bool{}, docs: map[string]map[string]map[string]any{},
		tasks: map[int64]*fakeTask{}, failNext: map[string]apiError{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", f.health)
	mux.HandleFunc("GET /indexes/{uid}", f.getIndex)
	mux.HandleFunc("POST /indexes", f.createIndex)
	mux.HandleFunc("DELETE /indexes/{uid}", f.deleteIndex)
	mux.HandleFunc("PATCH /indexes/{uid}/settings", f.updateSettings)
	mux.HandleFunc("DELETE /indexes/{uid}/settings/{setting}", f.resetSetting)
	mux.HandleFunc("POST /indexes/{uid}/documents", f.addDocuments)
	mux.HandleFunc("POST /indexes/{uid}/documents/delete-batch", f.deleteBatch)
	mux.HandleFunc("POST /indexes/{uid}/documents/fetch", f.fetchDocuments)
	mux.HandleFunc("POST /indexes/{uid}/search", f.searchIndex)
	mux.HandleFunc("GET /tasks/{uid}", f.getTask)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("fake meilisearch: %s %s is not a route Hutong should call", r.Method, r.URL.Path)
		f.fail(w, http.StatusNotFound, newAPIError("not_found", "invalid_request", "not a route"))
	})
	f.srv = httptest.NewServer(f.checked(mux))
	t.Cleanup(f.srv.Close)
	return f
}

// allowedQuery lists the query parameters each route documents.
var allowedQuery = map[string][]string{
	"POST /indexes/{uid}/documents": {"primaryKey", "csvDelimiter", "customMetadata", "skipCreation"},
}

// checked verifies what every route shares: the key, the Content-Type of
// a body, and query parameters; then it records the request.
func (f *fakeMeili) checked(next *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := next.Handler(r)
		switch auth := r.Header.Get("Authorization"); {
		case r.URL.Path == "/health": // public route
		case auth == "":
			f.fail(w, http.StatusUnauthorized, newAPIError("missing_authorization_header", "auth",
				"The Authorization header is missing. It must use the bearer authorization method."))
			return
		case auth != "Bearer "+f.key:
			f.fail(w, http.StatusForbidden, newAPIError("invalid_api_key", "auth", "The provided API key is invalid."))
			return
		}
		for name := range r.URL.Query() {
			if !slices.Contains(allowedQuery[pattern], name) {
				f.t.Errorf("fake meilisearch: %s: query parameter %q is not documented", pattern, name)
			}
		}
		raw, _ := io.ReadAll(r.Body)
		req := request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query()}
		if len(raw) > 0 {
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				f.t.Errorf("fake meilisearch: %s: Content-Type %q, want application/json", pattern, ct)
			}
			if err := json.Unmarshal(raw, &req.Body); err != nil {
				f.t.Errorf("fake meilisearch: %s: body is not JSON: %v", pattern, err)
				f.fail(w, http.StatusBadRequest, newAPIError("malformed_payload", "invalid_request", err.Error()))
				return
			}
		} else if r.Method == http.MethodPost || r.Method == http.MethodPatch {
			f.t.Errorf("fake meilisearch: %s: no body", pattern)
		}
		f.mu.Lock()
		f.requests = append(f.requests, req)
		f.mu.Unlock()
		next.ServeHTTP(w, r.WithContext(withBody(r.Context(), req.Body)))
	})
}

// reply writes a JSON answer.
func (f *fakeMeili) reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		f.t.Errorf("fake meilisearch: encoding an answer: %v", err)
	}
}

func (f *fakeMeili) fail(w http.ResponseWriter, status int, e apiError) { f.reply(w, status, e) }

// enqueue records a task and answers 202 with its summarized form. The
// task fails when failNext holds its type; apply runs when it succeeds.
// The caller holds f.mu.
func (f *fakeMeili) enqueue(w http.ResponseWriter, index, kind string, apply func()) {
	task := &fakeTask{uid: f.nextTask, index: index, kind: kind, apply: apply, enqueuedAt: time.Now().UTC()}
	f.nextTask++
	if e, ok := f.failNext[kind]; ok {
		delete(f.failNext, kind)
		task.fail = &e
	}
	f.tasks[task.uid] = task
	f.reply(w, http.StatusAccepted, map[string]any{
		"taskUid": task.uid, "indexUid": index, "status": "enqueued", "type": kind,
		"enqueuedAt": task.enqueuedAt.Format(time.RFC3339Nano),
	})
}

// getTask answers the task object: processing at the first poll, then
// its final status (never, when stuck).
func (f *fakeMeili) getTask(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	uid, err := strconv.ParseInt(r.PathValue("uid"), 10, 64)
	task, ok := f.tasks[uid]
	if err != nil || !ok {
		f.fail(w, http.StatusNotFound, newAPIError("task_not_found", "invalid_request", fmt.Sprintf("Task `%s` not found.", r.PathValue("uid"))))
		return
	}
	task.polls++
	status, taskErr := "processing", any(nil)
	if task.polls > 1 && !f.stuck {
		f.finish(task)
		status = task.finalStatus
		if task.fail != nil {
			taskErr = task.fail
		}
	}
	started := task.enqueuedAt.Add(time.Millisecond).Format(time.RFC3339Nano)
	var finished, duration any
	if status != "processing" {
		finished, duration = task.finishedAt.Format(time.RFC3339Nano), "PT0.002S"
	}
	f.reply(w, http.StatusOK, map[string]any{
		"uid": task.uid, "batchUid": task.uid, "indexUid": task.index, "status": status, "type": task.kind,
		"canceledBy": nil, "details": map[string]any{}, "error": taskErr, "duration": duration,
		"enqueuedAt": task.enqueuedAt.Format(time.RFC3339Nano), "startedAt": started, "finishedAt": finished,
	})
}

// finish settles a task once, applying its effect when it succeeds.
func (f *fakeMeili) finish(task *fakeTask) {
	if task.finishedOnce {
		return
	}
	task.finishedOnce, task.finishedAt = true, time.Now().UTC()
	if task.fail != nil {
		task.finalStatus = "failed"
		return
	}
	task.finalStatus = "succeeded"
	if task.apply != nil {
		task.apply()
	}
}

// requestsTo lists the recorded requests with this method and path.
func (f *fakeMeili) requestsTo(method, path string) []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []request
	for _, r := range f.requests {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// routes lists "METHOD path" of every request except task polls, in order.
func (f *fakeMeili) routes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.requests {
		if r.Path[:min(len(r.Path), 7)] != "/tasks/" {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

// setFailNext makes the next task of this type fail with code.
func (f *fakeMeili) setFailNext(kind, code, message string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failNext[kind] = newAPIError(code, "invalid_request", message)
}
