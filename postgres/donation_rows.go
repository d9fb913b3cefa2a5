package postgres

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// donationRow is a donations row with the facts the webhook has learnt
// (migration 00014) and, for receipts, the host's credit code.
type donationRow struct {
	ID              uuid.UUID
	WishID          *uuid.UUID
	ProgrammeID     uuid.UUID
	HostID          uuid.UUID
	DonorID         *uuid.UUID
	DonorName       string
	DonorEmail      string
	Anonymous       bool
	AmountFen       int64
	RefundedFen     int64
	Currency        string
	Method          string
	Overflow        string
	Status          string
	HoldExpiresAt   *time.Time
	StripeSessionID *string
	StripeIntentID  *string
	StripeChargeID  *string
	ReceiptYear     *int
	ReceiptSeq      *int
	Placement       string
	PaidAt          *time.Time
	DisputedAt      *time.Time
	CheckoutURL     string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	HostCreditCode  string `gorm:"->"`
}

// donationSelect reads donations with their host's credit code.
const donationSelect = `SELECT d.*, h.credit_code AS host_credit_code FROM donations d JOIN organizations h ON h.id = d.host_id`

// receiptNumber is "HT-<host short>-<year>-<seq>": the host short is the
// last six characters of its credit code, so that numbers of different
// hosts never collide on paper.
func receiptNumber(creditCode string, year, seq int) string {
	return fmt.Sprintf("HT-%s-%d-%06d", hostShort(creditCode), year, seq)
}

// hostShort is the last six characters of a host's credit code.
func hostShort(creditCode string) string {
	if len(creditCode) > 6 {
		return creditCode[len(creditCode)-6:]
	}
	return creditCode
}

// domain is the donation as its donor and the host's finance staff see it.
func (r *donationRow) domain() *domain.Donation {
	d := &domain.Donation{
		ID: r.ID, WishID: r.WishID, ProgrammeID: r.ProgrammeID, HostID: r.HostID,
		DonorName: r.DonorName, Anonymous: r.Anonymous, AmountFen: r.AmountFen, RefundedFen: r.RefundedFen,
		Currency: r.Currency, Method: r.Method, Overflow: domain.Overflow(r.Overflow),
		Status: domain.DonationStatus(r.Status), CreatedAt: r.CreatedAt.UTC(),
	}
	if r.Status == string(domain.DonationPending) {
		d.HoldExpiresAt = utcPtr(r.HoldExpiresAt)
		d.CheckoutURL = r.CheckoutURL
	}
	if r.ReceiptYear != nil && r.ReceiptSeq != nil {
		d.ReceiptNo = receiptNumber(r.HostCreditCode, *r.ReceiptYear, *r.ReceiptSeq)
	}
	return d
}

// findDonation reads one donation; lock takes its row lock.
func findDonation(q *gorm.DB, where string, arg any, lock bool) (*donationRow, error) {
	sql := donationSelect + ` WHERE ` + where
	if lock {
		sql += ` FOR UPDATE OF d`
	}
	var rows []donationRow
	if err := q.Raw(sql, arg).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "donation not found")
	}
	return &rows[0], nil
}

// saveFacts writes what the webhook and the hold job change on a
// donation.
func saveFacts(tx *gorm.DB, d *donationRow, now time.Time) error {
	return mapError(tx.Exec(`UPDATE donations SET status = ?, hold_expires_at = ?, stripe_session_id = ?,
		stripe_intent_id = ?, stripe_charge_id = ?, refunded_fen = ?, placement = ?, paid_at = ?,
		disputed_at = ?, receipt_year = ?, receipt_seq = ?, updated_at = ? WHERE id = ?`,
		d.Status, d.HoldExpiresAt, d.StripeSessionID, d.StripeIntentID, d.StripeChargeID, d.RefundedFen,
		d.Placement, d.PaidAt, d.DisputedAt, d.ReceiptYear, d.ReceiptSeq, now, d.ID).Error)
}

// deriveStatus states where a donation stands from its facts, whatever
// order they were learnt in: a dispute first, then refunds, then where
// the money went. Without a placement the status is what the hold made it
// (pending, expired or failed).
func (r *donationRow) deriveStatus() {
	switch {
	case r.DisputedAt != nil:
		r.Status = string(domain.DonationDisputed)
	case r.Placement == "refund", r.Placement != "" && r.RefundedFen >= r.AmountFen:
		r.Status = string(domain.DonationRefunded)
	case r.Placement != "" && r.RefundedFen > 0:
		r.Status = string(domain.DonationPartiallyRefunded)
	case r.Placement == "programme" && r.WishID != nil:
		r.Status = string(domain.DonationRedirected)
	case r.Placement != "":
		r.Status = string(domain.DonationSucceeded)
	}
}

// mayRead reports whether actor may see a donation: its donor, or the
// host's finance staff and owners.
func mayRead(actor *domain.Actor, d *donationRow) bool {
	if actor.Anonymous() {
		return false
	}
	if d.DonorID != nil && *d.DonorID == actor.User.ID {
		return true
	}
	return actor.HasRole(d.HostID, domain.RoleFinance, domain.RoleOwner)
}
