package postgres

import (
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// childRow is a child's record with its duplicate flag. The hashes stay
// in this package: no domain type carries them.
type childRow struct {
	ID                uuid.UUID
	StationID         uuid.UUID
	Pseudonym         string
	AgeBand           string
	Gender            string
	FileRef           string
	NameHash          []byte
	NameLen           int
	PossibleDuplicate bool
	CreatedAt         time.Time
}

// childSelect flags a child whose ID-card hash another record shares.
const childSelect = `SELECT c.id, c.station_id, c.pseudonym, c.age_band, c.gender, c.file_ref, c.name_hash, c.name_len,
	c.created_at, (c.id_hash IS NOT NULL AND EXISTS (SELECT 1 FROM children d WHERE d.id_hash = c.id_hash AND d.id <> c.id))
	AS possible_duplicate FROM children c`

type consentRow struct {
	ID           uuid.UUID
	ChildID      uuid.UUID
	GuardianName string
	Relation     string
	ConsentedOn  domain.Date
	Scope        textArray
	Evidence     string
	CreatedAt    time.Time
	RevokedAt    *time.Time
}

func (r *consentRow) domain() domain.Consent {
	return domain.Consent{
		ID: r.ID, ChildID: r.ChildID, GuardianName: r.GuardianName, Relation: r.Relation,
		ConsentedOn: r.ConsentedOn, Scope: []string(r.Scope), Evidence: r.Evidence,
		CreatedAt: r.CreatedAt.UTC(), RevokedAt: utcPtr(r.RevokedAt),
	}
}

func (r *childRow) domain(consents []consentRow) *domain.Child {
	c := &domain.Child{
		ID: r.ID, StationID: r.StationID, Pseudonym: r.Pseudonym, AgeBand: r.AgeBand, Gender: r.Gender,
		FileRef: r.FileRef, PossibleDuplicate: r.PossibleDuplicate, Consents: []domain.Consent{}, CreatedAt: r.CreatedAt.UTC(),
	}
	for i := range consents {
		if consents[i].ChildID == r.ID {
			c.Consents = append(c.Consents, consents[i].domain())
		}
	}
	return c
}

// findChildRow reads one child's row; lock takes its row lock first.
func findChildRow(q *gorm.DB, id uuid.UUID, lock bool) (*childRow, error) {
	sql := childSelect + ` WHERE c.id = ?`
	if lock {
		sql += ` FOR UPDATE OF c`
	}
	var rows []childRow
	if err := q.Raw(sql, id).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, childNotFound()
	}
	return &rows[0], nil
}

// childNotFound is the one answer to anyone who may not see a child.
func childNotFound() error { return domain.Errorf(domain.ENOTFOUND, "child not found") }

// childrenWithConsents loads the consents of rows in one query.
func childrenWithConsents(q *gorm.DB, rows []childRow) ([]*domain.Child, error) {
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var cs []consentRow
	if len(ids) > 0 {
		err := q.Raw(`SELECT id, child_id, guardian_name, relation, consented_on, scope, evidence, created_at, revoked_at
			FROM child_consents WHERE child_id IN ? ORDER BY created_at, id`, ids).Scan(&cs).Error
		if err != nil {
			return nil, mapError(err)
		}
	}
	out := make([]*domain.Child, len(rows))
	for i := range rows {
		out[i] = rows[i].domain(cs)
	}
	return out, nil
}

// directorOf checks that actor is a child director of the station; to
// anyone else the child does not exist.
func directorOf(q *gorm.DB, actor *domain.Actor, stationID uuid.UUID) error {
	org, err := findOrg(q, stationID)
	if err != nil {
		return childNotFound()
	}
	if domain.Can(actor, domain.ActionChildManage, org) != nil {
		return childNotFound()
	}
	return nil
}
