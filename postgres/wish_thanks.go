package postgres

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

var _ domain.WishThanker = (*WishService)(nil)

// ThankWish posts the child's thanks on a delivered wish after the
// privacy check, and tells everyone who gave or claimed.
func (s *WishService) ThankWish(ctx context.Context, actor *domain.Actor, id uuid.UUID, note string) (*domain.Wish, error) {
	note = strings.TrimSpace(note)
	if n := len([]rune(note)); n < domain.ThanksMinRunes || n > domain.ThanksMaxRunes {
		return nil, domain.Invalid("thanks_note", "must be 5 to 500 characters")
	}
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		w, station, err := lockWishFor(tx, actor, id, domain.ActionWishWrite)
		if err != nil {
			return err
		}
		if w.Status != string(domain.WishDelivered) {
			return domain.Errorf(domain.ECONFLICT, "the wish is %s: thanks are posted once it is delivered", w.Status)
		}
		c, err := findChildRow(tx, w.ChildID, false)
		if err != nil {
			return err
		}
		key, err := s.db.childKey()
		if err != nil {
			return err
		}
		check := domain.PrivacyCheck{Key: key, NameHash: c.NameHash, NameLen: c.NameLen}
		if err := check.CheckFields(map[string]string{"thanks_note": note}, "thanks_note"); err != nil {
			return err
		}
		now := s.db.now()
		if err := tx.Exec(`UPDATE wishes SET status = 'thanked', thanks_note = ?, thanked_at = ?, updated_at = ? WHERE id = ?`,
			note, now, now, w.ID).Error; err != nil {
			return mapError(err)
		}
		if err := s.db.audit(tx, actor, ptr(station.ID), domain.AuditWishThanked, "wish", w.ID.String(), nil); err != nil {
			return err
		}
		if err := s.notifyGivers(tx, w.ID, w.Title); err != nil {
			return err
		}
		return s.db.reindex(tx, "wishes", w.ID.String())
	})
	if err != nil {
		return nil, err
	}
	return s.FindWishByID(ctx, actor, id)
}

// notifyGivers tells the signed-in donors and claimants of a wish, once
// each.
func (s *WishService) notifyGivers(tx *gorm.DB, wishID uuid.UUID, title string) error {
	var users []uuid.UUID
	if err := tx.Raw(`SELECT donor_id FROM donations WHERE wish_id = ? AND donor_id IS NOT NULL AND status <> 'pending'
		UNION SELECT donor_id FROM wish_claims WHERE wish_id = ? AND status = 'delivered'`, wishID, wishID).Scan(&users).Error; err != nil {
		return mapError(err)
	}
	for _, u := range users {
		if err := s.db.notify(tx, u, domain.NotifyWishThanks, map[string]string{"wish": title}, "/wishes/"+wishID.String()); err != nil {
			return err
		}
	}
	return nil
}

// CloseWish closes a delivered or thanked wish: its story is complete.
func (s *WishService) CloseWish(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Wish, error) {
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		w, station, err := lockWishFor(tx, actor, id, domain.ActionWishWrite)
		if err != nil {
			return err
		}
		if w.Status != string(domain.WishDelivered) && w.Status != string(domain.WishThanked) {
			return domain.Errorf(domain.ECONFLICT, "the wish is %s: only a delivered wish is closed", w.Status)
		}
		if err := tx.Exec(`UPDATE wishes SET status = 'closed', updated_at = ? WHERE id = ?`, s.db.now(), w.ID).Error; err != nil {
			return mapError(err)
		}
		if err := s.db.audit(tx, actor, ptr(station.ID), domain.AuditWishClosed, "wish", w.ID.String(), nil); err != nil {
			return err
		}
		return s.db.reindex(tx, "wishes", w.ID.String())
	})
	if err != nil {
		return nil, err
	}
	return s.FindWishByID(ctx, actor, id)
}
