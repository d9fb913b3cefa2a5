package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/payments"
)

// DonationService takes cash gifts through a payments.Gateway: a hold on
// the wish while the donor pays, then the webhook's events settle the
// donation into the ledger (donation_settle.go).
type DonationService struct {
	db      *DB
	gateway payments.Gateway
	baseURL string
}

var _ domain.DonationService = (*DonationService)(nil)

// NewDonationService returns the donation service. A nil gateway (no
// STRIPE_SECRET_KEY) makes cash giving EUNAVAILABLE; baseURL is where the
// donor comes back to after paying.
func NewDonationService(db *DB, gateway payments.Gateway, baseURL string) *DonationService {
	return &DonationService{db: db, gateway: gateway, baseURL: strings.TrimRight(baseURL, "/")}
}

// target is what a gift goes to: a wish with its programme and host, or a
// programme alone.
type target struct {
	WishID            *uuid.UUID
	WishTitle         string
	WishStatus        string
	AmountFen         int64
	FundedFen         int64
	HeldFen           int64
	ProgrammeID       uuid.UUID
	ProgrammeTitle    string
	ProgrammeStatus   string
	HostStatus        string
	HostID            *uuid.UUID
	PublicFundraising bool
	StripeAccountID   string
}

const targetSelect = `SELECT w.id AS wish_id, COALESCE(w.title, '') AS wish_title, COALESCE(w.status, '') AS wish_status,
	COALESCE(w.amount_fen, 0) AS amount_fen, COALESCE(w.funded_fen, 0) AS funded_fen, COALESCE(w.held_fen, 0) AS held_fen, p.id AS programme_id, p.title AS programme_title, p.status AS programme_status,
	p.host_status, p.host_id, COALESCE(h.public_fundraising, false) AS public_fundraising,
	COALESCE(h.stripe_account_id, '') AS stripe_account_id
	FROM programmes p LEFT JOIN wishes w ON w.programme_id = p.id AND w.id = ?
	LEFT JOIN organizations h ON h.id = p.host_id`

// findTarget reads the wish (or programme) a gift is for; anything not
// open for gifts is ENOTFOUND.
func findTarget(q *gorm.DB, in domain.DonationInput) (*target, error) {
	var rows []target
	var err error
	if in.WishID != nil {
		err = q.Raw(targetSelect+` WHERE p.id = (SELECT programme_id FROM wishes WHERE id = ?)`, *in.WishID, *in.WishID).Scan(&rows).Error
	} else {
		err = q.Raw(targetSelect+` WHERE p.id = ?`, uuid.Nil, *in.ProgrammeID).Scan(&rows).Error
	}
	if err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 || (in.WishID != nil && rows[0].WishStatus != string(domain.WishPublished)) ||
		(in.WishID == nil && rows[0].ProgrammeStatus != string(domain.ProgrammeActive)) {
		return nil, domain.Errorf(domain.ENOTFOUND, "no wish or programme open for gifts here")
	}
	t := &rows[0]
	if t.HostStatus != string(domain.HostAccepted) || t.HostID == nil || !t.PublicFundraising || t.StripeAccountID == "" {
		return nil, domain.Invalid("wish_id", "this programme has no licensed fundraising host that takes cash; it takes in-kind gifts only")
	}
	return t, nil
}

// normalizeDonation checks the donor's input; the wish's remaining
// amount is checked against the row.
func normalizeDonation(actor *domain.Actor, in *domain.DonationInput) error {
	var v domain.Validation
	v.Check(in.WishID != nil || in.ProgrammeID != nil, "wish_id", "name a wish or a programme")
	v.Check(in.AmountFen >= domain.MinDonationFen, "amount_fen", "must be at least ¥1 (100 fen)")
	if in.Overflow == "" {
		in.Overflow = domain.OverflowProgramme
	}
	v.Check(in.Overflow == domain.OverflowProgramme || in.Overflow == domain.OverflowRefund, "overflow", "must be programme or refund")
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if in.DisplayName == "" {
		in.DisplayName = actor.User.DisplayName
	}
	v.Check(utf8.RuneCountInString(in.DisplayName) <= 40, "display_name", "at most 40 characters")
	return v.Err()
}

