package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/ocds"
)

// OpenBids opens a project's bids at its opening time: it moves the
// project from bidding_closed to opened under its row lock, decrypts each
// submitted bid, checks it against its receipt's hash, and publishes the
// opening record (bidders and prices) with an audit entry, all in one
// transaction. It returns false, changing nothing, when the project is not
// closed for bidding or its opening time has not come, so that a repeated
// or early call is a no-op. Bids never confirmed after a substantive edit
// are left out, as invalid.
func (s *BidService) OpenBids(ctx context.Context, projectID uuid.UUID) (bool, error) {
	opened := false
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		p, err := findProject(tx, projectID, true)
		if err != nil {
			return err
		}
		now := s.db.now()
		if p.Status != domain.StatusBiddingClosed || p.Timeline.OpeningAt == nil || now.Before(*p.Timeline.OpeningAt) {
			return nil
		}
		if err := tx.Exec(`UPDATE projects SET status = ?, updated_at = ? WHERE id = ? AND status = ?`,
			domain.StatusOpened, now, projectID, domain.StatusBiddingClosed).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE bids SET status = ?, updated_at = ? WHERE project_id = ? AND status = ?`,
			domain.BidInvalid, now, projectID, domain.BidNeedsConfirmation).Error; err != nil {
			return err
		}
		n, err := s.publishOpening(tx, p, now)
		if err != nil {
			return err
		}
		opened = true
		data := map[string]any{"bids": n, "opening_at": p.Timeline.OpeningAt.UTC()}
		if err := s.db.audit(tx, nil, ptr(p.BureauID), domain.AuditProjectOpened, "project", projectID.String(), data); err != nil {
			return err
		}
		if err := s.db.publishRelease(tx, projectID, ocds.TagTenderUpdate); err != nil {
			return err
		}
		return s.db.reindex(tx, domain.SearchProjects, projectID.String())
	})
	return opened, err
}

// publishOpening decrypts the submitted bids and writes the opening
// record, returning how many bids it holds. A bid whose content does not
// match its receipt is an integrity failure that stops the opening.
func (s *BidService) publishOpening(tx *gorm.DB, p *domain.Project, now time.Time) (int, error) {
	var rows []bidRow
	if err := tx.Where("project_id = ? AND status = ?", p.ID, domain.BidSubmitted).Order("submitted_at, id").Find(&rows).Error; err != nil {
		return 0, err
	}
	if len(rows) == 0 {
		return 0, nil
	}
	key, err := s.db.projectKey(tx, p.ID, false)
	if err != nil {
		return 0, err
	}
	names, err := orgNames(tx, rows)
	if err != nil {
		return 0, err
	}
	out := make([]openingRow, 0, len(rows))
	for i := range rows {
		r := &rows[i]
		plain, err := openBid(key, r.ID, p.ID, r.Nonce, r.Ciphertext)
		if err != nil {
			return 0, domain.Errorf(domain.EINTERNAL, "bid %s does not decrypt", r.ID)
		}
		content, err := domain.ParseCanonicalBid(plain)
		if err != nil {
			return 0, err
		}
		b := r.sealed()
		b.Content = content
		if _, sum, err := domain.CanonicalBidContent(b); err != nil || sum != r.ContentSHA256 {
			return 0, domain.Errorf(domain.EINTERNAL, "bid %s does not match its receipt", r.ID)
		}
		out = append(out, openingRow{BidID: r.ID, ProjectID: p.ID, OrganizationID: r.OrganizationID,
			OrganizationName: names[r.OrganizationID], ConsortiumMemberIDs: r.ConsortiumMemberIDs,
			PriceFen: content.PriceFen, ContentSHA256: r.ContentSHA256, SubmittedAt: r.SubmittedAt, OpenedAt: now})
	}
	return len(out), tx.CreateInBatches(out, 100).Error
}

// orgNames maps the bidders' ids to their names, in one query.
func orgNames(tx *gorm.DB, rows []bidRow) (map[uuid.UUID]string, error) {
	ids := make([]uuid.UUID, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.OrganizationID)
	}
	var named []struct {
		ID   uuid.UUID
		Name string
	}
	if err := tx.Table("organizations").Select("id, name").Where("id IN ?", ids).Scan(&named).Error; err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]string, len(named))
	for _, n := range named {
		out[n.ID] = n.Name
	}
	return out, nil
}
