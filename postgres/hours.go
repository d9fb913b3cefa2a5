package postgres

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

type hoursEntryRow struct {
	ID             uuid.UUID `gorm:"primaryKey"`
	Seq            int64     `gorm:"->"`
	VolunteerID    uuid.UUID
	OrganizationID uuid.UUID
	ActivityID     uuid.UUID
	ShiftID        uuid.UUID
	ContractID     *uuid.UUID
	Minutes        int
	Source         string
	CorrectsID     *uuid.UUID
	Note           string
	VerifiedAt     *time.Time
	VerifiedBy     *uuid.UUID
	CreatedBy      uuid.UUID
	CreatedAt      time.Time
}

func (hoursEntryRow) TableName() string { return "volunteer_hours" }

// domainOrNil converts a row, keeping nil for "no entry written".
func (r *hoursEntryRow) domainOrNil() *domain.HoursEntry {
	if r == nil {
		return nil
	}
	return &domain.HoursEntry{ID: r.ID, VolunteerID: r.VolunteerID, OrganizationID: r.OrganizationID, ActivityID: r.ActivityID,
		ShiftID: r.ShiftID, ContractID: r.ContractID, Minutes: r.Minutes, Source: domain.HoursSource(r.Source),
		CorrectsID: r.CorrectsID, Note: r.Note, VerifiedAt: utcPtr(r.VerifiedAt), VerifiedBy: r.VerifiedBy,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
}

// newHoursEntry is an unverified entry for a sign-up's shift.
func newHoursEntry(su *checkinSignup, minutes int, source domain.HoursSource, note string, by uuid.UUID, now time.Time) *hoursEntryRow {
	return &hoursEntryRow{ID: domain.NewID(), VolunteerID: su.VolunteerID, OrganizationID: su.OrganizationID, ActivityID: su.ActivityID,
		ShiftID: su.ShiftID, ContractID: su.ContractID, Minutes: minutes, Source: string(source), Note: note, CreatedBy: by, CreatedAt: now}
}

func entriesDomain(rows []hoursEntryRow) []*domain.HoursEntry {
	out := make([]*domain.HoursEntry, len(rows))
	for i := range rows {
		out[i] = rows[i].domainOrNil()
	}
	return out
}

// AddCorrection appends an entry correcting another: minutes may be
// negative, but the volunteer's total for the shift stays between zero
// and the shift's length (EINVALID). A note says why.
func (s *HoursService) AddCorrection(ctx context.Context, actor *domain.Actor, entryID uuid.UUID, minutes int, note string) (*domain.HoursEntry, error) {
	note = strings.TrimSpace(note)
	if n := utf8.RuneCountInString(note); n == 0 || n > 500 {
		return nil, domain.Invalid("note", "say why the hours change, in at most 500 characters")
	}
	var entry *hoursEntryRow
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		var old hoursEntryRow
		if err := tx.Where("id = ?", entryID).Take(&old).Error; err != nil {
			return mapError(err)
		}
		if err := s.canManage(tx, actor, old.OrganizationID); err != nil {
			return err
		}
		// Locking the volunteer's entries for the shift orders corrections
		// of the same hours, so two cannot both pass the total check.
		var shift []hoursEntryRow
		if err := tx.Raw(`SELECT * FROM volunteer_hours WHERE volunteer_id = ? AND shift_id = ? FOR UPDATE`,
			old.VolunteerID, old.ShiftID).Scan(&shift).Error; err != nil {
			return mapError(err)
		}
		total := 0
		for _, e := range shift {
			total += e.Minutes
		}
		var span struct{ StartsAt, EndsAt time.Time }
		if err := tx.Raw(`SELECT starts_at, ends_at FROM shifts WHERE id = ?`, old.ShiftID).Scan(&span).Error; err != nil {
			return mapError(err)
		}
		if err := domain.CorrectionMinutes(minutes, total, span.EndsAt.Sub(span.StartsAt)); err != nil {
			return err
		}
		entry = &hoursEntryRow{ID: domain.NewID(), VolunteerID: old.VolunteerID, OrganizationID: old.OrganizationID, ActivityID: old.ActivityID,
			ShiftID: old.ShiftID, ContractID: old.ContractID, Minutes: minutes, Source: string(domain.HoursCorrection),
			CorrectsID: ptr(old.ID), Note: note, CreatedBy: actor.User.ID, CreatedAt: s.db.now()}
		if err := tx.Create(entry).Error; err != nil {
			return mapError(err)
		}
		return s.db.audit(tx, actor, ptr(old.OrganizationID), domain.AuditHoursCorrected, "volunteer_hours", entry.ID.String(),
			map[string]any{"corrects": old.ID, "minutes": minutes})
	})
	if err != nil {
		return nil, err
	}
	return entry.domainOrNil(), nil
}