// yuan formats fen as ¥12.34 for messages.
func yuan(fen int64) string { return fmt.Sprintf("¥%d.%02d", fen/100, fen%100) }

// StartDonation holds the amount on the wish in one transaction (a
// conditional update, so that concurrent donors never hold past the
// amount), records the pending donation, and after commit opens the
// checkout; if that fails the hold is released.
func (s *DonationService) StartDonation(ctx context.Context, actor *domain.Actor, in domain.DonationInput) (*domain.Donation, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in to give")
	}
	if s.gateway == nil {
		return nil, domain.Errorf(domain.EUNAVAILABLE, "cash giving is unavailable on this server; in-kind claims still work")
	}
	if err := normalizeDonation(actor, &in); err != nil {
		return nil, err
	}
	t, err := findTarget(s.db.conn(ctx), in)
	if err != nil {
		return nil, err
	}
	if t.WishID != nil {
		if remaining := t.AmountFen - t.FundedFen - t.HeldFen; in.AmountFen > remaining {
			return nil, domain.Invalid("amount_fen", fmt.Sprintf("at most %s, what the wish still needs", yuan(max(remaining, 0))))
		}
	}
	row, err := s.hold(ctx, actor, in, t)
	if err != nil {
		return nil, err
	}
	return s.checkout(ctx, row, t)
}

