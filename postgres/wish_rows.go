package postgres

import (
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// wishRow is a wish with its programme, station and the child's public
// face (pseudonym and age band).
type wishRow struct {
	ID              uuid.UUID
	ProgrammeID     uuid.UUID
	ProgrammeTitle  string
	HostStatus      string
	HostID          *uuid.UUID
	StationID       uuid.UUID
	StationName     string
	ChildID         uuid.UUID
	Pseudonym       string
	AgeBand         string
	Kind            string
	Title           string
	Story           string
	Category        string
	RegionCode      string
	AmountFen       int64
	FundedFen       int64
	HeldFen         int64
	Quantity        int
	Deadline        domain.Date
	ExperienceOn    *domain.Date
	ExperiencePlace string
	Status          string
	SubmittedBy     *uuid.UUID
	ReviewNote      string
	ThanksNote      string
	PublishedAt     *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// wishSelect reads wishes with what their public view shows.
const wishSelect = `SELECT w.id, w.programme_id, p.title AS programme_title, p.host_status, p.host_id, w.station_id,
	o.name AS station_name, w.child_id, c.pseudonym, c.age_band, w.kind, w.title, w.story, w.category, w.region_code,
	w.amount_fen, w.funded_fen, w.held_fen, w.quantity, w.deadline, w.experience_on, w.experience_place, w.status,
	w.submitted_by, w.review_note, w.thanks_note, w.published_at, w.created_at, w.updated_at
	FROM wishes w JOIN programmes p ON p.id = w.programme_id JOIN organizations o ON o.id = w.station_id
	JOIN children c ON c.id = w.child_id`

// domain builds the wish; the child's id only for the station's staff.
func (r *wishRow) domain(staff bool) *domain.Wish {
	w := &domain.Wish{
		ID: r.ID, ProgrammeID: r.ProgrammeID, ProgrammeTitle: r.ProgrammeTitle, StationID: r.StationID,
		StationName: r.StationName, Pseudonym: r.Pseudonym, AgeBand: r.AgeBand, Kind: domain.WishKind(r.Kind),
		Title: r.Title, Story: r.Story, Category: r.Category, RegionCode: r.RegionCode, AmountFen: r.AmountFen,
		FundedFen: r.FundedFen, HeldFen: r.HeldFen, Quantity: r.Quantity, Deadline: r.Deadline,
		ExperiencePlace: r.ExperiencePlace, Status: domain.WishStatus(r.Status), ThanksNote: r.ThanksNote,
		TakesCash:   r.HostStatus == string(domain.HostAccepted) && r.HostID != nil,
		PublishedAt: utcPtr(r.PublishedAt), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
	if r.ExperienceOn != nil {
		w.ExperienceOn = *r.ExperienceOn
	}
	if staff {
		id := r.ChildID
		w.ChildID, w.ReviewNote = &id, r.ReviewNote
	}
	return w
}

// input is the wish's content as a WishInput, to check it again.
func (r *wishRow) input() domain.WishInput {
	in := domain.WishInput{
		ChildID: r.ChildID, Kind: domain.WishKind(r.Kind), Title: r.Title, Story: r.Story, Category: r.Category,
		AmountFen: r.AmountFen, Quantity: r.Quantity, Deadline: r.Deadline, ExperiencePlace: r.ExperiencePlace,
	}
	if r.ExperienceOn != nil {
		in.ExperienceOn = *r.ExperienceOn
	}
	return in
}

// findWishRow reads one wish; lock takes its row lock first.
func findWishRow(q *gorm.DB, id uuid.UUID, lock bool) (*wishRow, error) {
	sql := wishSelect + ` WHERE w.id = ?`
	if lock {
		sql += ` FOR UPDATE OF w`
	}
	var rows []wishRow
	if err := q.Raw(sql, id).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "wish not found")
	}
	return &rows[0], nil
}

// wishStaff reports whether actor writes or reviews the station's
// wishes, and so sees its drafts and which child a wish is for.
func wishStaff(q *gorm.DB, actor *domain.Actor, stationID uuid.UUID) bool {
	if actor.Anonymous() {
		return false
	}
	org, err := findOrg(q, stationID)
	return err == nil && domain.Can(actor, domain.ActionWishWrite, org) == nil
}

// optionalDate is NULL for an unset date.
func optionalDate(d domain.Date) *domain.Date {
	if d.IsZero() {
		return nil
	}
	return &d
}
