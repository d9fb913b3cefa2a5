package meili

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/meilisearch/meilisearch-go"

	"hutong/search"
)

// APIError is a request Meilisearch refused with a 4xx status: a bad
// filter, a wrong API key, a missing index. It carries Meilisearch's error
// object so that the cause is plain in logs. Outages are not APIErrors but
// errors wrapping search.ErrUnavailable.
type APIError struct {
	Op      string // what Hutong was doing, e.g. "search hutong_organizations"
	Status  int    // HTTP status
	Code    string // Meilisearch's error code, e.g. "invalid_search_filter"
	Type    string // "invalid_request", "auth", "internal" or "system"
	Message string
	Link    string
}

// Error names the operation, the code and Meilisearch's message.
func (e *APIError) Error() string {
	return fmt.Sprintf("meili: %s: %d %s: %s", e.Op, e.Status, e.Code, e.Message)
}

// TaskError is an asynchronous task that ended failed or canceled: the
// write it stood for did not happen. It names the task so that an operator
// can look it up with GET /tasks/{uid}.
type TaskError struct {
	UID     int64
	Type    string // e.g. "documentAdditionOrUpdate"
	Index   string
	Status  string // "failed" or "canceled"
	Code    string // Meilisearch's error code, e.g. "invalid_document_id"
	Message string
}

// Error names the task, its type, the code and Meilisearch's message.
func (e *TaskError) Error() string {
	return fmt.Sprintf("meili: task %d (%s on %s) %s: %s: %s", e.UID, e.Type, e.Index, e.Status, e.Code, e.Message)
}

// wrap turns an SDK error into one of ours, so that no SDK type leaves the
// package: network failures, timeouts, 5xx and 429 wrap
// search.ErrUnavailable (callers answer 503 and jobs retry); other statuses
// become an *APIError.
func wrap(op string, err error) error {
	var me *meilisearch.Error
	if !errors.As(err, &me) {
		return fmt.Errorf("meili: %s: %w", op, err)
	}
	switch me.ErrCode {
	case meilisearch.MeilisearchTimeoutError, meilisearch.MeilisearchCommunicationError, meilisearch.MeilisearchMaxRetriesExceeded:
		if me.OriginError != nil {
			return fmt.Errorf("%w: %s: %w", search.ErrUnavailable, op, me.OriginError)
		}
		return fmt.Errorf("%w: %s: no answer", search.ErrUnavailable, op)
	case meilisearch.MeilisearchApiError, meilisearch.MeilisearchApiErrorWithoutMessage:
		return statusError(op, me)
	}
	// The request could not be encoded or the answer decoded: a bug or
	// something that is not Meilisearch answering (a proxy's page).
	if me.StatusCode >= http.StatusInternalServerError {
		return statusError(op, me)
	}
	return fmt.Errorf("meili: %s: unexpected answer (status %d): %s", op, me.StatusCode, describeOrigin(me))
}

// statusError maps an answered error status.
func statusError(op string, me *meilisearch.Error) error {
	api := me.MeilisearchApiError
	if me.StatusCode >= http.StatusInternalServerError || me.StatusCode == http.StatusTooManyRequests {
		return fmt.Errorf("%w: %s: status %d %s: %s", search.ErrUnavailable, op, me.StatusCode, api.Code, api.Message)
	}
	return &APIError{Op: op, Status: me.StatusCode, Code: api.Code, Type: api.Type, Message: api.Message, Link: api.Link}
}

func describeOrigin(me *meilisearch.Error) string {
	if me.OriginError != nil {
		return me.OriginError.Error()
	}
	return "no detail"
}
