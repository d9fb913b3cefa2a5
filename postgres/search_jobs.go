package postgres

import (
	"fmt"

	"gorm.io/gorm"

	"hutong/domain"
)

// reindex inserts, in the transaction of a change, the job that brings the
// entity's search document up to date after commit. The worker rebuilds
// the document from the database, so duplicate jobs are harmless and a
// job never carries stale content.
func (db *DB) reindex(tx *gorm.DB, typ, id string) error {
	stx, err := sqlTx(tx)
	if err != nil {
		return err
	}
	if _, err := db.river.InsertTx(tx.Statement.Context, stx, domain.IndexArgs{Type: typ, ID: id}, nil); err != nil {
		return fmt.Errorf("insert search_index job: %w", err)
	}
	return nil
}
