package postgres

import (
	"context"
	"slices"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// BidService takes sealed bids: each submission is encrypted under its
// project's data key before it reaches the table, audited by its hash
// only, and decided under the project's row lock so that a bid racing the
// deadline job is either wholly in or wholly out.
type BidService struct{ db *DB }

var _ domain.BidService = (*BidService)(nil)

// NewBidService returns the bid service.
func NewBidService(db *DB) *BidService { return &BidService{db: db} }

// SubmitBid seals and stores the bidder's one live bid on a project,
// replacing an earlier one with a new receipt. The project's row is
// locked first, as CloseBidding's update locks it, so the deadline check
// and the write happen wholly before or wholly after the close.
func (s *BidService) SubmitBid(ctx context.Context, actor *domain.Actor, projectID uuid.UUID, in domain.BidInput) (*domain.Bid, error) {
	if in.OrganizationID == uuid.Nil {
		return nil, domain.Invalid("organization_id", "is required")
	}
	var bid *domain.Bid
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		p, org, err := s.lockForBidder(tx, actor, projectID, in.OrganizationID, domain.ActionBidSubmit)
		if err != nil {
			return err
		}
		if err := domain.CheckBiddingOpen(p, s.db.now()); err != nil {
			return err
		}
		if err := in.Normalize(p.BudgetFen); err != nil {
			return err
		}
		members, err := consortiumMembers(tx, org, in.ConsortiumMemberIDs)
		if err != nil {
			return err
		}
		if err := domain.CheckBidEligibility(p, org, members); err != nil {
			return err
		}
		if err := checkFailedGrades(tx, p, org, members, s.db.now()); err != nil {
			return err
		}
		bid, err = s.store(tx, actor, p, in)
		return err
	})
	return bid, err
}

// lockForBidder locks a project the actor may see and checks that the
// actor may act for the bidding organisation.
func (s *BidService) lockForBidder(tx *gorm.DB, actor *domain.Actor, projectID, orgID uuid.UUID, action domain.Action) (*domain.Project, *domain.Organization, error) {
	p, err := findProject(tx, projectID, true)
	if err != nil {
		return nil, nil, err
	}
	if !p.VisibleTo(actor) {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "project not found")
	}
	org, err := findOrg(tx, orgID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil, domain.Invalid("organization_id", "no such organization")
	} else if err != nil {
		return nil, nil, err
	}
	return p, org, domain.Can(actor, action, org)
}

// consortiumMembers loads the named members of an alliance's consortium;
// each must be a confirmed member of the alliance.
func consortiumMembers(tx *gorm.DB, alliance *domain.Organization, ids []uuid.UUID) ([]*domain.Organization, error) {
	out := make([]*domain.Organization, 0, len(ids))
	for _, id := range ids {
		var n int64
		err := tx.Table("alliance_members").Where("alliance_id = ? AND organization_id = ? AND status = ?",
			alliance.ID, id, domain.AllianceConfirmed).Count(&n).Error
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, domain.Errorf(domain.EFORBIDDEN, "rule consortium: %s is not a confirmed member of the alliance", id)
		}
		m, err := findOrg(tx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// store seals the bid and writes it over any earlier bid of the same
// organisation, then audits the new receipt's hash (never the content).
func (s *BidService) store(tx *gorm.DB, actor *domain.Actor, p *domain.Project, in domain.BidInput) (*domain.Bid, error) {
	now := s.db.now()
	var rows []bidRow
	if err := tx.Where("project_id = ? AND organization_id = ?", p.ID, in.OrganizationID).Limit(1).Find(&rows).Error; err != nil {
		return nil, err
	}
	row, replaced := bidRow{ID: domain.NewID(), CreatedAt: now}, len(rows) == 1
	if replaced {
		row = rows[0]
	}
	content := in.Content()
	key, err := s.db.projectKey(tx, p.ID, true)
	if err != nil {
		return nil, err
	}
	if content.Documents, err = docRefs(tx, key, p.ID, in.OrganizationID, in.DocumentIDs); err != nil {
		return nil, err
	}
	bid := &domain.Bid{ID: row.ID, ProjectID: p.ID, OrganizationID: in.OrganizationID,
		ConsortiumMemberIDs: in.ConsortiumMemberIDs, Content: &content, Receipt: domain.BidReceipt{SubmittedAt: now}}
	plain, sum, err := domain.CanonicalBidContent(bid)
	if err != nil {
		return nil, err
	}
	nonce, sealed, err := sealBid(key, row.ID, p.ID, plain)
	if err != nil {
		return nil, err
	}
	row = bidRow{ID: row.ID, ProjectID: p.ID, OrganizationID: in.OrganizationID,
		ConsortiumMemberIDs: jsonb[[]uuid.UUID]{in.ConsortiumMemberIDs}, Status: string(domain.BidSubmitted),
		ContentSHA256: sum, Nonce: nonce, Ciphertext: sealed, SubmittedAt: now, CreatedAt: row.CreatedAt, UpdatedAt: now}
	if err := writeBid(tx, &row, replaced); err != nil {
		return nil, err
	}
	if err := attachDocs(tx, row.ID, in.DocumentIDs); err != nil {
		return nil, err
	}
	data := map[string]any{"content_sha256": sum, "replaced": replaced}
	if err := s.db.audit(tx, actor, ptr(in.OrganizationID), domain.AuditBidSubmitted, "bid", row.ID.String(), data); err != nil {
		return nil, err
	}
	return row.sealed(), nil
}

// WithdrawBid withdraws a live bid before the deadline, under the same
// project lock as a submission.
func (s *BidService) WithdrawBid(ctx context.Context, actor *domain.Actor, bidID uuid.UUID) (*domain.Bid, error) {
	var bid *domain.Bid
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		row, err := s.visibleBid(tx, actor, bidID, domain.ActionBidWithdraw)
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
		if row, err = findBidRow(tx, bidID); err != nil {
			return err
		}
		if !row.sealed().Live() {
			return domain.Errorf(domain.ECONFLICT, "the bid is %s", row.Status)
		}
		now := s.db.now()
		if err := tx.Model(&bidRow{ID: bidID}).Updates(map[string]any{"status": domain.BidWithdrawn, "updated_at": now}).Error; err != nil {
			return err
		}
		if err := attachDocs(tx, bidID, nil); err != nil {
			return err
		}
		row.Status, row.UpdatedAt = string(domain.BidWithdrawn), now
		bid = row.sealed()
		data := map[string]any{"content_sha256": row.ContentSHA256}
		return s.db.audit(tx, actor, ptr(row.OrganizationID), domain.AuditBidWithdrawn, "bid", bidID.String(), data)
	})
	return bid, err
}

