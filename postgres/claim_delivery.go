package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// lockStationWish locks a wish and checks that the actor works for its
// station; a wish the actor cannot act on is ENOTFOUND unless public.
func lockStationWish(tx *gorm.DB, actor *domain.Actor, wishID uuid.UUID) (*claimWish, error) {
	w, err := findClaimWish(tx, wishID, true)
	if err != nil {
		return nil, err
	}
	station, err := findOrg(tx, w.StationID)
	if err != nil {
		return nil, err
	}
	if err := domain.Can(actor, domain.ActionWishWrite, station); err != nil {
		if !domain.WishStatus(w.Status).Public() && domain.ErrorCode(err) == domain.EFORBIDDEN {
			return nil, domain.Errorf(domain.ENOTFOUND, "wish not found")
		}
		return nil, err
	}
	return w, nil
}

// MarkReceived records that the claimed goods reached the station.
func (s *ClaimService) MarkReceived(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Claim, error) {
	var out *domain.Claim
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		c, _, err := lockClaim(tx, id)
		if err != nil {
			return err
		}
		w, err := lockStationWish(tx, actor, c.WishID)
		if err != nil {
			return err
		}
		if c.Status != string(domain.ClaimBought) {
			return domain.Errorf(domain.ECONFLICT, "the claim is %s: only bought goods can be received", c.Status)
		}
		now := s.db.now()
		c.Status, c.ReceivedAt, c.UpdatedAt = string(domain.ClaimReceived), &now, now
		if err := tx.Save(c).Error; err != nil {
			return mapError(err)
		}
		out = c.domain(true)
		return s.db.audit(tx, actor, ptr(w.StationID), domain.AuditClaimReceived, "wish", w.ID.String(), map[string]any{"claim_id": c.ID})
	})
	return out, err
}

// MarkPurchased records that the station bought what a cash-funded wish
// asked for.
func (s *ClaimService) MarkPurchased(ctx context.Context, actor *domain.Actor, wishID uuid.UUID) (*domain.Wish, error) {
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		w, err := lockStationWish(tx, actor, wishID)
		if err != nil {
			return err
		}
		if w.Status != string(domain.WishFunded) {
			return domain.Errorf(domain.ECONFLICT, "the wish is %s: only a funded wish is purchased by the station", w.Status)
		}
		if err := moveClaimedWish(tx, w.ID, domain.WishFunded, domain.WishPurchased, s.db.now()); err != nil {
			return err
		}
		if err := s.db.audit(tx, actor, ptr(w.StationID), domain.AuditWishPurchased, "wish", w.ID.String(), nil); err != nil {
			return err
		}
		return s.db.reindex(tx, "wishes", w.ID.String())
	})
	if err != nil {
		return nil, err
	}
	return &domain.Wish{ID: wishID, Status: domain.WishPurchased}, nil
}

