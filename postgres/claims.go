package postgres

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/blobstore"
	"hutong/domain"
)

// ClaimService runs in-kind claims and the delivery of wishes. Each step
// locks the wish row, so a claim, a cash hold and a release cannot cross.
type ClaimService struct {
	db    *DB
	blobs *blobstore.Store
}

var _ domain.ClaimService = (*ClaimService)(nil)

// NewClaimService returns the claim service; blobs keeps the delivery
// photos (nil refuses them with 503).
func NewClaimService(db *DB, blobs *blobstore.Store) *ClaimService {
	return &ClaimService{db: db, blobs: blobs}
}

// maxTrackingNote bounds the donor's tracking note, in characters.
const maxTrackingNote = 500

// ClaimWish claims a published goods wish for the actor.
func (s *ClaimService) ClaimWish(ctx context.Context, actor *domain.Actor, wishID uuid.UUID, in domain.ClaimInput) (*domain.Claim, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	name := strings.TrimSpace(in.DisplayName)
	if name == "" {
		name = actor.User.DisplayName
	}
	if len([]rune(name)) > 40 {
		return nil, domain.Invalid("display_name", "must be at most 40 characters")
	}
	var out *domain.Claim
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		w, err := findClaimWish(tx, wishID, true)
		if err != nil || !domain.WishStatus(w.Status).Public() {
			return domain.Errorf(domain.ENOTFOUND, "wish not found")
		}
		if w.Kind != string(domain.WishGoods) {
			return domain.Errorf(domain.ECONFLICT, "only a goods wish can be claimed in kind")
		}
		if w.Status != string(domain.WishPublished) || w.FundedFen > 0 || w.HeldFen > 0 {
			return domain.Errorf(domain.ECONFLICT, "the wish is already being claimed or funded")
		}
		now := s.db.now()
		row := claimRow{ID: domain.NewID(), WishID: w.ID, DonorID: actor.User.ID, DonorName: name, Anonymous: in.Anonymous,
			Status: string(domain.ClaimClaimed), Deadline: now.Add(domain.ClaimWindow), CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return mapError(err)
		}
		if err := moveClaimedWish(tx, w.ID, domain.WishPublished, domain.WishClaimed, now); err != nil {
			return err
		}
		out = row.domain(true)
		if err := s.db.audit(tx, actor, ptr(w.StationID), domain.AuditWishClaimed, "wish", w.ID.String(),
			map[string]any{"claim_id": row.ID}); err != nil {
			return err
		}
		if err := s.db.notifyMembers(tx, w.StationID, true, domain.NotifyWishClaimed,
			map[string]string{"wish": w.Title}, fulfilmentLink(w.ID)); err != nil {
			return err
		}
		if err := s.db.scheduleClaimJobs(tx, &row); err != nil {
			return err
		}
		return s.db.reindex(tx, "wishes", w.ID.String())
	})
	return out, err
}

// lockClaim locks a claim and its wish.
func lockClaim(tx *gorm.DB, id uuid.UUID) (*claimRow, *claimWish, error) {
	var c claimRow
	if err := tx.Take(&c, "id = ?", id).Error; err != nil {
		return nil, nil, mapError(err)
	}
	w, err := findClaimWish(tx, c.WishID, true)
	if err != nil {
		return nil, nil, err
	}
	if err := tx.Raw(`SELECT * FROM wish_claims WHERE id = ? FOR UPDATE`, id).Scan(&c).Error; err != nil {
		return nil, nil, mapError(err)
	}
	return &c, w, nil
}

// claimantStep runs a step only the claimant may take, from one claim
// status to the next.
func (s *ClaimService) claimantStep(ctx context.Context, actor *domain.Actor, id uuid.UUID,
	step func(tx *gorm.DB, c *claimRow, w *claimWish) error) (*domain.Claim, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	var out *domain.Claim
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		c, w, err := lockClaim(tx, id)
		if err != nil {
			return err
		}
		if c.DonorID != actor.User.ID {
			return domain.Errorf(domain.ENOTFOUND, "claim not found")
		}
		if err := step(tx, c, w); err != nil {
			return err
		}
		out = c.domain(true)
		return s.db.reindex(tx, "wishes", w.ID.String())
	})
	return out, err
}