// visibleBid loads a bid the actor may act on for its organisation; for
// anyone else the bid does not exist.
func (s *BidService) visibleBid(q *gorm.DB, actor *domain.Actor, bidID uuid.UUID, action domain.Action) (*bidRow, error) {
	row, err := findBidRow(q, bidID)
	if err != nil {
		return nil, err
	}
	if actor.Anonymous() || actor.Membership(row.OrganizationID) == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "bid not found")
	}
	org, err := findOrg(q, row.OrganizationID)
	if err != nil {
		return nil, err
	}
	if err := domain.Can(actor, action, org); err != nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "bid not found")
	}
	return row, nil
}

// FindBidByID returns a bid, sealed, to its organisation's members.
func (s *BidService) FindBidByID(ctx context.Context, actor *domain.Actor, bidID uuid.UUID) (*domain.Bid, error) {
	row, err := s.visibleBid(s.db.conn(ctx), actor, bidID, domain.ActionBidView)
	if err != nil {
		return nil, err
	}
	return row.sealed(), nil
}

// FindBidReceipt returns a bid's receipt to its organisation's members.
func (s *BidService) FindBidReceipt(ctx context.Context, actor *domain.Actor, bidID uuid.UUID) (*domain.BidReceipt, error) {
	b, err := s.FindBidByID(ctx, actor, bidID)
	if err != nil {
		return nil, err
	}
	return &b.Receipt, nil
}

// FindMyBids lists, sealed and newest first, the bids of the
// organisations the actor may bid for.
func (s *BidService) FindMyBids(ctx context.Context, actor *domain.Actor, projectID *uuid.UUID) ([]*domain.Bid, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	var orgs []uuid.UUID
	for _, m := range actor.Memberships {
		if actor.HasRole(m.OrganizationID, domain.RoleOwner, domain.RoleAdmin, domain.RoleStaff) {
			orgs = append(orgs, m.OrganizationID)
		}
	}
	if len(orgs) == 0 {
		return []*domain.Bid{}, nil
	}
	q := s.db.conn(ctx).Where("organization_id IN ?", orgs)
	if projectID != nil {
		q = q.Where("project_id = ?", *projectID)
	}
	var rows []bidRow
	if err := q.Order("submitted_at DESC, id DESC").Limit(500).Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	out := make([]*domain.Bid, 0, len(rows))
	for i := range rows {
		out = append(out, rows[i].sealed())
	}
	return out, nil
}

// FindOpening returns the opening record of a project that has been
// opened; before then it is ENOTFOUND, saying nothing about any bid.
func (s *BidService) FindOpening(ctx context.Context, actor *domain.Actor, projectID uuid.UUID) ([]*domain.OpenedBid, error) {
	q := s.db.conn(ctx)
	p, err := findProject(q, projectID, false)
	if err != nil {
		return nil, err
	}
	if !p.VisibleTo(actor) || !slices.Contains(openedStatuses, p.Status) && !s.hasOpening(q, projectID) {
		return nil, domain.Errorf(domain.ENOTFOUND, "no opening record")
	}
	var rows []openingRow
	if err := q.Where("project_id = ?", projectID).Order("price_fen, submitted_at, bid_id").Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	out := make([]*domain.OpenedBid, 0, len(rows))
	for i := range rows {
		out = append(out, rows[i].domain())
	}
	return out, nil
}

// hasOpening reports whether a project that has since failed or been
// cancelled was opened first, so that its record stays public.
func (s *BidService) hasOpening(q *gorm.DB, projectID uuid.UUID) bool {
	var n int64
	q.Table("bid_openings").Where("project_id = ?", projectID).Count(&n)
	return n > 0
}

// writeBid inserts a first bid or overwrites the organisation's earlier
// one in place, keeping its id.
func writeBid(tx *gorm.DB, row *bidRow, replace bool) error {
	if replace {
		return tx.Select("*").Updates(row).Error
	}
	return tx.Create(row).Error
}
