package postgres

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// OfflineGiftService records bank transfers and cash gifts for a
// fundraising host, and turns a confirmed one into a donation with its
// ledger entry and receipt, in one transaction.
type OfflineGiftService struct{ db *DB }

var _ domain.OfflineGiftService = (*OfflineGiftService)(nil)

// NewOfflineGiftService returns the offline gift service.
func NewOfflineGiftService(db *DB) *OfflineGiftService { return &OfflineGiftService{db: db} }

type offlineGiftRow struct {
	ID          uuid.UUID `gorm:"primaryKey"`
	HostID      uuid.UUID
	ProgrammeID uuid.UUID
	WishID      *uuid.UUID
	AmountFen   int64
	Method      string
	PayerName   string
	Anonymous   bool
	ReceivedOn  domain.Date
	Evidence    string
	Status      string
	Note        string
	DonationID  *uuid.UUID
	RecordedBy  uuid.UUID
	ConfirmedBy *uuid.UUID
	CreatedAt   time.Time
	DecidedAt   *time.Time
}

func (offlineGiftRow) TableName() string { return "offline_gifts" }

func (r *offlineGiftRow) domain() *domain.OfflineGift {
	return &domain.OfflineGift{ID: r.ID, HostID: r.HostID, ProgrammeID: r.ProgrammeID, WishID: r.WishID, AmountFen: r.AmountFen,
		Method: r.Method, PayerName: r.PayerName, Anonymous: r.Anonymous, ReceivedOn: r.ReceivedOn, Evidence: r.Evidence,
		Status: domain.OfflineGiftStatus(r.Status), Note: r.Note, DonationID: r.DonationID, RecordedBy: r.RecordedBy,
		ConfirmedBy: r.ConfirmedBy, CreatedAt: r.CreatedAt.UTC(), DecidedAt: utcPtr(r.DecidedAt)}
}

// financeOf checks that the actor keeps the books of host; anyone else
// learns nothing of its gifts (ENOTFOUND).
func financeOf(q *gorm.DB, actor *domain.Actor, hostID uuid.UUID) (*domain.Organization, error) {
	host, err := findOrg(q, hostID)
	if err != nil {
		return nil, err
	}
	if err := domain.Can(actor, domain.ActionHostFinance, host); err != nil {
		if domain.ErrorCode(err) == domain.EFORBIDDEN {
			return nil, domain.Errorf(domain.ENOTFOUND, "organization not found")
		}
		return nil, err
	}
	return host, nil
}

// giftTarget checks that the programme is hosted by host and the wish,
// if any, is its own and open to gifts of amount.
func giftTarget(q *gorm.DB, hostID, programmeID uuid.UUID, wishID *uuid.UUID, amount int64) error {
	var hosts []uuid.UUID
	if err := q.Raw(`SELECT host_id FROM programmes WHERE id = ? AND host_status = 'accepted'`, programmeID).
		Scan(&hosts).Error; err != nil {
		return mapError(err)
	}
	if len(hosts) == 0 || hosts[0] != hostID {
		return domain.Invalid("programme_id", "is not a programme this organisation hosts")
	}
	if wishID == nil {
		return nil
	}
	var ws []claimWish
	if err := q.Raw(`SELECT id, status, amount_fen, funded_fen, held_fen FROM wishes WHERE id = ? AND programme_id = ?`,
		*wishID, programmeID).Scan(&ws).Error; err != nil {
		return mapError(err)
	}
	if len(ws) == 0 || ws[0].Status != string(domain.WishPublished) {
		return domain.Invalid("wish_id", "is not a published wish of the programme")
	}
	if remaining := ws[0].AmountFen - ws[0].FundedFen - ws[0].HeldFen; amount > remaining {
		return domain.Invalid("amount_fen", "is more than the wish still needs; record the rest to the programme")
	}
	return nil
}

// RecordGift records an offline gift, to be confirmed by someone else.
func (s *OfflineGiftService) RecordGift(ctx context.Context, actor *domain.Actor, hostID uuid.UUID, in domain.OfflineGiftInput) (*domain.OfflineGift, error) {
	if err := in.Normalize(domain.DateOf(s.db.now())); err != nil {
		return nil, err
	}
	var out *domain.OfflineGift
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		if _, err := financeOf(tx, actor, hostID); err != nil {
			return err
		}
		if err := giftTarget(tx, hostID, in.ProgrammeID, in.WishID, in.AmountFen); err != nil {
			return err
		}
		row := offlineGiftRow{ID: domain.NewID(), HostID: hostID, ProgrammeID: in.ProgrammeID, WishID: in.WishID,
			AmountFen: in.AmountFen, Method: in.Method, PayerName: in.PayerName, Anonymous: in.Anonymous,
			ReceivedOn: in.ReceivedOn, Evidence: in.Evidence, Status: string(domain.OfflineRecorded),
			RecordedBy: actor.User.ID, CreatedAt: s.db.now()}
		if err := tx.Create(&row).Error; err != nil {
			return mapError(err)
		}
		out = row.domain()
		return s.db.audit(tx, actor, ptr(hostID), domain.AuditOfflineRecorded, "offline_gift", row.ID.String(),
			map[string]any{"amount_fen": row.AmountFen, "programme_id": row.ProgrammeID, "wish_id": row.WishID})
	})
	return out, err
}

