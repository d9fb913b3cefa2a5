package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

type auditRow struct {
	Seq            int64 `gorm:"primaryKey;autoIncrement:false"`
	ActorID        *uuid.UUID
	OrganizationID *uuid.UUID
	Action         string
	ObjectType     string
	ObjectID       string
	Data           string `gorm:"type:jsonb"`
	CreatedAt      time.Time
	PrevHash       []byte
	Hash           []byte
}

func (auditRow) TableName() string { return "audit_log" }

func (r *auditRow) domain() (*domain.AuditEntry, error) {
	data, err := domain.CanonicalJSON([]byte(r.Data))
	if err != nil {
		return nil, fmt.Errorf("audit entry %d: %w", r.Seq, err)
	}
	return &domain.AuditEntry{
		Seq:            r.Seq,
		ActorID:        r.ActorID,
		OrganizationID: r.OrganizationID,
		Action:         r.Action,
		ObjectType:     r.ObjectType,
		ObjectID:       r.ObjectID,
		Data:           data,
		CreatedAt:      r.CreatedAt.UTC(),
		PrevHash:       r.PrevHash,
		Hash:           r.Hash,
	}, nil
}

// auditHead is the chain's tip, with the entry's data as PostgreSQL will
// store it (see appendAudit).
type auditHead struct {
	Seq  int64
	Hash []byte
	Data string
}

// appendAudit links e to the end of the audit chain inside tx. Locking
// audit_head orders concurrent appends, so each entry's PrevHash is the
// hash of the entry before it. The data is round-tripped through jsonb in
// the same query before hashing, so that the hash covers exactly what
// the database keeps (jsonb may rewrite numbers such as 1e2).
func (db *DB) appendAudit(tx *gorm.DB, e *domain.AuditEntry) error {
	raw := e.Data
	if len(raw) == 0 {
		raw = json.RawMessage("{}")
	}
	var head auditHead
	err := tx.Raw(`SELECT seq, hash, CAST(? AS jsonb)::text AS data FROM audit_head WHERE id FOR UPDATE`,
		string(raw)).Scan(&head).Error
	if err != nil {
		return fmt.Errorf("lock audit head: %w", err)
	}
	if e.Data, err = domain.CanonicalJSON([]byte(head.Data)); err != nil {
		return fmt.Errorf("audit data: %w", err)
	}
	e.Seq, e.PrevHash, e.CreatedAt = head.Seq+1, head.Hash, db.now()
	e.Hash = e.ComputeHash()
	row := auditRow{
		Seq: e.Seq, ActorID: e.ActorID, OrganizationID: e.OrganizationID,
		Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID,
		Data: string(e.Data), CreatedAt: e.CreatedAt, PrevHash: e.PrevHash, Hash: e.Hash,
	}
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("append audit entry: %w", err)
	}
	return tx.Exec(`UPDATE audit_head SET seq = ?, hash = ? WHERE id`, e.Seq, e.Hash).Error
}

// audit builds and appends an entry for action on an object, by actor
// (nil for the system) within org (nil when none).
func (db *DB) audit(tx *gorm.DB, actor *domain.Actor, org *uuid.UUID, action, objectType, objectID string, data map[string]any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("audit data: %w", err)
	}
	e := &domain.AuditEntry{
		ActorID:        actorID(actor),
		OrganizationID: org,
		Action:         action,
		ObjectType:     objectType,
		ObjectID:       objectID,
		Data:           raw,
	}
	return db.appendAudit(tx, e)
}

// actorID is the user behind an actor, or nil for the system.
func actorID(a *domain.Actor) *uuid.UUID {
	if a.Anonymous() {
		return nil
	}
	id := a.User.ID
	return &id
}

// ptr returns a pointer to a copy of id, for optional columns.
func ptr(id uuid.UUID) *uuid.UUID { return &id }
