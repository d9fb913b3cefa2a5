package postgres

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// auditBatch is how many entries VerifyAudit reads per query, so that a
// long log is streamed rather than loaded whole.
const auditBatch = 1000

// AuditService reads and verifies the audit log.
type AuditService struct{ db *DB }

var _ domain.AuditService = (*AuditService)(nil)

// NewAuditService returns the audit log's reader.
func NewAuditService(db *DB) *AuditService { return &AuditService{db: db} }

// VerifyAudit walks the chain in sequence order and then compares its end
// with audit_head, so that removing the newest entries is caught as well
// as altering or removing any other. It reads one snapshot, so appends
// made meanwhile do not disturb it.
func (s *AuditService) VerifyAudit(ctx context.Context) (*domain.AuditBreak, int64, error) {
	var brk *domain.AuditBreak
	var checked int64
	err := s.db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		brk, checked, err = verifyChain(tx)
		return err
	}, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	return brk, checked, mapError(err)
}

func verifyChain(tx *gorm.DB) (*domain.AuditBreak, int64, error) {
	var head auditHead
	if err := tx.Raw(`SELECT seq, hash FROM audit_head WHERE id`).Scan(&head).Error; err != nil {
		return nil, 0, err
	}
	var seq, checked int64
	var prev []byte
	for {
		var rows []auditRow
		if err := tx.Where("seq > ?", seq).Order("seq").Limit(auditBatch).Find(&rows).Error; err != nil {
			return nil, checked, err
		}
		entries := make([]*domain.AuditEntry, 0, len(rows))
		for i := range rows {
			e, err := rows[i].domain()
			if err != nil {
				return &domain.AuditBreak{Seq: rows[i].Seq, Reason: "data is not valid JSON"}, checked, nil
			}
			entries = append(entries, e)
		}
		if brk := domain.VerifyAuditChain(seq, prev, entries); brk != nil {
			return brk, checked + brk.Seq - seq - 1, nil
		}
		checked += int64(len(entries))
		if len(entries) < auditBatch {
			return checkHead(head, seq, prev, entries), checked, nil
		}
		last := entries[len(entries)-1]
		seq, prev = last.Seq, last.Hash
	}
}

// checkHead compares the last verified entry with the chain's recorded
// tip: fewer entries than the tip counts means the newest were removed.
func checkHead(head auditHead, seq int64, prev []byte, last []*domain.AuditEntry) *domain.AuditBreak {
	if n := len(last); n > 0 {
		seq, prev = last[n-1].Seq, last[n-1].Hash
	}
	switch {
	case head.Seq > seq:
		return &domain.AuditBreak{Seq: seq + 1, Reason: "entry missing"}
	case head.Seq < seq || !bytes.Equal(head.Hash, prev):
		return &domain.AuditBreak{Seq: seq, Reason: "chain head does not match the last entry"}
	}
	return nil
}

// FindAuditEntries lists entries newest first: an organisation's for its
// owners and admins (and platform admins), or all for a platform admin
// when orgID is nil.
func (s *AuditService) FindAuditEntries(ctx context.Context, actor *domain.Actor, orgID *uuid.UUID, page domain.Page) ([]*domain.AuditEntry, string, error) {
	if err := page.Normalize(); err != nil {
		return nil, "", err
	}
	q := s.db.conn(ctx)
	if err := s.auditPolicy(ctx, actor, orgID); err != nil {
		return nil, "", err
	}
	if orgID != nil {
		q = q.Where("organization_id = ?", *orgID)
	}
	// Before its project opens, a bid's very existence is sealed: only
	// the bidding organisation's own managers see its entries. Everyone
	// else, platform admins included, would otherwise learn who bids and
	// how many bids there are.
	if orgID == nil || !actor.HasRole(*orgID, domain.RoleOwner, domain.RoleAdmin) {
		q = q.Where(sealedBidEntries)
	}
	if page.Cursor != "" {
		seq, err := decodeSeqCursor(page.Cursor)
		if err != nil {
			return nil, "", err
		}
		q = q.Where("seq < ?", seq)
	}
	var rows []auditRow
	if err := q.Order("seq DESC").Limit(page.Limit + 1).Find(&rows).Error; err != nil {
		return nil, "", mapError(err)
	}
	next := ""
	if len(rows) > page.Limit {
		rows = rows[:page.Limit]
		next = seqCursor(rows[len(rows)-1])
	}
	out := make([]*domain.AuditEntry, 0, len(rows))
	for i := range rows {
		e, err := rows[i].domain()
		if err != nil {
			return nil, "", err
		}
		out = append(out, e)
	}
	return out, next, nil
}

// sealedBidEntries excludes the audit entries of bids whose project has
// not been opened yet.
const sealedBidEntries = `NOT (object_type = 'bid' AND EXISTS (
	SELECT 1 FROM bids b JOIN projects p ON p.id = b.project_id
	WHERE b.id::text = audit_log.object_id AND p.status IN ('draft', 'published', 'bidding_closed')))`

func (s *AuditService) auditPolicy(ctx context.Context, actor *domain.Actor, orgID *uuid.UUID) error {
	if actor.Anonymous() {
		return domain.Errorf(domain.EUNAUTHORIZED, "sign in first")
	}
	if actor.PlatformAdmin() {
		return nil
	}
	if orgID == nil {
		return domain.Errorf(domain.EFORBIDDEN, "you may not do this")
	}
	org, err := findOrg(s.db.conn(ctx), *orgID)
	if err != nil {
		return err
	}
	return domain.Can(actor, domain.ActionOrgViewMembers, org)
}

// seqCursorMark marks a domain.Cursor that carries an audit sequence
// number in the last eight bytes of its id: the log is ordered by seq,
// not by time, and domain.Page accepts only domain.Cursor strings.
const seqCursorMark = 0xa0

func seqCursor(r auditRow) string {
	var id uuid.UUID
	id[0] = seqCursorMark
	binary.BigEndian.PutUint64(id[8:], uint64(r.Seq))
	return domain.Cursor{Time: r.CreatedAt.UTC(), ID: id}.Encode()
}

func decodeSeqCursor(s string) (int64, error) {
	c, err := domain.DecodeCursor(s)
	if err != nil {
		return 0, err
	}
	if c.ID[0] != seqCursorMark {
		return 0, domain.Invalid("cursor", "not a valid cursor")
	}
	return int64(binary.BigEndian.Uint64(c.ID[8:])), nil
}