// decide locks a recorded gift and checks the second person's right.
func (s *OfflineGiftService) decide(tx *gorm.DB, actor *domain.Actor, id uuid.UUID) (*offlineGiftRow, error) {
	var rows []offlineGiftRow
	if err := tx.Raw(`SELECT * FROM offline_gifts WHERE id = ? FOR UPDATE`, id).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "gift not found")
	}
	g := &rows[0]
	if _, err := financeOf(tx, actor, g.HostID); err != nil {
		return nil, err
	}
	if g.RecordedBy == actor.User.ID {
		return nil, domain.Errorf(domain.EFORBIDDEN, "rule four_eyes: a gift is confirmed by another finance officer than the one who recorded it")
	}
	if g.Status != string(domain.OfflineRecorded) {
		return nil, domain.Errorf(domain.ECONFLICT, "the gift is already %s", g.Status)
	}
	return g, nil
}

// ConfirmGift turns a recorded gift into a donation on its wish or
// programme, with its ledger entry and receipt number.
func (s *OfflineGiftService) ConfirmGift(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.OfflineGift, error) {
	var out *domain.OfflineGift
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		g, err := s.decide(tx, actor, id)
		if err != nil {
			return err
		}
		now := s.db.now()
		placement := "programme"
		if g.WishID != nil {
			placement = "wish"
			res := tx.Exec(`UPDATE wishes SET funded_fen = funded_fen + ?, updated_at = ? WHERE id = ? AND status = 'published'
				AND funded_fen + held_fen + ? <= amount_fen`, g.AmountFen, now, *g.WishID, g.AmountFen)
			if res.Error != nil {
				return mapError(res.Error)
			}
			if res.RowsAffected != 1 {
				return domain.Errorf(domain.ECONFLICT, "the wish no longer needs this much: reject the gift and record it to the programme")
			}
		}
		d, err := s.insertDonation(tx, g, placement, now)
		if err != nil {
			return err
		}
		if err := s.db.applyMatches(tx, g.ProgrammeID, g.WishID, d.ID, g.AmountFen, "offline:"+g.ID.String()); err != nil {
			return err
		}
		g.Status, g.DonationID, g.ConfirmedBy, g.DecidedAt = string(domain.OfflineConfirmed), &d.ID, ptr(actor.User.ID), &now
		if err := tx.Save(g).Error; err != nil {
			return mapError(err)
		}
		out = g.domain()
		if err := s.db.audit(tx, actor, ptr(g.HostID), domain.AuditOfflineConfirmed, "offline_gift", g.ID.String(),
			map[string]any{"donation_id": d.ID, "amount_fen": g.AmountFen}); err != nil {
			return err
		}
		if g.WishID == nil {
			return nil
		}
		return s.db.reindex(tx, "wishes", g.WishID.String())
	})
	return out, err
}

// insertDonation writes the confirmed gift as a succeeded offline
// donation, appends its ledger entry, marks a full wish funded and numbers
// the receipt.
func (s *OfflineGiftService) insertDonation(tx *gorm.DB, g *offlineGiftRow, placement string, now time.Time) (*donationRow, error) {
	paid := g.ReceivedOn.Start().UTC()
	d := &donationRow{ID: domain.NewID(), WishID: g.WishID, ProgrammeID: g.ProgrammeID, HostID: g.HostID, DonorName: g.PayerName,
		Anonymous: g.Anonymous, AmountFen: g.AmountFen, Currency: domain.CurrencyCNY, Method: "offline", Overflow: string(domain.OverflowProgramme),
		Status: string(domain.DonationSucceeded), Placement: placement, PaidAt: &paid}
	if err := tx.Exec(`INSERT INTO donations (id, wish_id, programme_id, host_id, donor_name, anonymous, amount_fen, currency, method,
		overflow, status, placement, paid_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'CNY', 'offline', 'programme', 'succeeded', ?, ?, ?, ?)`,
		d.ID, d.WishID, d.ProgrammeID, d.HostID, d.DonorName, d.Anonymous, d.AmountFen, placement, paid, now, now).Error; err != nil {
		return nil, mapError(err)
	}
	ledger := &DonationService{db: s.db}
	if err := ledger.insertEntry(tx, ledgerEntry{ProgrammeID: g.ProgrammeID, WishID: g.WishID, DonationID: &d.ID,
		Kind: "offline", AmountFen: g.AmountFen, Source: "offline:" + g.ID.String()}); err != nil {
		return nil, err
	}
	if g.WishID != nil {
		if err := tx.Exec(`UPDATE wishes SET status = 'funded', updated_at = ? WHERE id = ? AND status = 'published'
			AND funded_fen = amount_fen`, now, *g.WishID).Error; err != nil {
			return nil, mapError(err)
		}
	}
	if err := ledger.assignReceipt(tx, d); err != nil {
		return nil, err
	}
	return d, mapError(tx.Exec(`UPDATE donations SET receipt_year = ?, receipt_seq = ? WHERE id = ?`,
		d.ReceiptYear, d.ReceiptSeq, d.ID).Error)
}

