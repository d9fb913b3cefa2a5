package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// MatchingService keeps the matching pledges (配捐) of programmes.
type MatchingService struct{ db *DB }

var _ domain.MatchingService = (*MatchingService)(nil)

// NewMatchingService returns the matching service.
func NewMatchingService(db *DB) *MatchingService { return &MatchingService{db: db} }

type pledgeRow struct {
	ID             uuid.UUID `gorm:"primaryKey"`
	ProgrammeID    uuid.UUID
	FoundationID   uuid.UUID
	FoundationName string `gorm:"->;-:migration"`
	RatioPct       int
	CapFen         int64
	MatchedFen     int64
	CreatedBy      *uuid.UUID
	CreatedAt      time.Time
}

func (pledgeRow) TableName() string { return "match_pledges" }

func (r *pledgeRow) domain() *domain.MatchPledge {
	return &domain.MatchPledge{ID: r.ID, ProgrammeID: r.ProgrammeID, FoundationID: r.FoundationID, FoundationName: r.FoundationName,
		RatioPct: r.RatioPct, CapFen: r.CapFen, MatchedFen: r.MatchedFen, CreatedAt: r.CreatedAt.UTC()}
}

// Pledge records a foundation's pledge for a programme not yet closed;
// one pledge per foundation and programme.
func (s *MatchingService) Pledge(ctx context.Context, actor *domain.Actor, programmeID uuid.UUID, in domain.MatchPledgeInput) (*domain.MatchPledge, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *domain.MatchPledge
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		var status []string
		if err := tx.Raw(`SELECT status FROM programmes WHERE id = ? FOR UPDATE`, programmeID).Scan(&status).Error; err != nil {
			return mapError(err)
		}
		if len(status) == 0 || status[0] == string(domain.ProgrammeDraft) {
			return domain.Errorf(domain.ENOTFOUND, "programme not found")
		}
		if status[0] == string(domain.ProgrammeClosed) {
			return domain.Errorf(domain.ECONFLICT, "the programme is closed")
		}
		org, err := findOrg(tx, in.FoundationID)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return domain.Invalid("foundation_id", "no such organization")
		} else if err != nil {
			return err
		}
		if err := domain.Can(actor, domain.ActionMatchPledge, org); err != nil {
			return err
		}
		row := pledgeRow{ID: domain.NewID(), ProgrammeID: programmeID, FoundationID: org.ID, RatioPct: in.RatioPct,
			CapFen: in.CapFen, CreatedBy: actorID(actor), CreatedAt: s.db.now()}
		if err := tx.Omit("FoundationName").Create(&row).Error; err != nil {
			return mapError(err)
		}
		row.FoundationName = org.Name
		out = row.domain()
		return s.db.audit(tx, actor, ptr(org.ID), domain.AuditMatchPledged, "programme", programmeID.String(),
			map[string]any{"pledge_id": row.ID, "ratio_pct": row.RatioPct, "cap_fen": row.CapFen})
	})
	return out, err
}

// FindPledges lists a programme's pledges with what each has matched.
func (s *MatchingService) FindPledges(ctx context.Context, programmeID uuid.UUID) ([]*domain.MatchPledge, error) {
	var rows []pledgeRow
	if err := s.db.conn(ctx).Raw(`SELECT m.*, o.name AS foundation_name FROM match_pledges m
		JOIN organizations o ON o.id = m.foundation_id WHERE m.programme_id = ? ORDER BY m.created_at, m.id`, programmeID).
		Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	out := make([]*domain.MatchPledge, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// applyMatches adds every pledge's match to a gift of giftFen that has
// just been placed, in the caller's transaction (which holds the wish's
// row lock when wishID is set): pledges in the order made, each up to
// its cap and to what the wish still needs, as ledger entries of kind
// match keyed by pledge and gift, so a gift is matched once. A wish the
// matches fill becomes funded.
func (db *DB) applyMatches(tx *gorm.DB, programmeID uuid.UUID, wishID *uuid.UUID, donationID uuid.UUID, giftFen int64, giftSource string) error {
	var pledges []pledgeRow
	if err := tx.Raw(`SELECT * FROM match_pledges WHERE programme_id = ? AND matched_fen < cap_fen ORDER BY created_at, id FOR UPDATE`,
		programmeID).Scan(&pledges).Error; err != nil {
		return mapError(err)
	}
	ledger := &DonationService{db: db}
	for _, p := range pledges {
		room := int64(-1)
		if wishID != nil {
			w, err := findClaimWish(tx, *wishID, false)
			if err != nil {
				return err
			}
			room = w.AmountFen - w.FundedFen - w.HeldFen
		}
		m := domain.MatchAmount(*p.domain(), giftFen, room)
		if m == 0 {
			continue
		}
		now := db.now()
		if err := tx.Exec(`UPDATE match_pledges SET matched_fen = matched_fen + ? WHERE id = ?`, m, p.ID).Error; err != nil {
			return mapError(err)
		}
		if wishID != nil {
			if err := tx.Exec(`UPDATE wishes SET funded_fen = funded_fen + ?, updated_at = ? WHERE id = ?`, m, now, *wishID).Error; err != nil {
				return mapError(err)
			}
		}
		if err := ledger.insertEntry(tx, ledgerEntry{ProgrammeID: programmeID, WishID: wishID, DonationID: &donationID,
			Kind: "match", AmountFen: m, Source: "match:" + p.ID.String() + ":" + giftSource}); err != nil {
			return err
		}
	}
	if wishID == nil {
		return nil
	}
	return mapError(tx.Exec(`UPDATE wishes SET status = 'funded', updated_at = ? WHERE id = ? AND status = 'published'
		AND funded_fen = amount_fen`, db.now(), *wishID).Error)
}
