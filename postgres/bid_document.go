package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// BidDocumentService keeps the documents of sealed bids: bytes sealed
// under the project's data key in blob storage, details sealed in
// bid_documents. A blob is written before its row, inside the row's
// transaction, and deleted again when the transaction fails, so that no
// row ever points at a missing file; rows are deleted before their blobs
// for the same reason.
type BidDocumentService struct {
	db    *DB
	blobs domain.BlobStore
}

var _ domain.BidDocumentService = (*BidDocumentService)(nil)

// NewBidDocumentService returns the document service over blobs.
func NewBidDocumentService(db *DB, blobs domain.BlobStore) *BidDocumentService {
	return &BidDocumentService{db: db, blobs: blobs}
}

// UploadBidDocument checks, seals and stores one file for the
// organisation's bid on a project, under the project's row lock so that
// an upload racing the deadline is wholly before it or refused.
func (s *BidDocumentService) UploadBidDocument(ctx context.Context, actor *domain.Actor, projectID uuid.UUID, in domain.BidDocumentUpload) (*domain.BidDocument, error) {
	if in.OrganizationID == uuid.Nil {
		return nil, domain.Invalid("organization_id", "is required")
	}
	contentType, name, err := in.CheckDocument()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(in.Data)
	meta := docMeta{Name: name, ContentType: contentType, Size: int64(len(in.Data)), SHA256: hex.EncodeToString(sum[:])}
	row := bidDocumentRow{ID: domain.NewID(), ProjectID: projectID, OrganizationID: in.OrganizationID}
	row.BlobKey = blobKeyOf(projectID, row.ID)
	written := false
	var doc *domain.BidDocument
	err = s.db.tx(ctx, func(tx *gorm.DB) error {
		key, err := s.lockForUpload(tx, actor, projectID, in.OrganizationID)
		if err != nil {
			return err
		}
		if row.SealedMeta, err = sealMeta(key, &row, meta); err != nil {
			return err
		}
		sealed, err := sealDoc(key, "data", row.ID, projectID, in.Data)
		if err != nil {
			return err
		}
		if err := s.blobs.Put(ctx, row.BlobKey, sealed); err != nil {
			return err
		}
		written, row.CreatedAt = true, s.db.now()
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		doc, err = row.domain(key)
		return err
	})
	if err != nil && written {
		s.dropBlob(ctx, row.BlobKey)
	}
	return doc, err
}

// lockForUpload locks the project and checks, as a bid submission does,
// that the actor may bid for the organisation, that bidding is open and
// that the organisation is eligible; it returns the project's data key.
func (s *BidDocumentService) lockForUpload(tx *gorm.DB, actor *domain.Actor, projectID, orgID uuid.UUID) ([]byte, error) {
	p, org, err := (&BidService{db: s.db}).lockForBidder(tx, actor, projectID, orgID, domain.ActionBidSubmit)
	if err != nil {
		return nil, err
	}
	if err := domain.CheckBiddingOpen(p, s.db.now()); err != nil {
		return nil, err
	}
	if err := domain.CheckBidEligibility(p, org, nil); err != nil {
		return nil, err
	}
	var n int64
	if err := tx.Model(&bidDocumentRow{}).Where("project_id = ? AND organization_id = ?", projectID, orgID).Count(&n).Error; err != nil {
		return nil, err
	}
	if n >= domain.BidDocumentUploadsMax {
		return nil, domain.Errorf(domain.ECONFLICT, "at most %d documents may be uploaded for one project; delete unused ones first", domain.BidDocumentUploadsMax)
	}
	return s.db.projectKey(tx, projectID, true)
}

// sealMeta seals a document's details for its row.
func sealMeta(key []byte, row *bidDocumentRow, m docMeta) ([]byte, error) {
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return sealDoc(key, "meta", row.ID, row.ProjectID, raw)
}

// dropBlob deletes a blob whose row was never written or is gone. It runs
// even when the request was cancelled; a failure leaves an orphan blob
// (sealed, and pointed at by nothing), which is logged by its key's
// document-free prefix only.
func (s *BidDocumentService) dropBlob(ctx context.Context, key string) {
	if err := s.blobs.Delete(context.WithoutCancel(ctx), key); err != nil {
		s.db.opts.Logger.Error("bid documents: an unreferenced sealed blob could not be deleted", "err", domain.ErrorCode(err))
	}
}

// DeleteBidDocument deletes an upload no live bid names, while bidding
// is open: the row first, then (after the commit) its blob.
func (s *BidDocumentService) DeleteBidDocument(ctx context.Context, actor *domain.Actor, id uuid.UUID) error {
	var key string
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		row, err := s.ownDocument(tx, actor, id)
		if err != nil {
			return err
		}
		p, err := findProject(tx, row.ProjectID, true)
		if err != nil {
			return err
		}
		if err := domain.CheckBiddingOpen(p, s.db.now()); err != nil {
			return err
		}
		if err := tx.Clauses(lockingOf("bid_documents")).Where("id = ?", id).Take(row).Error; err != nil {
			return mapError(err)
		}
		if live, err := liveBid(tx, row.BidID); err != nil {
			return err
		} else if live {
			return domain.Errorf(domain.ECONFLICT, "your bid names this document; submit the bid again without it first")
		}
		key = row.BlobKey
		return tx.Delete(&bidDocumentRow{}, "id = ?", id).Error
	})
	if err == nil {
		s.dropBlob(ctx, key)
	}
	return err
}

// ownDocument loads a document the actor may bid for; for anyone else it
// does not exist.
func (s *BidDocumentService) ownDocument(q *gorm.DB, actor *domain.Actor, id uuid.UUID) (*bidDocumentRow, error) {
	var row bidDocumentRow
	if err := q.Where("id = ?", id).Take(&row).Error; err != nil {
		if domain.ErrorCode(mapError(err)) == domain.ENOTFOUND {
			return nil, docNotFound()
		}
		return nil, err
	}
	if actor.Membership(row.OrganizationID) == nil {
		return nil, docNotFound()
	}
	org, err := findOrg(q, row.OrganizationID)
	if err != nil {
		return nil, err
	}
	if domain.Can(actor, domain.ActionBidSubmit, org) != nil {
		return nil, docNotFound()
	}
	return &row, nil
}

// liveBid reports whether bidID names a submitted bid, or one awaiting
// confirmation.
func liveBid(q *gorm.DB, bidID *uuid.UUID) (bool, error) {
	if bidID == nil {
		return false, nil
	}
	var n int64
	err := q.Model(&bidRow{}).Where("id = ? AND status IN ?", *bidID,
		[]domain.BidStatus{domain.BidSubmitted, domain.BidNeedsConfirmation}).Count(&n).Error
	return n > 0, err
}