// RejectGift rejects a recorded gift with a note; nothing reaches the
// ledger.
func (s *OfflineGiftService) RejectGift(ctx context.Context, actor *domain.Actor, id uuid.UUID, note string) (*domain.OfflineGift, error) {
	note = strings.TrimSpace(note)
	if n := len([]rune(note)); n < 2 || n > 500 {
		return nil, domain.Invalid("note", "must be 2 to 500 characters")
	}
	var out *domain.OfflineGift
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		g, err := s.decide(tx, actor, id)
		if err != nil {
			return err
		}
		now := s.db.now()
		g.Status, g.Note, g.ConfirmedBy, g.DecidedAt = string(domain.OfflineRejected), note, ptr(actor.User.ID), &now
		if err := tx.Save(g).Error; err != nil {
			return mapError(err)
		}
		out = g.domain()
		return s.db.audit(tx, actor, ptr(g.HostID), domain.AuditOfflineRejected, "offline_gift", g.ID.String(), map[string]any{"note": note})
	})
	return out, err
}

// FindGifts lists a host's offline gifts, newest first, to its finance
// staff.
func (s *OfflineGiftService) FindGifts(ctx context.Context, actor *domain.Actor, hostID uuid.UUID) ([]*domain.OfflineGift, error) {
	q := s.db.conn(ctx)
	if _, err := financeOf(q, actor, hostID); err != nil {
		return nil, err
	}
	var rows []offlineGiftRow
	if err := q.Where("host_id = ?", hostID).Order("created_at DESC, id").Limit(domain.MaxPageLimit).Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	out := make([]*domain.OfflineGift, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// FindHostedProgrammes lists the programmes host keeps the money of.
func (s *OfflineGiftService) FindHostedProgrammes(ctx context.Context, actor *domain.Actor, hostID uuid.UUID) ([]domain.HostedProgramme, error) {
	q := s.db.conn(ctx)
	if _, err := financeOf(q, actor, hostID); err != nil {
		return nil, err
	}
	var out []domain.HostedProgramme
	if err := q.Raw(`SELECT id, title, status FROM programmes WHERE host_id = ? AND host_status = 'accepted'
		ORDER BY created_at DESC, id LIMIT ?`, hostID, domain.MaxPageLimit).Scan(&out).Error; err != nil {
		return nil, mapError(err)
	}
	return out, nil
}

var _ domain.HostDonations = (*OfflineGiftService)(nil)

// FindHostDonations lists the gifts a host received (paid or offline),
// newest first, at most MaxPageLimit, to its finance officers.
func (s *OfflineGiftService) FindHostDonations(ctx context.Context, actor *domain.Actor, hostID uuid.UUID) ([]*domain.Donation, error) {
	q := s.db.conn(ctx)
	if _, err := financeOf(q, actor, hostID); err != nil {
		return nil, err
	}
	var rows []donationRow
	if err := q.Raw(donationSelect+` WHERE d.host_id = ? AND d.status <> 'pending' AND d.status <> 'expired' AND d.status <> 'failed'
		ORDER BY d.created_at DESC, d.id LIMIT ?`, hostID, domain.MaxPageLimit).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	out := make([]*domain.Donation, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

var _ domain.HostLedger = (*OfflineGiftService)(nil)

// FindHostLedger lists the latest ledger entries of the programmes host
// keeps the money of, at most MaxPageLimit.
func (s *OfflineGiftService) FindHostLedger(ctx context.Context, actor *domain.Actor, hostID uuid.UUID) ([]domain.LedgerEntry, error) {
	q := s.db.conn(ctx)
	if _, err := financeOf(q, actor, hostID); err != nil {
		return nil, err
	}
	var rows []struct {
		ID          uuid.UUID
		ProgrammeID uuid.UUID
		WishID      *uuid.UUID
		DonationID  *uuid.UUID
		Kind        string
		AmountFen   int64
		Source      string
		CreatedAt   time.Time
	}
	if err := q.Raw(`SELECT l.id, l.programme_id, l.wish_id, l.donation_id, l.kind, l.amount_fen, l.source, l.created_at
		FROM ledger_entries l JOIN programmes p ON p.id = l.programme_id
		WHERE p.host_id = ? ORDER BY l.seq DESC LIMIT ?`, hostID, domain.MaxPageLimit).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	out := make([]domain.LedgerEntry, len(rows))
	for i, r := range rows {
		out[i] = domain.LedgerEntry{ID: r.ID, ProgrammeID: r.ProgrammeID, WishID: r.WishID, DonationID: r.DonationID,
			Kind: r.Kind, AmountFen: r.AmountFen, Source: r.Source, CreatedAt: r.CreatedAt.UTC()}
	}
	return out, nil
}