// hold reserves the amount and inserts the pending donation.
func (s *DonationService) hold(ctx context.Context, actor *domain.Actor, in domain.DonationInput, t *target) (*donationRow, error) {
	now := s.db.now()
	expires := now.Add(domain.HoldDuration)
	row := &donationRow{
		ID: uuid.New(), WishID: t.WishID, ProgrammeID: t.ProgrammeID, HostID: *t.HostID, DonorID: ptr(actor.User.ID),
		DonorName: in.DisplayName, DonorEmail: actor.User.Email, Anonymous: in.Anonymous, AmountFen: in.AmountFen,
		Currency: payments.Currency, Method: "stripe", Overflow: string(in.Overflow), Status: string(domain.DonationPending),
		HoldExpiresAt: &expires, CreatedAt: now, UpdatedAt: now,
	}
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		if t.WishID != nil {
			res := tx.Exec(`UPDATE wishes SET held_fen = held_fen + ?, updated_at = ? WHERE id = ? AND status = 'published'
				AND funded_fen + held_fen + ? <= amount_fen`, in.AmountFen, now, *t.WishID, in.AmountFen)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				return s.noRoom(tx, *t.WishID)
			}
		}
		if err := tx.Exec(`INSERT INTO donations (id, wish_id, programme_id, host_id, donor_id, donor_name, donor_email,
			anonymous, amount_fen, currency, method, overflow, status, hold_expires_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, row.ID, row.WishID, row.ProgrammeID, row.HostID,
			row.DonorID, row.DonorName, row.DonorEmail, row.Anonymous, row.AmountFen, row.Currency, row.Method,
			row.Overflow, row.Status, row.HoldExpiresAt, now, now).Error; err != nil {
			return err
		}
		return s.db.audit(tx, actor, t.HostID, "donation.start", "donation", row.ID.String(),
			map[string]any{"amount_fen": row.AmountFen, "wish_id": row.WishID, "programme_id": row.ProgrammeID})
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

// noRoom is the 409 of a donor who lost the race for the last part.
func (s *DonationService) noRoom(tx *gorm.DB, wishID uuid.UUID) error {
	var left []int64
	if err := tx.Raw(`SELECT GREATEST(amount_fen - funded_fen - held_fen, 0) FROM wishes WHERE id = ?`, wishID).Scan(&left).Error; err != nil {
		return err
	}
	remaining := int64(0)
	if len(left) == 1 {
		remaining = left[0]
	}
	msg := fmt.Sprintf("others are giving to this wish right now; %s remains", yuan(remaining))
	e := domain.Errorf(domain.ECONFLICT, "%s", msg)
	e.Fields = []domain.FieldError{{Field: "amount_fen", Message: msg}}
	return e
}

// checkout opens the Checkout Session for a held donation and keeps its
// id and URL; on failure the hold goes back at once.
func (s *DonationService) checkout(ctx context.Context, row *donationRow, t *target) (*domain.Donation, error) {
	purpose := "护童 微心愿项目：" + t.ProgrammeTitle
	back := s.baseURL + "/programmes/" + t.ProgrammeID.String()
	if t.WishID != nil {
		purpose = "护童 微心愿：" + t.WishTitle
		back = s.baseURL + "/wishes/" + t.WishID.String()
	}
	sid, url, err := s.gateway.CreateCheckout(ctx, payments.CheckoutParams{
		DonationID: row.ID, AmountFen: row.AmountFen, Currency: payments.Currency, Description: purpose,
		HostAccount: t.StripeAccountID, SuccessURL: s.baseURL + "/donations/" + row.ID.String() + "/thanks",
		CancelURL: back, ExpiresAt: checkoutExpiry(s.db.now()), IdempotencyKey: payments.CheckoutKey(row.ID),
	})
	if err != nil {
		s.abandon(context.WithoutCancel(ctx), row.ID)
		return nil, err
	}
	now := s.db.now()
	err = s.db.conn(ctx).Exec(`UPDATE donations SET stripe_session_id = ?, checkout_url = ?, updated_at = ? WHERE id = ?`,
		sid, url, now, row.ID).Error
	if err != nil {
		return nil, mapError(err)
	}
	row.StripeSessionID, row.CheckoutURL = &sid, url
	var host []string
	_ = s.db.conn(ctx).Raw(`SELECT credit_code FROM organizations WHERE id = ?`, row.HostID).Scan(&host).Error
	if len(host) == 1 {
		row.HostCreditCode = host[0]
	}
	return row.domain(), nil
}

// checkoutExpiry is the earliest end Stripe accepts for a Checkout
// Session (30 minutes, plus a minute of slack): longer than the hold, so
// a late payment follows the donor's overflow choice.
func checkoutExpiry(now time.Time) time.Time { return now.Add(31 * time.Minute) }

// abandon releases the hold of a donation whose checkout never opened.
func (s *DonationService) abandon(ctx context.Context, id uuid.UUID) {
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		d, err := findDonation(tx, `d.id = ?`, id, true)
		if err != nil {
			return err
		}
		if d.PaidAt != nil {
			return nil
		}
		if err := releaseHold(tx, d, domain.DonationFailed); err != nil {
			return err
		}
		return saveFacts(tx, d, s.db.now())
	})
	if err != nil {
		s.db.opts.Logger.Error("donation: releasing the hold of a failed checkout", "donation_id", id, "err", err)
	}
}

// releaseHold gives a pending donation's held amount back to the wish (a
// gift to a programme holds nothing) and sets its status (expired or
// failed); a donation whose hold already ended keeps its status.
func releaseHold(tx *gorm.DB, d *donationRow, status domain.DonationStatus) error {
	if d.HoldExpiresAt == nil {
		return nil
	}
	if d.WishID != nil {
		if err := tx.Exec(`UPDATE wishes SET held_fen = held_fen - ? WHERE id = ?`, d.AmountFen, *d.WishID).Error; err != nil {
			return mapError(err)
		}
	}
	d.HoldExpiresAt = nil
	if d.Status == string(domain.DonationPending) {
		d.Status = string(status)
	}
	return nil
}
