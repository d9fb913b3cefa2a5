package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// PublishOCDSRelease publishes a release of the project in its own
// transaction, as the hooks inside the services do, for tests of stages
// whose services are tested apart from their hooks.
func (db *DB) PublishOCDSRelease(ctx context.Context, projectID uuid.UUID, tags ...string) error {
	return db.tx(ctx, func(tx *gorm.DB) error { return db.publishRelease(tx, projectID, tags...) })
}
