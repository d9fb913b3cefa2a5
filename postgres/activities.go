package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// ActivityService runs organisations' volunteer activities and their
// shifts. Every write checks ActionActivityManage and is audited.
type ActivityService struct{ db *DB }

// NewActivityService returns the activity service.
func NewActivityService(db *DB) *ActivityService { return &ActivityService{db: db} }

type activityRow struct {
	ID               uuid.UUID `gorm:"primaryKey"`
	OrganizationID   uuid.UUID
	OrganizationName string `gorm:"->"`
	ContractID       *uuid.UUID
	Title            string
	Description      string
	Category         string
	Skills           textArray
	RegionCode       string
	Address          string
	Lat              *float64
	Lng              *float64
	ChildFacing      bool
	MinAge           int
	Approval         string
	Status           string
	CreatedBy        *uuid.UUID
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

func (activityRow) TableName() string { return "activities" }

func (r *activityRow) domain() *domain.Activity {
	return &domain.Activity{ID: r.ID, OrganizationID: r.OrganizationID, OrganizationName: r.OrganizationName, ContractID: r.ContractID,
		Title: r.Title, Description: r.Description, Category: r.Category, Skills: nonNil(r.Skills), RegionCode: r.RegionCode,
		Address: r.Address, Lat: r.Lat, Lng: r.Lng, ChildFacing: r.ChildFacing, MinAge: r.MinAge, Approval: r.Approval,
		Status: domain.ActivityStatus(r.Status), Shifts: []domain.Shift{}, CreatedAt: r.CreatedAt.UTC()}
}

type shiftRow struct {
	ID           uuid.UUID `gorm:"primaryKey"`
	ActivityID   uuid.UUID
	StartsAt     time.Time
	EndsAt       time.Time
	Capacity     int
	TwoAdults    bool
	Confirmed    int
	NextPosition int64
	CancelledAt  *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (shiftRow) TableName() string { return "shifts" }

func (r *shiftRow) domain() domain.Shift {
	return domain.Shift{ID: r.ID, ActivityID: r.ActivityID, StartsAt: r.StartsAt.UTC(), EndsAt: r.EndsAt.UTC(), Capacity: r.Capacity,
		Confirmed: r.Confirmed, PlacesLeft: r.Capacity - r.Confirmed, TwoAdults: r.TwoAdults, Cancelled: r.CancelledAt != nil}
}

const activitySelect = `SELECT a.*, o.name AS organization_name FROM activities a JOIN organizations o ON o.id = a.organization_id`

// findActivity loads an activity with its organisation's name.
func findActivity(q *gorm.DB, id uuid.UUID) (*activityRow, error) {
	var rows []activityRow
	if err := q.Raw(activitySelect+` WHERE a.id = ?`, id).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "activity not found")
	}
	return &rows[0], nil
}

// manageable loads an organisation and checks the actor may run its
// activities; a non-member learns nothing of it (ENOTFOUND).
func manageable(q *gorm.DB, actor *domain.Actor, orgID uuid.UUID) (*domain.Organization, error) {
	org, err := findOrg(q, orgID)
	if err != nil {
		return nil, err
	}
	if err := domain.Can(actor, domain.ActionActivityManage, org); err != nil {
		if domain.ErrorCode(err) == domain.EFORBIDDEN && actor.Membership(orgID) == nil {
			return nil, domain.Errorf(domain.ENOTFOUND, "organization not found")
		}
		return nil, err
	}
	return org, nil
}

