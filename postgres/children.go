package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// ChildService keeps a station's children for its child directors alone:
// everyone else gets ENOTFOUND. A child's real name and ID-card number
// are taken in only to be hashed under the children's key; neither is
// stored, logged or audited.
type ChildService struct{ db *DB }

var _ domain.ChildService = (*ChildService)(nil)

// NewChildService returns the child service.
func NewChildService(db *DB) *ChildService { return &ChildService{db: db} }

// RegisterChild registers a child by pseudonym. The same ID-card number
// registered elsewhere flags both records as possible duplicates.
func (s *ChildService) RegisterChild(ctx context.Context, actor *domain.Actor, stationID uuid.UUID, in domain.ChildInput) (*domain.Child, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	key, err := s.db.childKey()
	if err != nil {
		return nil, err
	}
	var idHash []byte
	if in.IDCardNumber != "" {
		idHash = domain.IDCardHash(key, in.IDCardNumber)
	}
	nameHash, nameLen := domain.ChildNameHash(key, in.RealName)
	in.IDCardNumber, in.RealName = "", "" // from here on, nothing can keep them
	id := domain.NewID()
	err = s.db.tx(ctx, func(tx *gorm.DB) error {
		if err := directorOf(tx, actor, stationID); err != nil {
			return err
		}
		now := s.db.now()
		err := tx.Exec(`INSERT INTO children (id, station_id, pseudonym, age_band, gender, file_ref, id_hash, name_hash, name_len,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, stationID, in.Pseudonym, in.AgeBand, in.Gender, in.FileRef, idHash, nameHash, nameLen,
			actorID(actor), now, now).Error
		if err != nil {
			return mapError(err)
		}
		return s.db.audit(tx, actor, ptr(stationID), domain.AuditChildRegistered, "child", id.String(), nil)
	})
	if err != nil {
		return nil, err
	}
	return s.FindChildByID(ctx, actor, id)
}

// RecordConsent records a guardian's consent to show the child's wishes.
func (s *ChildService) RecordConsent(ctx context.Context, actor *domain.Actor, childID uuid.UUID, in domain.ConsentInput) (*domain.Consent, error) {
	var out domain.Consent
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		c, err := findChildRow(tx, childID, true)
		if err != nil {
			return err
		}
		if err := directorOf(tx, actor, c.StationID); err != nil {
			return err
		}
		if err := in.Normalize(domain.DateOf(s.db.now())); err != nil {
			return err
		}
		row := consentRow{ID: domain.NewID(), ChildID: c.ID, GuardianName: in.GuardianName, Relation: in.Relation,
			ConsentedOn: in.ConsentedOn, Scope: textArray(in.Scope), Evidence: in.Evidence, CreatedAt: s.db.now()}
		err = tx.Exec(`INSERT INTO child_consents (id, child_id, guardian_name, relation, consented_on, scope, evidence,
			recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, row.ID, row.ChildID, row.GuardianName, row.Relation,
			row.ConsentedOn, row.Scope, row.Evidence, actorID(actor), row.CreatedAt).Error
		if err != nil {
			return mapError(err)
		}
		out = row.domain()
		data := map[string]any{"child_id": c.ID, "scope": in.Scope}
		return s.db.audit(tx, actor, ptr(c.StationID), domain.AuditConsentRecorded, "child_consent", row.ID.String(), data)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// FindChildByID returns a child's record with its consents, to the
// station's child directors only.
func (s *ChildService) FindChildByID(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Child, error) {
	q := s.db.conn(ctx)
	r, err := findChildRow(q, id, false)
	if err != nil {
		return nil, err
	}
	if err := directorOf(q, actor, r.StationID); err != nil {
		return nil, err
	}
	out, err := childrenWithConsents(q, []childRow{*r})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// FindChildren lists a station's children, newest first, to its child
// directors only.
func (s *ChildService) FindChildren(ctx context.Context, actor *domain.Actor, stationID uuid.UUID, page domain.Page) ([]*domain.Child, string, error) {
	if err := page.Normalize(); err != nil {
		return nil, "", err
	}
	q := s.db.conn(ctx)
	if err := directorOf(q, actor, stationID); err != nil {
		return nil, "", err
	}
	sql, args := childSelect+` WHERE c.station_id = ?`, []any{stationID}
	if page.Cursor != "" {
		c, err := domain.DecodeCursor(page.Cursor)
		if err != nil {
			return nil, "", err
		}
		sql, args = sql+` AND (c.created_at, c.id) < (?, ?)`, append(args, c.Time, c.ID)
	}
	var rows []childRow
	if err := q.Raw(sql+` ORDER BY c.created_at DESC, c.id DESC LIMIT ?`, append(args, page.Limit+1)...).Scan(&rows).Error; err != nil {
		return nil, "", mapError(err)
	}
	next := ""
	if len(rows) > page.Limit {
		rows = rows[:page.Limit]
		last := rows[len(rows)-1]
		next = domain.Cursor{Time: last.CreatedAt, ID: last.ID}.Encode()
	}
	out, err := childrenWithConsents(q, rows)
	return out, next, err
}
