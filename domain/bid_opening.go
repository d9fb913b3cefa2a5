package domain

import (
	"time"

	"github.com/google/uuid"
)

// ProjectOpeningArgs is the job that opens a project's bids at its
// opening time. Closing bidding inserts it, in the same transaction, so a
// closed project is always followed by its opening.
type ProjectOpeningArgs struct {
	ProjectID uuid.UUID `json:"project_id"`
	OpeningAt time.Time `json:"opening_at"`
}

// Kind names the job for the queue.
func (ProjectOpeningArgs) Kind() string { return "project_opening" }