// RecordDelivery stores the delivery photo, stripped of its metadata,
// and marks the wish delivered (and a received claim with it). The photo
// is written before its row, and deleted again if the row's transaction
// fails, so no row points at a missing file.
func (s *ClaimService) RecordDelivery(ctx context.Context, actor *domain.Actor, wishID uuid.UUID, in domain.DeliveryInput) (*domain.WishEvidence, error) {
	if s.blobs == nil {
		return nil, domain.Errorf(domain.EUNAVAILABLE, "photo storage is not configured")
	}
	in.Note = strings.TrimSpace(in.Note)
	var v domain.Validation
	v.Check(in.NoFaceConfirmed, "no_face_confirmed", "confirm that no child's face can be seen in the photo")
	v.Check(len([]rune(in.Note)) <= domain.MaxEvidenceNote, "note", "must be at most 500 characters")
	if err := v.Err(); err != nil {
		return nil, err
	}
	clean, ct, width, height, err := domain.CleanPhoto(in.Photo)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(clean)
	row := evidenceRow{ID: domain.NewID(), WishID: wishID, SHA256: hex.EncodeToString(sum[:]), ContentType: ct,
		Width: width, Height: height, Note: in.Note, NoFaceConfirmed: true, UploadedBy: actorID(actor)}
	row.BlobKey = "wish-evidence/" + wishID.String() + "/" + row.ID.String()
	stored := false
	err = s.db.tx(ctx, func(tx *gorm.DB) error {
		w, err := lockStationWish(tx, actor, wishID)
		if err != nil {
			return err
		}
		if w.Status != string(domain.WishPurchased) && w.Status != string(domain.WishDelivered) {
			return domain.Errorf(domain.ECONFLICT, "the wish is %s: it is delivered once purchased", w.Status)
		}
		if err := s.blobs.Put(ctx, row.BlobKey, clean); err != nil {
			return domain.Errorf(domain.EUNAVAILABLE, "the photo could not be stored; nothing was saved")
		}
		stored = true
		now := s.db.now()
		row.CreatedAt = now
		if err := tx.Create(&row).Error; err != nil {
			return mapError(err)
		}
		if err := s.deliver(tx, actor, w, now); err != nil {
			return err
		}
		return s.db.reindex(tx, "wishes", w.ID.String())
	})
	if err != nil {
		if stored {
			_ = s.blobs.Delete(context.WithoutCancel(ctx), row.BlobKey)
		}
		return nil, err
	}
	return row.domain(), nil
}

// deliver marks a purchased wish delivered, with its received claim, and
// tells the claimant; a second photo of a delivered wish changes nothing.
func (s *ClaimService) deliver(tx *gorm.DB, actor *domain.Actor, w *claimWish, now time.Time) error {
	if w.Status == string(domain.WishDelivered) {
		return nil
	}
	if err := moveClaimedWish(tx, w.ID, domain.WishPurchased, domain.WishDelivered, now); err != nil {
		return err
	}
	var claims []claimRow
	if err := tx.Where("wish_id = ? AND status IN ?", w.ID, []string{string(domain.ClaimBought), string(domain.ClaimReceived)}).
		Find(&claims).Error; err != nil {
		return mapError(err)
	}
	for i := range claims {
		c := &claims[i]
		c.Status, c.DeliveredAt, c.UpdatedAt = string(domain.ClaimDelivered), &now, now
		if err := tx.Save(c).Error; err != nil {
			return mapError(err)
		}
		if err := s.db.notify(tx, c.DonorID, domain.NotifyWishDelivered, map[string]string{"wish": w.Title}, fulfilmentLink(w.ID)); err != nil {
			return err
		}
	}
	return s.db.audit(tx, actor, ptr(w.StationID), domain.AuditWishDelivered, "wish", w.ID.String(), nil)
}

// FindEvidence lists a wish's delivery photos to anyone who may see it.
func (s *ClaimService) FindEvidence(ctx context.Context, actor *domain.Actor, wishID uuid.UUID) ([]*domain.WishEvidence, error) {
	q := s.db.conn(ctx)
	w, err := findClaimWish(q, wishID, false)
	if err != nil || !domain.WishStatus(w.Status).Public() && actor.Membership(w.StationID) == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "wish not found")
	}
	var rows []evidenceRow
	if err := q.Where("wish_id = ?", wishID).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	out := make([]*domain.WishEvidence, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// EvidencePhoto returns a delivery photo's bytes.
func (s *ClaimService) EvidencePhoto(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.WishEvidence, []byte, error) {
	if s.blobs == nil {
		return nil, nil, domain.Errorf(domain.EUNAVAILABLE, "photo storage is not configured")
	}
	q := s.db.conn(ctx)
	var row evidenceRow
	if err := q.Take(&row, "id = ?", id).Error; err != nil {
		return nil, nil, mapError(err)
	}
	w, err := findClaimWish(q, row.WishID, false)
	if err != nil || !domain.WishStatus(w.Status).Public() && actor.Membership(w.StationID) == nil {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "photo not found")
	}
	data, err := s.blobs.Get(ctx, row.BlobKey)
	if err != nil {
		return nil, nil, domain.Errorf(domain.EUNAVAILABLE, "the photo could not be read")
	}
	return row.domain(), data, nil
}
