package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// SynonymService keeps the search synonyms as rows, one group per row.
type SynonymService struct{ db *DB }

var _ domain.SynonymService = (*SynonymService)(nil)

// NewSynonymService returns the synonym service.
func NewSynonymService(db *DB) *SynonymService { return &SynonymService{db: db} }

// synonymRow is one group of search_synonyms (migrations/00003).
type synonymRow struct {
	ID        uuid.UUID `gorm:"primaryKey"`
	Words     textArray
	UpdatedAt time.Time
}

func (synonymRow) TableName() string { return "search_synonyms" }

// FindSynonyms returns every group in the order it was saved: ids are
// UUID v7, generated in order when a list is saved.
func (s *SynonymService) FindSynonyms(ctx context.Context) ([][]string, error) {
	return findSynonyms(s.db.conn(ctx))
}

func findSynonyms(q *gorm.DB) ([][]string, error) {
	var rows []synonymRow
	if err := q.Order("id").Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = []string(r.Words)
	}
	return out, nil
}

// ReplaceSynonyms replaces the whole list, audits it and inserts the job
// that applies it to the index, in one transaction. Only a platform admin
// may (domain.Can).
func (s *SynonymService) ReplaceSynonyms(ctx context.Context, actor *domain.Actor, groups [][]string) ([][]string, error) {
	if err := domain.Can(actor, domain.ActionSearchSynonyms, nil); err != nil {
		return nil, err
	}
	groups, err := domain.NormalizeSynonyms(groups)
	if err != nil {
		return nil, err
	}
	var saved [][]string
	err = s.db.tx(ctx, func(tx *gorm.DB) error {
		// Writers take turns, so that two admins saving at once cannot
		// leave both lists merged; readers are not blocked.
		if err := tx.Exec("LOCK TABLE search_synonyms IN SHARE ROW EXCLUSIVE MODE").Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM search_synonyms").Error; err != nil {
			return err
		}
		if err := insertSynonyms(tx, groups); err != nil {
			return err
		}
		data := map[string]any{"groups": groups}
		if err := s.db.audit(tx, actor, nil, domain.AuditSearchSynonymsReplaced, "search_synonyms", "", data); err != nil {
			return err
		}
		if err := s.db.applySearchSettings(tx); err != nil {
			return err
		}
		saved, err = findSynonyms(tx)
		return err
	})
	return saved, err
}

func insertSynonyms(tx *gorm.DB, groups [][]string) error {
	if len(groups) == 0 {
		return nil
	}
	rows := make([]synonymRow, len(groups))
	for i, g := range groups {
		rows[i] = synonymRow{ID: domain.NewID(), Words: textArray(g)}
	}
	return tx.Create(&rows).Error
}

// applySearchSettings inserts, in the transaction of a change to the
// index settings, the job that applies them to every search type.
func (db *DB) applySearchSettings(tx *gorm.DB) error {
	stx, err := sqlTx(tx)
	if err != nil {
		return err
	}
	if _, err := db.river.InsertTx(tx.Statement.Context, stx, domain.SearchSettingsArgs{}, nil); err != nil {
		return fmt.Errorf("insert search_settings job: %w", err)
	}
	return nil
}
