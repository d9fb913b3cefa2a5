package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// WishService keeps wishes from the station's draft through the privacy
// check and the four-eyes review to publication. Each write locks the
// wish row.
type WishService struct{ db *DB }

var _ domain.WishService = (*WishService)(nil)

// NewWishService returns the wish service.
func NewWishService(db *DB) *WishService { return &WishService{db: db} }

// wishChild reads the child a wish is for and checks that actor writes
// the wishes of its station; any other child is an invalid child_id, so
// that nobody learns whether it exists.
func wishChild(tx *gorm.DB, actor *domain.Actor, childID uuid.UUID) (*childRow, *domain.Organization, error) {
	bad := domain.Invalid("child_id", "is not a child of a station you write wishes for")
	c, err := findChildRow(tx, childID, false)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil, bad
	} else if err != nil {
		return nil, nil, err
	}
	station, err := findOrg(tx, c.StationID)
	if err != nil {
		return nil, nil, err
	}
	if domain.Can(actor, domain.ActionWishWrite, station) != nil {
		return nil, nil, bad
	}
	return c, station, nil
}

// openProgramme reads the programme a wish goes in: it must be visible
// to actor and not closed.
func openProgramme(tx *gorm.DB, actor *domain.Actor, id uuid.UUID) (*domain.Programme, error) {
	r, err := findProgrammeRow(tx, id, false)
	if err != nil {
		return nil, err
	}
	if !programmeVisible(tx, actor, r) {
		return nil, domain.Errorf(domain.ENOTFOUND, "programme not found")
	}
	if r.Status == string(domain.ProgrammeClosed) {
		return nil, domain.Errorf(domain.ECONFLICT, "the programme is closed")
	}
	return r.domain(), nil
}

// CreateWish writes a draft wish for a child of the actor's station.
func (s *WishService) CreateWish(ctx context.Context, actor *domain.Actor, programmeID uuid.UUID, in domain.WishInput) (*domain.Wish, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	id := domain.NewID()
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		p, err := openProgramme(tx, actor, programmeID)
		if err != nil {
			return err
		}
		if err := in.Normalize(p, domain.DateOf(s.db.now())); err != nil {
			return err
		}
		_, station, err := wishChild(tx, actor, in.ChildID)
		if err != nil {
			return err
		}
		now := s.db.now()
		err = tx.Exec(`INSERT INTO wishes (id, programme_id, child_id, station_id, kind, title, story, category, region_code,
			amount_fen, quantity, deadline, experience_on, experience_place, status, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)`,
			id, p.ID, in.ChildID, station.ID, in.Kind, in.Title, in.Story, in.Category, station.RegionCode,
			in.AmountFen, in.Quantity, in.Deadline, optionalDate(in.ExperienceOn), in.ExperiencePlace,
			actorID(actor), now, now).Error
		if err != nil {
			return mapError(err)
		}
		data := map[string]any{"programme_id": p.ID, "child_id": in.ChildID}
		return s.db.audit(tx, actor, ptr(station.ID), domain.AuditWishCreated, "wish", id.String(), data)
	})
	if err != nil {
		return nil, err
	}
	return s.FindWishByID(ctx, actor, id)
}

// lockWishFor locks a wish and checks action on its station; a wish the
// actor may not see is ENOTFOUND.
func lockWishFor(tx *gorm.DB, actor *domain.Actor, id uuid.UUID, action domain.Action) (*wishRow, *domain.Organization, error) {
	w, err := findWishRow(tx, id, true)
	if err != nil {
		return nil, nil, err
	}
	station, err := findOrg(tx, w.StationID)
	if err != nil {
		return nil, nil, err
	}
	if err := domain.Can(actor, action, station); err != nil {
		if !domain.WishStatus(w.Status).Public() || actor.Anonymous() {
			return nil, nil, domain.Errorf(domain.ENOTFOUND, "wish not found")
		}
		return nil, nil, err
	}
	return w, station, nil
}

// UpdateWish rewrites a draft.
func (s *WishService) UpdateWish(ctx context.Context, actor *domain.Actor, id uuid.UUID, in domain.WishInput) (*domain.Wish, error) {
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		w, station, err := lockWishFor(tx, actor, id, domain.ActionWishWrite)
		if err != nil {
			return err
		}
		if w.Status != string(domain.WishDraft) {
			return domain.Errorf(domain.ECONFLICT, "only a draft wish can be changed")
		}
		p, err := openProgramme(tx, actor, w.ProgrammeID)
		if err != nil {
			return err
		}
		if err := in.Normalize(p, domain.DateOf(s.db.now())); err != nil {
			return err
		}
		c, _, err := wishChild(tx, actor, in.ChildID)
		if err != nil {
			return err
		}
		if c.StationID != w.StationID {
			return domain.Invalid("child_id", "must be a child of the wish's station")
		}
		err = tx.Exec(`UPDATE wishes SET child_id = ?, kind = ?, title = ?, story = ?, category = ?, amount_fen = ?,
			quantity = ?, deadline = ?, experience_on = ?, experience_place = ?, updated_at = ? WHERE id = ?`,
			in.ChildID, in.Kind, in.Title, in.Story, in.Category, in.AmountFen, in.Quantity, in.Deadline,
			optionalDate(in.ExperienceOn), in.ExperiencePlace, s.db.now(), w.ID).Error
		if err != nil {
			return mapError(err)
		}
		return s.db.audit(tx, actor, ptr(station.ID), domain.AuditWishUpdated, "wish", w.ID.String(), nil)
	})
	if err != nil {
		return nil, err
	}
	return s.FindWishByID(ctx, actor, id)
}

// FindWishByID returns a published wish to anyone, and drafts and wishes
// in review to the station's staff, who alone see the child's id.
func (s *WishService) FindWishByID(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Wish, error) {
	q := s.db.conn(ctx)
	w, err := findWishRow(q, id, false)
	if err != nil {
		return nil, err
	}
	staff := wishStaff(q, actor, w.StationID)
	if !staff && !domain.WishStatus(w.Status).Public() {
		return nil, domain.Errorf(domain.ENOTFOUND, "wish not found")
	}
	return w.domain(staff), nil
}