// CreateActivity creates a draft activity of the organisation with its
// shifts.
func (s *ActivityService) CreateActivity(ctx context.Context, actor *domain.Actor, orgID uuid.UUID, in domain.ActivityInput) (*domain.Activity, error) {
	now := s.db.now()
	if err := in.Normalize(now); err != nil {
		return nil, err
	}
	var out *domain.Activity
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		org, err := manageable(tx, actor, orgID)
		if err != nil {
			return err
		}
		if err := checkRegion(tx, in.RegionCode); err != nil {
			return err
		}
		if in.ContractID != nil {
			if err := contractOf(tx, *in.ContractID, orgID); err != nil {
				return err
			}
		}
		row := activityRow{ID: domain.NewID(), OrganizationID: orgID, ContractID: in.ContractID, Title: in.Title,
			Description: in.Description, Category: in.Category, Skills: in.Skills, RegionCode: in.RegionCode, Address: in.Address,
			Lat: in.Lat, Lng: in.Lng, ChildFacing: in.ChildFacing, MinAge: in.MinAge, Approval: in.Approval,
			Status: string(domain.ActivityDraft), CreatedBy: ptr(actor.User.ID), CreatedAt: now, UpdatedAt: now}
		if err := tx.Omit("OrganizationName").Create(&row).Error; err != nil {
			return mapError(err)
		}
		row.OrganizationName = org.Name
		out = row.domain()
		for _, si := range in.Shifts {
			sr := shiftRow{ID: domain.NewID(), ActivityID: row.ID, StartsAt: si.StartsAt.UTC(), EndsAt: si.EndsAt.UTC(),
				Capacity: si.Capacity, TwoAdults: si.TwoAdults, NextPosition: 1, CreatedAt: now, UpdatedAt: now}
			if err := tx.Create(&sr).Error; err != nil {
				return mapError(err)
			}
			out.Shifts = append(out.Shifts, sr.domain())
		}
		return s.db.audit(tx, actor, ptr(orgID), domain.AuditActivityCreated, "activity", row.ID.String(),
			map[string]any{"title": row.Title, "shifts": len(in.Shifts)})
	})
	return out, err
}

// contractOf checks that the contract is one the organisation delivers.
func contractOf(q *gorm.DB, contractID, orgID uuid.UUID) error {
	var n int64
	if err := q.Raw(`SELECT count(*) FROM contracts WHERE id = ? AND organization_id = ?`, contractID, orgID).Scan(&n).Error; err != nil {
		return mapError(err)
	}
	if n == 0 {
		return domain.Invalid("contract_id", "is not a contract this organisation delivers")
	}
	return nil
}

// PublishActivity opens a draft activity to sign-ups and the public list.
func (s *ActivityService) PublishActivity(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Activity, error) {
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		a, err := findActivity(tx, id)
		if err != nil {
			return err
		}
		if _, err := manageable(tx, actor, a.OrganizationID); err != nil {
			return notFoundAs(err, "activity not found")
		}
		res := tx.Exec(`UPDATE activities SET status = 'published', updated_at = ? WHERE id = ? AND status = 'draft'`, s.db.now(), id)
		if res.Error != nil {
			return mapError(res.Error)
		}
		if res.RowsAffected == 0 {
			return domain.Errorf(domain.ECONFLICT, "only a draft activity can be published")
		}
		return s.db.audit(tx, actor, ptr(a.OrganizationID), domain.AuditActivityPublished, "activity", id.String(), nil)
	})
	if err != nil {
		return nil, err
	}
	return s.FindActivityByID(ctx, actor, id)
}

// FindActivityByID returns an activity with its shifts and places left:
// to anyone once published, to its organisation's members before.
func (s *ActivityService) FindActivityByID(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Activity, error) {
	q := s.db.conn(ctx)
	row, err := findActivity(q, id)
	if err != nil {
		return nil, err
	}
	if row.Status != string(domain.ActivityPublished) && actor.Membership(row.OrganizationID) == nil && !actor.PlatformAdmin() {
		return nil, domain.Errorf(domain.ENOTFOUND, "activity not found")
	}
	a := row.domain()
	var shifts []shiftRow
	if err := q.Where("activity_id = ?", id).Order("starts_at, id").Find(&shifts).Error; err != nil {
		return nil, mapError(err)
	}
	for i := range shifts {
		a.Shifts = append(a.Shifts, shifts[i].domain())
	}
	return a, nil
}

// FindActivities lists published activities, newest first, by region
// (and the regions under it) and category, a page at a time. Each carries
// its shifts still to come.
func (s *ActivityService) FindActivities(ctx context.Context, f domain.ActivityFilter, page domain.Page) ([]*domain.Activity, string, error) {
	if err := page.Normalize(); err != nil {
		return nil, "", err
	}
	q := s.db.conn(ctx)
	sql, args := activitySelect+` WHERE a.status = 'published'`, []any{}
	if f.RegionCode != "" {
		sql, args = sql+` AND a.region_code LIKE ?`, append(args, regionPrefix(f.RegionCode)+"%")
	}
	if f.Category != "" {
		sql, args = sql+` AND a.category = ?`, append(args, f.Category)
	}
	if page.Cursor != "" {
		c, _ := domain.DecodeCursor(page.Cursor)
		sql, args = sql+` AND (a.created_at, a.id) < (?, ?)`, append(args, c.Time, c.ID)
	}
	var rows []activityRow
	if err := q.Raw(sql+` ORDER BY a.created_at DESC, a.id DESC LIMIT ?`, append(args, page.Limit+1)...).Scan(&rows).Error; err != nil {
		return nil, "", mapError(err)
	}
	next := ""
	if len(rows) > page.Limit {
		rows = rows[:page.Limit]
		last := rows[len(rows)-1]
		next = domain.Cursor{Time: last.CreatedAt, ID: last.ID}.Encode()
	}
	out, err := s.withShifts(q, rows)
	return out, next, err
}