// MarkBought records that the claimant bought and sent the goods.
func (s *ClaimService) MarkBought(ctx context.Context, actor *domain.Actor, id uuid.UUID, note string) (*domain.Claim, error) {
	note = strings.TrimSpace(note)
	if len([]rune(note)) > maxTrackingNote {
		return nil, domain.Invalid("tracking_note", "must be at most 500 characters")
	}
	return s.claimantStep(ctx, actor, id, func(tx *gorm.DB, c *claimRow, w *claimWish) error {
		if c.Status != string(domain.ClaimClaimed) {
			return domain.Errorf(domain.ECONFLICT, "the claim is %s", c.Status)
		}
		now := s.db.now()
		c.Status, c.TrackingNote, c.BoughtAt, c.UpdatedAt = string(domain.ClaimBought), note, &now, now
		if err := tx.Save(c).Error; err != nil {
			return mapError(err)
		}
		if err := moveClaimedWish(tx, w.ID, domain.WishClaimed, domain.WishPurchased, now); err != nil {
			return err
		}
		if err := s.db.audit(tx, actor, ptr(w.StationID), domain.AuditClaimBought, "wish", w.ID.String(),
			map[string]any{"claim_id": c.ID}); err != nil {
			return err
		}
		return s.db.notifyMembers(tx, w.StationID, true, domain.NotifyClaimBought,
			map[string]string{"wish": w.Title}, fulfilmentLink(w.ID))
	})
}

// CancelClaim gives the wish back before the claimant bought anything.
func (s *ClaimService) CancelClaim(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Claim, error) {
	return s.claimantStep(ctx, actor, id, func(tx *gorm.DB, c *claimRow, w *claimWish) error {
		if c.Status != string(domain.ClaimClaimed) {
			return domain.Errorf(domain.ECONFLICT, "the claim is %s: only a claim not yet bought can be cancelled", c.Status)
		}
		return s.release(tx, actor, c, w, domain.ClaimCancelled, domain.AuditClaimCancelled)
	})
}

// release ends a claim not bought and opens the wish again.
func (s *ClaimService) release(tx *gorm.DB, actor *domain.Actor, c *claimRow, w *claimWish, to domain.ClaimStatus, action string) error {
	now := s.db.now()
	c.Status, c.UpdatedAt = string(to), now
	if err := tx.Save(c).Error; err != nil {
		return mapError(err)
	}
	if err := moveClaimedWish(tx, w.ID, domain.WishClaimed, domain.WishPublished, now); err != nil {
		return err
	}
	return s.db.audit(tx, actor, ptr(w.StationID), action, "wish", w.ID.String(), map[string]any{"claim_id": c.ID})
}

// ReleaseClaim releases a claim still not bought at its deadline.
func (s *ClaimService) ReleaseClaim(ctx context.Context, id uuid.UUID) (bool, error) {
	released := false
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		c, w, err := lockClaim(tx, id)
		if err != nil {
			return ignoreNotFound(err)
		}
		if c.Status != string(domain.ClaimClaimed) || s.db.now().Before(c.Deadline) {
			return nil
		}
		if err := s.release(tx, nil, c, w, domain.ClaimReleased, domain.AuditClaimReleased); err != nil {
			return err
		}
		released = true
		if err := s.db.notify(tx, c.DonorID, domain.NotifyClaimReleased, map[string]string{"wish": w.Title}, fulfilmentLink(w.ID)); err != nil {
			return err
		}
		return s.db.reindex(tx, "wishes", w.ID.String())
	})
	return released, err
}

// RemindClaim reminds a claimant who has not bought yet.
func (s *ClaimService) RemindClaim(ctx context.Context, id uuid.UUID) (bool, error) {
	sent := false
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		c, w, err := lockClaim(tx, id)
		if err != nil || c.Status != string(domain.ClaimClaimed) {
			return ignoreNotFound(err)
		}
		sent = true
		return s.db.notify(tx, c.DonorID, domain.NotifyClaimReminder,
			map[string]string{"wish": w.Title, "deadline": c.Deadline.In(domain.Shanghai).Format("2006-01-02 15:04")}, fulfilmentLink(w.ID))
	})
	return sent, err
}

// FindClaims lists a wish's claims: in full to the station, the donor's
// own in full to them, names only to everyone else.
func (s *ClaimService) FindClaims(ctx context.Context, actor *domain.Actor, wishID uuid.UUID) ([]*domain.Claim, error) {
	q := s.db.conn(ctx)
	w, err := findClaimWish(q, wishID, false)
	if err != nil || !domain.WishStatus(w.Status).Public() && actor.Membership(w.StationID) == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "wish not found")
	}
	var rows []claimRow
	if err := q.Where("wish_id = ?", wishID).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	station := actor.Membership(w.StationID) != nil
	out := make([]*domain.Claim, 0, len(rows))
	for i := range rows {
		mine := !actor.Anonymous() && rows[i].DonorID == actor.User.ID
		out = append(out, rows[i].domain(station || mine))
	}
	return out, nil
}
