package postgres

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// ConsentScopeWishes is the consent scope a wish needs to be published.
const ConsentScopeWishes = "wish_publication"

// checkPublishable runs, inside tx, what a wish must pass before review
// and again before publication: its content against its programme, the
// privacy check of its public text against the child's name hash, and a
// guardian consent in force.
func (db *DB) checkPublishable(tx *gorm.DB, w *wishRow) error {
	pr, err := findProgrammeRow(tx, w.ProgrammeID, false)
	if err != nil {
		return err
	}
	if pr.Status == string(domain.ProgrammeClosed) {
		return domain.Errorf(domain.ECONFLICT, "the programme is closed")
	}
	in := w.input()
	if err := in.Normalize(pr.domain(), domain.DateOf(db.now())); err != nil {
		return err
	}
	c, err := findChildRow(tx, w.ChildID, false)
	if err != nil {
		return err
	}
	key, err := db.childKey()
	if err != nil {
		return err
	}
	check := domain.PrivacyCheck{Key: key, NameHash: c.NameHash, NameLen: c.NameLen}
	fields, order := in.PrivacyFields()
	if err := check.CheckFields(fields, order...); err != nil {
		return err
	}
	children, err := childrenWithConsents(tx, []childRow{*c})
	if err != nil {
		return err
	}
	if !children[0].ConsentInForce(ConsentScopeWishes) {
		return domain.Invalid("child_id", "the child has no guardian consent in force to publish wishes (须有监护人同意书)")
	}
	return nil
}

// SubmitWish sends a draft to review once the privacy check and the
// consent check pass; the submitter is recorded for the four-eyes rule.
func (s *WishService) SubmitWish(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Wish, error) {
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		w, station, err := lockWishFor(tx, actor, id, domain.ActionWishWrite)
		if err != nil {
			return err
		}
		if w.Status != string(domain.WishDraft) {
			return domain.Errorf(domain.ECONFLICT, "only a draft wish can be submitted")
		}
		if err := s.db.checkPublishable(tx, w); err != nil {
			return err
		}
		err = tx.Exec(`UPDATE wishes SET status = 'in_review', submitted_by = ?, reviewed_by = NULL, updated_at = ? WHERE id = ?`,
			actorID(actor), s.db.now(), w.ID).Error
		if err != nil {
			return mapError(err)
		}
		return s.db.audit(tx, actor, ptr(station.ID), domain.AuditWishSubmitted, "wish", w.ID.String(), nil)
	})
	if err != nil {
		return nil, err
	}
	return s.FindWishByID(ctx, actor, id)
}

// ReviewWish publishes a wish in review or returns it to draft with a
// note. The reviewer must be another person than the submitter (four
// eyes); the checks run again, since the consent may have been revoked.
func (s *WishService) ReviewWish(ctx context.Context, actor *domain.Actor, id uuid.UUID, approve bool, note string) (*domain.Wish, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return nil, domain.Invalid("note", "must be at most 1000 characters")
	}
	if !approve && note == "" {
		return nil, domain.Invalid("note", "say what to change when returning a wish")
	}
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		w, station, err := lockWishFor(tx, actor, id, domain.ActionWishReview)
		if err != nil {
			return err
		}
		if w.Status != string(domain.WishInReview) {
			return domain.Errorf(domain.ECONFLICT, "only a wish in review can be reviewed")
		}
		if w.SubmittedBy != nil && *w.SubmittedBy == actor.User.ID {
			return domain.Errorf(domain.EFORBIDDEN,
				"four-eyes rule: the person who submitted a wish may not review it (四眼原则：提交人不能审核自己提交的心愿)")
		}
		if approve {
			return s.publish(tx, actor, w, station.ID, note)
		}
		err = tx.Exec(`UPDATE wishes SET status = 'draft', reviewed_by = ?, review_note = ?, updated_at = ? WHERE id = ?`,
			actorID(actor), note, s.db.now(), w.ID).Error
		if err != nil {
			return mapError(err)
		}
		return s.db.audit(tx, actor, ptr(station.ID), domain.AuditWishReturned, "wish", w.ID.String(), nil)
	})
	if err != nil {
		return nil, err
	}
	return s.FindWishByID(ctx, actor, id)
}

// publish makes a reviewed wish public and queues its search documents.
func (s *WishService) publish(tx *gorm.DB, actor *domain.Actor, w *wishRow, stationID uuid.UUID, note string) error {
	if err := s.db.checkPublishable(tx, w); err != nil {
		return err
	}
	now := s.db.now()
	err := tx.Exec(`UPDATE wishes SET status = 'published', reviewed_by = ?, review_note = ?, published_at = ?, updated_at = ?
		WHERE id = ?`, actorID(actor), note, now, now, w.ID).Error
	if err != nil {
		return mapError(err)
	}
	if err := s.db.audit(tx, actor, ptr(stationID), domain.AuditWishPublished, "wish", w.ID.String(), nil); err != nil {
		return err
	}
	if err := s.db.reindex(tx, domain.SearchWishes, w.ID.String()); err != nil {
		return err
	}
	return s.db.reindex(tx, domain.SearchProgrammes, w.ProgrammeID.String())
}
