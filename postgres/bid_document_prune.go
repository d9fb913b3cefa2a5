package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// prunableDocs selects the documents no live bid can name any more: on a
// project past its bid deadline (or no longer taking bids), named by no
// bid or by a withdrawn or invalid one. A bid awaiting confirmation keeps
// its documents until the opening decides it.
const prunableDocs = `SELECT d.id, d.blob_key FROM bid_documents d
JOIN projects p ON p.id = d.project_id
LEFT JOIN bids b ON b.id = d.bid_id
WHERE (p.status <> 'published' OR p.bid_deadline <= ?)
  AND (d.bid_id IS NULL OR b.status IN ('withdrawn', 'invalid'))
ORDER BY d.id LIMIT 500
FOR UPDATE OF d SKIP LOCKED`

// PruneBidDocuments deletes the documents no live bid names once bidding
// has closed, in batches: the rows in one transaction, then their blobs,
// so that no row ever points at a deleted blob.
func (s *BidDocumentService) PruneBidDocuments(ctx context.Context) (int, error) {
	total := 0
	for {
		var gone []struct {
			ID      uuid.UUID
			BlobKey string
		}
		err := s.db.tx(ctx, func(tx *gorm.DB) error {
			if err := tx.Raw(prunableDocs, s.db.now()).Scan(&gone).Error; err != nil {
				return err
			}
			ids := make([]uuid.UUID, 0, len(gone))
			for _, g := range gone {
				ids = append(ids, g.ID)
			}
			if len(ids) == 0 {
				return nil
			}
			return tx.Delete(&bidDocumentRow{}, "id IN ?", ids).Error
		})
		if err != nil {
			return total, err
		}
		for _, g := range gone {
			s.dropBlob(ctx, g.BlobKey)
		}
		total += len(gone)
		if len(gone) < 500 {
			return total, nil
		}
	}
}

// RunPruner prunes every interval until ctx ends, logging failures; the
// worker process runs it beside the River jobs. Any number may run: each
// batch skips rows another pruner holds.
func (s *BidDocumentService) RunPruner(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.PruneBidDocuments(ctx); err != nil && ctx.Err() == nil {
			s.db.opts.Logger.Error("bid documents: prune failed", "err", err)
		} else if n > 0 {
			s.db.opts.Logger.Info("bid documents: pruned", "documents", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// docRefs resolves the documents a bid input names: each must be the
// bidder's own upload on this project, named by no other bid. It returns
// their references for the sealed content, decrypted with key.
func docRefs(tx *gorm.DB, key []byte, projectID, orgID uuid.UUID, ids []uuid.UUID) ([]domain.BidDocumentRef, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []bidDocumentRow
	err := tx.Clauses(lockingOf("bid_documents")).Where("id IN ? AND project_id = ? AND organization_id = ?", ids, projectID, orgID).
		Order("id").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	if len(rows) != len(ids) {
		return nil, domain.Invalid("document_ids", "must name documents uploaded for this bid")
	}
	out := make([]domain.BidDocumentRef, 0, len(rows))
	for i := range rows {
		d, err := rows[i].domain(key)
		if err != nil {
			return nil, err
		}
		out = append(out, d.Ref())
	}
	return out, nil
}

// attachDocs points the named documents at the bid and lets go of those
// an earlier submission named, which the prune removes after the
// deadline unless a later submission names them again.
func attachDocs(tx *gorm.DB, bidID uuid.UUID, ids []uuid.UUID) error {
	q := tx.Model(&bidDocumentRow{}).Where("bid_id = ?", bidID)
	if len(ids) > 0 {
		q = q.Where("id NOT IN ?", ids)
	}
	if err := q.Update("bid_id", nil).Error; err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	return tx.Model(&bidDocumentRow{}).Where("id IN ?", ids).Update("bid_id", bidID).Error
}