// VerifyHours verifies entries, one or a batch of up to MaxVerifyBatch,
// by the staff of their organisations: all of them or none. Entries
// already verified stay as they were; nobody verifies their own hours.
func (s *HoursService) VerifyHours(ctx context.Context, actor *domain.Actor, ids ...uuid.UUID) ([]*domain.HoursEntry, error) {
	ids = uniqueIDs(ids)
	if len(ids) == 0 || len(ids) > domain.MaxVerifyBatch {
		return nil, domain.Invalid("ids", "verify 1 to 500 entries at a time")
	}
	var rows []hoursEntryRow
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Raw(`SELECT * FROM volunteer_hours WHERE id IN ? ORDER BY seq FOR UPDATE`, ids).Scan(&rows).Error; err != nil {
			return mapError(err)
		}
		if len(rows) != len(ids) {
			return domain.Errorf(domain.ENOTFOUND, "hours entry not found")
		}
		checked, perOrg := map[uuid.UUID]bool{}, map[uuid.UUID]int{}
		for _, r := range rows {
			if !checked[r.OrganizationID] {
				if err := s.canManage(tx, actor, r.OrganizationID); err != nil {
					return err
				}
				checked[r.OrganizationID] = true
			}
			if r.VolunteerID == actor.User.ID {
				return domain.Errorf(domain.EFORBIDDEN, "rule four-eyes: someone else verifies your own hours")
			}
			if r.VerifiedAt == nil {
				perOrg[r.OrganizationID]++
			}
		}
		now := s.db.now()
		if err := tx.Exec(`UPDATE volunteer_hours SET verified_at = ?, verified_by = ? WHERE id IN ? AND verified_at IS NULL`,
			now, actor.User.ID, ids).Error; err != nil {
			return mapError(err)
		}
		for org, n := range perOrg {
			if err := s.db.audit(tx, actor, ptr(org), domain.AuditHoursVerified, "organization", org.String(), map[string]any{"entries": n}); err != nil {
				return err
			}
		}
		return mapError(tx.Where("id IN ?", ids).Order("seq").Find(&rows).Error)
	})
	if err != nil {
		return nil, err
	}
	return entriesDomain(rows), nil
}

func uniqueIDs(ids []uuid.UUID) []uuid.UUID {
	seen := make(map[uuid.UUID]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// FindMyHours lists the signed-in volunteer's own entries, oldest first.
func (s *HoursService) FindMyHours(ctx context.Context, actor *domain.Actor) ([]*domain.HoursEntry, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	return s.FindVolunteerHours(ctx, actor, actor.User.ID)
}

// FindVolunteerHours lists a volunteer's entries: all of them for the
// volunteer, those of their organisations for staff; anyone else is told
// the volunteer has none to show (ENOTFOUND).
func (s *HoursService) FindVolunteerHours(ctx context.Context, actor *domain.Actor, volunteerID uuid.UUID) ([]*domain.HoursEntry, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	q := s.db.conn(ctx)
	var rows []hoursEntryRow
	if err := q.Where("volunteer_id = ?", volunteerID).Order("seq").Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if actor.User.ID == volunteerID {
		return entriesDomain(rows), nil
	}
	allowed := map[uuid.UUID]bool{}
	visible := rows[:0]
	for _, r := range rows {
		ok, seen := allowed[r.OrganizationID]
		if !seen {
			ok = s.canManage(q, actor, r.OrganizationID) == nil
			allowed[r.OrganizationID] = ok
		}
		if ok {
			visible = append(visible, r)
		}
	}
	if len(visible) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "volunteer not found")
	}
	return entriesDomain(visible), nil
}
