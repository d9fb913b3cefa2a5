package postgres

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// ledgerEntry is one row of the append-only ledger.
type ledgerEntry struct {
	ProgrammeID uuid.UUID
	WishID      *uuid.UUID
	DonationID  *uuid.UUID
	Kind        string
	AmountFen   int64
	Source      string
}

// insertEntry appends an entry and adds it to its programme's raised
// total, in the caller's transaction; the caller has moved the wish's
// funded_fen by the same amount. A second entry of the same kind and
// source violates UNIQUE(kind, source) and rolls everything back.
func (s *DonationService) insertEntry(tx *gorm.DB, e ledgerEntry) error {
	now := s.db.now()
	if err := tx.Exec(`INSERT INTO ledger_entries (id, programme_id, wish_id, donation_id, kind, amount_fen, source, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, uuid.New(), e.ProgrammeID, e.WishID, e.DonationID, e.Kind, e.AmountFen,
		e.Source, now).Error; err != nil {
		return mapError(err)
	}
	return mapError(tx.Exec(`UPDATE programmes SET raised_fen = raised_fen + ?, updated_at = ? WHERE id = ?`,
		e.AmountFen, now, e.ProgrammeID).Error)
}

// assignReceipt numbers a received gift's receipt: per host and year (in
// Beijing time), without gaps, the counter row locked by the upsert.
func (s *DonationService) assignReceipt(tx *gorm.DB, d *donationRow) error {
	if d.ReceiptSeq != nil {
		return nil
	}
	at := s.db.now()
	if d.PaidAt != nil {
		at = *d.PaidAt
	}
	year := at.In(domain.Shanghai).Year()
	var seq []int
	if err := tx.Raw(`INSERT INTO receipt_counters (host_id, year, last) VALUES (?, ?, 1)
		ON CONFLICT (host_id, year) DO UPDATE SET last = receipt_counters.last + 1 RETURNING last`,
		d.HostID, year).Scan(&seq).Error; err != nil {
		return mapError(err)
	}
	d.ReceiptYear, d.ReceiptSeq = &year, &seq[0]
	return nil
}

// LedgerMismatch is a wish or programme whose stored total differs from
// the sum of its ledger entries.
type LedgerMismatch struct {
	Kind   string // "wish" or "programme"
	ID     uuid.UUID
	Stored int64
	Ledger int64
}

// String words the mismatch for `hutong ledger verify`.
func (m LedgerMismatch) String() string {
	return fmt.Sprintf("%s %s: stored %d fen, ledger sums to %d fen", m.Kind, m.ID, m.Stored, m.Ledger)
}

// VerifyLedger checks that every wish's funded_fen and every programme's
// raised_fen equal the sums of their ledger entries, in one snapshot.
func VerifyLedger(ctx context.Context, db *DB) ([]LedgerMismatch, error) {
	var out []LedgerMismatch
	err := db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`).Error; err != nil {
			return err
		}
		for _, q := range []struct{ kind, sql string }{
			{"wish", `SELECT w.id, w.funded_fen AS stored, COALESCE(SUM(l.amount_fen), 0) AS ledger
				FROM wishes w LEFT JOIN ledger_entries l ON l.wish_id = w.id
				GROUP BY w.id HAVING w.funded_fen <> COALESCE(SUM(l.amount_fen), 0) ORDER BY w.id`},
			{"programme", `SELECT p.id, p.raised_fen AS stored, COALESCE(SUM(l.amount_fen), 0) AS ledger
				FROM programmes p LEFT JOIN ledger_entries l ON l.programme_id = p.id
				GROUP BY p.id HAVING p.raised_fen <> COALESCE(SUM(l.amount_fen), 0) ORDER BY p.id`},
		} {
			var rows []LedgerMismatch
			if err := tx.Raw(q.sql).Scan(&rows).Error; err != nil {
				return err
			}
			for i := range rows {
				rows[i].Kind = q.kind
			}
			out = append(out, rows...)
		}
		return nil
	})
	return out, mapError(err)
}
