package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// FindBidDocumentByID returns a document's details to whoever may read
// it: its bidder at any time, its project's bureau once its bid is in the
// opening record. Everyone else gets the answer an unused id gets.
func (s *BidDocumentService) FindBidDocumentByID(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.BidDocument, error) {
	_, doc, _, err := s.readable(s.db.conn(ctx), actor, id)
	return doc, err
}

// OpenBidDocument returns a document and its decrypted bytes, checked
// against the hash sealed with it, to whoever may read it.
func (s *BidDocumentService) OpenBidDocument(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.BidDocument, []byte, error) {
	row, doc, key, err := s.readable(s.db.conn(ctx), actor, id)
	if err != nil {
		return nil, nil, err
	}
	sealed, err := s.blobs.Get(ctx, row.BlobKey)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil, domain.Errorf(domain.EINTERNAL, "bid document %s has no blob", id)
	} else if err != nil {
		return nil, nil, err
	}
	data, err := openDoc(key, "data", row.ID, row.ProjectID, sealed)
	if err != nil || sha256Hex(data) != doc.SHA256 {
		return nil, nil, domain.Errorf(domain.EINTERNAL, "bid document %s does not match its hash", id)
	}
	return doc, data, nil
}

// readable loads and decrypts a document the actor may read, with the
// project key to open its bytes.
func (s *BidDocumentService) readable(q *gorm.DB, actor *domain.Actor, id uuid.UUID) (*bidDocumentRow, *domain.BidDocument, []byte, error) {
	if actor.Anonymous() {
		return nil, nil, nil, docNotFound()
	}
	var rows []bidDocumentRow
	if err := q.Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		return nil, nil, nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, nil, nil, docNotFound()
	}
	row := &rows[0]
	ok, err := s.mayRead(q, actor, row.ProjectID, row.OrganizationID, row.BidID)
	if err != nil || !ok {
		return nil, nil, nil, firstErr(err, docNotFound())
	}
	key, err := s.db.projectKey(q, row.ProjectID, false)
	if err != nil {
		return nil, nil, nil, err
	}
	doc, err := row.domain(key)
	return row, doc, key, err
}

// mayRead applies domain.CanReadBidDocument to a document of bidder on a
// project, named by bidID (nil: by no bid).
func (s *BidDocumentService) mayRead(q *gorm.DB, actor *domain.Actor, projectID, bidder uuid.UUID, bidID *uuid.UUID) (bool, error) {
	org, err := findOrg(q, bidder)
	if err != nil {
		return false, err
	}
	var bureau uuid.UUID
	if err := q.Table("projects").Select("bureau_id").Where("id = ?", projectID).Row().Scan(&bureau); err != nil {
		return false, err
	}
	inOpening := false
	if bidID != nil {
		var n int64
		if err := q.Table("bid_openings").Where("bid_id = ?", *bidID).Count(&n).Error; err != nil {
			return false, err
		}
		inOpening = n > 0
	}
	return domain.CanReadBidDocument(actor, org, bureau, inOpening), nil
}

// FindBidDocuments lists the documents a bid names to whoever may read
// them; for anyone else the bid does not exist.
func (s *BidDocumentService) FindBidDocuments(ctx context.Context, actor *domain.Actor, bidID uuid.UUID) ([]*domain.BidDocument, error) {
	q := s.db.conn(ctx)
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.ENOTFOUND, "bid not found")
	}
	bid, err := findBidRow(q, bidID)
	if err != nil {
		return nil, err
	}
	ok, err := s.mayRead(q, actor, bid.ProjectID, bid.OrganizationID, &bid.ID)
	if err != nil || !ok {
		return nil, firstErr(err, domain.Errorf(domain.ENOTFOUND, "bid not found"))
	}
	var rows []bidDocumentRow
	if err := q.Where("bid_id = ?", bidID).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	return s.db.docsOf(q, bid.ProjectID, rows)
}

// FindMyBidDocuments lists the documents the actor's organisations (those
// it may bid for) uploaded for a project, oldest first.
func (s *BidDocumentService) FindMyBidDocuments(ctx context.Context, actor *domain.Actor, projectID uuid.UUID) ([]*domain.BidDocument, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	q := s.db.conn(ctx)
	p, err := findProject(q, projectID, false)
	if err != nil {
		return nil, err
	}
	if !p.VisibleTo(actor) {
		return nil, domain.Errorf(domain.ENOTFOUND, "project not found")
	}
	var orgs []uuid.UUID
	for _, m := range actor.Memberships {
		if actor.HasRole(m.OrganizationID, domain.RoleOwner, domain.RoleAdmin, domain.RoleStaff) {
			orgs = append(orgs, m.OrganizationID)
		}
	}
	if len(orgs) == 0 {
		return []*domain.BidDocument{}, nil
	}
	var rows []bidDocumentRow
	err = q.Where("project_id = ? AND organization_id IN ?", projectID, orgs).Order("created_at, id").Find(&rows).Error
	if err != nil {
		return nil, mapError(err)
	}
	return s.db.docsOf(q, projectID, rows)
}

// firstErr returns err, or otherwise fallback.
func firstErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}
