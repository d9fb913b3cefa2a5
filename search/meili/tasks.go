package meili

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"hutong/search"
)

// Polling of GET /tasks/{uid}: quick at first, since most small writes
// finish within milliseconds, then backing off so that a long reindex task
// does not flood the server.
const (
	firstPoll = 5 * time.Millisecond
	maxPoll   = 250 * time.Millisecond
)

// wait polls the task enqueued by a write until it reaches a final status
// (succeeded, failed or canceled) or TaskTimeout passes. A failed or
// canceled task is a *TaskError; a timeout wraps search.ErrUnavailable,
// since a queue that does not move is an overloaded or stuck server and the
// write, which is idempotent, should be retried.
func (ix *Index) wait(ctx context.Context, info *meilisearch.TaskInfo) error {
	ctx, cancel := context.WithTimeout(ctx, ix.taskTimeout)
	defer cancel()
	started := time.Now()
	for delay := firstPoll; ; delay = min(2*delay, maxPoll) {
		task, err := ix.client.GetTaskWithContext(ctx, info.TaskUID)
		if err != nil {
			if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return ix.stuck(info, started)
			}
			return wrap(fmt.Sprintf("task %d", info.TaskUID), err)
		}
		if done, err := ix.final(task, started); done {
			return err
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return ix.stuck(info, started)
			}
			return fmt.Errorf("meili: waiting for task %d: %w", info.TaskUID, ctx.Err())
		case <-time.After(delay):
		}
	}
}

// final reports whether the task has ended, and the error when it ended
// badly.
func (ix *Index) final(task *meilisearch.Task, started time.Time) (bool, error) {
	switch task.Status {
	case meilisearch.TaskStatusSucceeded:
		ix.log.Debug("meilisearch task succeeded", "task", task.UID, "type", task.Type, "index", task.IndexUID, "waited", time.Since(started))
		return true, nil
	case meilisearch.TaskStatusFailed, meilisearch.TaskStatusCanceled:
		err := &TaskError{
			UID: task.UID, Type: string(task.Type), Index: task.IndexUID, Status: string(task.Status),
			Code: task.Error.Code, Message: task.Error.Message,
		}
		if task.Status == meilisearch.TaskStatusCanceled {
			err.Code, err.Message = "canceled", fmt.Sprintf("canceled by task %d", task.CanceledBy)
		}
		return true, err
	}
	return false, nil
}

func (ix *Index) stuck(info *meilisearch.TaskInfo, started time.Time) error {
	return fmt.Errorf("%w: meili: task %d (%s on %s) not finished after %s",
		search.ErrUnavailable, info.TaskUID, info.Type, info.IndexUID, time.Since(started).Round(time.Millisecond))
}
