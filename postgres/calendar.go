package postgres

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"hutong/domain"
)

// CalendarService keeps the working-day calendar a platform admin edits.
type CalendarService struct{ db *DB }

var _ domain.CalendarService = (*CalendarService)(nil)

// NewCalendarService returns the calendar service.
func NewCalendarService(db *DB) *CalendarService { return &CalendarService{db: db} }

type calendarDayRow struct {
	Date      domain.Date `gorm:"primaryKey"`
	Kind      string
	Name      string
	UpdatedAt time.Time
}

func (calendarDayRow) TableName() string { return "calendar_days" }

func (r *calendarDayRow) domain() domain.CalendarDay {
	return domain.CalendarDay{Date: r.Date, Kind: domain.CalendarDayKind(r.Kind), Name: r.Name}
}

// maxCalendarSpan bounds one read of the calendar: ten years of overrides
// is a few hundred rows.
const maxCalendarSpan = 3660

// FindCalendar lists the overrides between from and to, both included.
func (s *CalendarService) FindCalendar(ctx context.Context, from, to domain.Date) ([]domain.CalendarDay, error) {
	var v domain.Validation
	v.Check(!from.IsZero(), "from", "is required")
	v.Check(!to.IsZero(), "to", "is required")
	v.Check(!to.Before(from), "to", "must not be before from")
	v.Check(domain.DaysBetween(from, to) <= maxCalendarSpan, "to", "must be at most ten years after from")
	if err := v.Err(); err != nil {
		return nil, err
	}
	var rows []calendarDayRow
	err := s.db.conn(ctx).Where("date BETWEEN ? AND ?", from, to).Order("date").Find(&rows).Error
	if err != nil {
		return nil, mapError(err)
	}
	out := make([]domain.CalendarDay, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// SetCalendarDay adds or replaces the override of one day, audited with
// what it replaced.
func (s *CalendarService) SetCalendarDay(ctx context.Context, actor *domain.Actor, day domain.CalendarDay) (*domain.CalendarDay, error) {
	if err := day.Normalize(); err != nil {
		return nil, err
	}
	if err := domain.Can(actor, domain.ActionCalendarEdit, nil); err != nil {
		return nil, err
	}
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		var old []calendarDayRow
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("date = ?", day.Date).Find(&old).Error; err != nil {
			return err
		}
		row := calendarDayRow{Date: day.Date, Kind: string(day.Kind), Name: day.Name, UpdatedAt: s.db.now()}
		upsert := clause.OnConflict{Columns: []clause.Column{{Name: "date"}}, UpdateAll: true}
		if err := tx.Clauses(upsert).Create(&row).Error; err != nil {
			return err
		}
		data := map[string]any{"date": day.Date, "kind": day.Kind, "name": day.Name}
		if len(old) == 1 {
			data["previous_kind"], data["previous_name"] = old[0].Kind, old[0].Name
		}
		return s.db.audit(tx, actor, nil, domain.AuditCalendarDaySet, "calendar_day", day.Date.String(), data)
	})
	if err != nil {
		return nil, err
	}
	return &day, nil
}

// DeleteCalendarDay removes the override of a day, audited with what it
// was; a day without one is ENOTFOUND.
func (s *CalendarService) DeleteCalendarDay(ctx context.Context, actor *domain.Actor, date domain.Date) error {
	if date.IsZero() {
		return domain.Invalid("date", "is required")
	}
	if err := domain.Can(actor, domain.ActionCalendarEdit, nil); err != nil {
		return err
	}
	return s.db.tx(ctx, func(tx *gorm.DB) error {
		var old []calendarDayRow
		if err := tx.Raw(`DELETE FROM calendar_days WHERE date = ? RETURNING date, kind, name`, date).Scan(&old).Error; err != nil {
			return err
		}
		if len(old) == 0 {
			return domain.Errorf(domain.ENOTFOUND, "no calendar entry on this day")
		}
		data := map[string]any{"date": date, "kind": old[0].Kind, "name": old[0].Name}
		return s.db.audit(tx, actor, nil, domain.AuditCalendarDayDeleted, "calendar_day", date.String(), data)
	})
}

// loadCalendar reads every override into a domain.Calendar. The table
// holds a few dozen rows a year, so reading it whole is cheaper than
// guessing the range a rule will walk.
func loadCalendar(tx *gorm.DB) (*domain.Calendar, error) {
	var rows []calendarDayRow
	if err := tx.Find(&rows).Error; err != nil {
		return nil, err
	}
	days := make([]domain.CalendarDay, len(rows))
	for i := range rows {
		days[i] = rows[i].domain()
	}
	return domain.NewCalendar(days), nil
}