// withShifts attaches each activity's coming, live shifts in one query.
func (s *ActivityService) withShifts(q *gorm.DB, rows []activityRow) ([]*domain.Activity, error) {
	out := make([]*domain.Activity, len(rows))
	byID := make(map[uuid.UUID]*domain.Activity, len(rows))
	ids := make([]uuid.UUID, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
		byID[rows[i].ID], ids[i] = out[i], rows[i].ID
	}
	if len(ids) == 0 {
		return out, nil
	}
	var shifts []shiftRow
	if err := q.Where("activity_id IN ? AND cancelled_at IS NULL AND starts_at > ?", ids, s.db.now()).
		Order("starts_at, id").Find(&shifts).Error; err != nil {
		return nil, mapError(err)
	}
	for i := range shifts {
		a := byID[shifts[i].ActivityID]
		a.Shifts = append(a.Shifts, shifts[i].domain())
	}
	return out, nil
}

// MoveShift changes a shift's times and tells everyone signed up to it.
// The live sign-ups move with it, so that overlap checks see the new
// times.
func (s *ActivityService) MoveShift(ctx context.Context, actor *domain.Actor, shiftID uuid.UUID, startsAt, endsAt time.Time) (*domain.Shift, error) {
	now := s.db.now()
	if err := domain.CheckShiftMove(startsAt, endsAt, now); err != nil {
		return nil, err
	}
	var out domain.Shift
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		sh, a, err := lockShift(tx, shiftID)
		if err != nil {
			return err
		}
		if _, err := manageable(tx, actor, a.OrganizationID); err != nil {
			return notFoundAs(err, "shift not found")
		}
		if sh.CancelledAt != nil {
			return domain.Errorf(domain.ECONFLICT, "the shift is cancelled")
		}
		from := sh.StartsAt
		sh.StartsAt, sh.EndsAt, sh.UpdatedAt = startsAt.UTC(), endsAt.UTC(), now
		if err := tx.Save(sh).Error; err != nil {
			return mapError(err)
		}
		var people []uuid.UUID
		if err := tx.Raw(`UPDATE signups SET starts_at = ?, ends_at = ?, updated_at = ? WHERE shift_id = ?
			AND status IN ('pending', 'confirmed', 'waitlisted') RETURNING volunteer_id`,
			sh.StartsAt, sh.EndsAt, now, shiftID).Scan(&people).Error; err != nil {
			return mapError(err)
		}
		params := map[string]string{"activity": a.Title, "starts_at": sh.StartsAt.In(domain.Shanghai).Format("2006-01-02 15:04")}
		for _, id := range people {
			if err := s.db.notify(tx, id, domain.NotifyShiftMoved, params, activityLink(a.ID)); err != nil {
				return err
			}
		}
		out = sh.domain()
		return s.db.audit(tx, actor, ptr(a.OrganizationID), domain.AuditShiftMoved, "shift", shiftID.String(),
			map[string]any{"from": from, "starts_at": sh.StartsAt, "ends_at": sh.EndsAt, "notified": len(people)})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// lockShift locks a shift row and loads its activity.
func lockShift(tx *gorm.DB, id uuid.UUID) (*shiftRow, *activityRow, error) {
	var rows []shiftRow
	if err := tx.Raw(`SELECT * FROM shifts WHERE id = ? FOR UPDATE`, id).Scan(&rows).Error; err != nil {
		return nil, nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "shift not found")
	}
	a, err := findActivity(tx, rows[0].ActivityID)
	if err != nil {
		return nil, nil, err
	}
	return &rows[0], a, nil
}

// notFoundAs renames an organisation the actor may not see after the
// object they asked for, and passes other errors on.
func notFoundAs(err error, msg string) error {
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.Errorf(domain.ENOTFOUND, "%s", msg)
	}
	return err
}

func activityLink(id uuid.UUID) string { return "/activities/" + id.String() }
