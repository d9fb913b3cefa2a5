package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// DonationStatus is where a cash gift stands.
type DonationStatus string

// Donation statuses. A pending donation holds its amount on the wish
// while the donor pays (HoldDuration); the webhook makes it succeeded or
// failed, or the hold job expires it.
const (
	DonationPending           DonationStatus = "pending"
	DonationSucceeded         DonationStatus = "succeeded"
	DonationFailed            DonationStatus = "failed"
	DonationExpired           DonationStatus = "expired"
	DonationRefunded          DonationStatus = "refunded"
	DonationPartiallyRefunded DonationStatus = "partially_refunded"
	DonationDisputed          DonationStatus = "disputed"
	DonationRedirected        DonationStatus = "redirected"
)

// Overflow says where a donor's money goes when the wish is already full
// or is cancelled: to the programme, or back to the donor.
type Overflow string

// Overflow choices.
const (
	OverflowProgramme Overflow = "programme"
	OverflowRefund    Overflow = "refund"
)

// Donation limits: at least ¥1; the hold lasts while the donor pays.
const (
	MinDonationFen = 100
	HoldDuration   = 15 * time.Minute
)

// AnonymousDonor is how an anonymous donor is shown (爱心人士).
const AnonymousDonor = "爱心人士"

// Donation is a cash gift to a wish (or to its programme), as its donor
// and the host's finance staff see it. DonorEmail is never public.
type Donation struct {
	ID          uuid.UUID      `json:"id"`
	WishID      *uuid.UUID     `json:"wish_id,omitempty"`
	ProgrammeID uuid.UUID      `json:"programme_id"`
	HostID      uuid.UUID      `json:"host_id"`
	DonorName   string         `json:"donor_name"`
	Anonymous   bool           `json:"anonymous"`
	AmountFen   int64          `json:"amount_fen"`
	RefundedFen int64          `json:"refunded_fen"`
	Currency    string         `json:"currency"`
	Method      string         `json:"method"`
	Overflow    Overflow       `json:"overflow"`
	Status      DonationStatus `json:"status"`
	// HoldExpiresAt is when a pending donation's hold ends.
	HoldExpiresAt *time.Time `json:"hold_expires_at,omitempty"`
	// CheckoutURL is where the donor pays, for a pending Stripe donation.
	CheckoutURL string    `json:"checkout_url,omitempty"`
	ReceiptNo   string    `json:"receipt_no,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// DonationInput is a donor's gift: to a wish, or (WishID nil) to the
// programme, at least MinDonationFen and at most what the wish still
// needs.
type DonationInput struct {
	WishID      *uuid.UUID `json:"wish_id"`
	ProgrammeID *uuid.UUID `json:"programme_id"`
	AmountFen   int64      `json:"amount_fen"`
	Anonymous   bool       `json:"anonymous"`
	DisplayName string     `json:"display_name"`
	Overflow    Overflow   `json:"overflow"`
}

// DonorWallEntry is one gift as the public sees it.
type DonorWallEntry struct {
	DonorName string    `json:"donor_name"`
	AmountFen int64     `json:"amount_fen"`
	At        time.Time `json:"at"`
}

// Receipt is a numbered donation receipt (捐赠票据 style) of a host.
type Receipt struct {
	Number      string    `json:"number"`
	HostName    string    `json:"host_name"`
	DonorName   string    `json:"donor_name"`
	AmountFen   int64     `json:"amount_fen"`
	Purpose     string    `json:"purpose"`
	ReceivedAt  time.Time `json:"received_at"`
	DonationIDs []string  `json:"donation_ids"`
}

// LedgerEntry is one movement of money: positive in, negative out.
type LedgerEntry struct {
	ID          uuid.UUID  `json:"id"`
	ProgrammeID uuid.UUID  `json:"programme_id"`
	WishID      *uuid.UUID `json:"wish_id,omitempty"`
	DonationID  *uuid.UUID `json:"donation_id,omitempty"`
	Kind        string     `json:"kind"`
	AmountFen   int64      `json:"amount_fen"`
	Source      string     `json:"source"`
	CreatedAt   time.Time  `json:"created_at"`
}

// DonationService takes cash gifts. Holds, webhooks and the ledger keep
// a wish from ever being funded past its amount.
type DonationService interface {
	// StartDonation holds the amount on the wish and opens a Stripe
	// Checkout Session; without a gateway it is EUNAVAILABLE.
	StartDonation(ctx context.Context, actor *Actor, in DonationInput) (*Donation, error)
	FindDonationByID(ctx context.Context, actor *Actor, id uuid.UUID) (*Donation, error)
	FindReceipt(ctx context.Context, actor *Actor, donationID uuid.UUID) (*Receipt, error)
	FindDonorWall(ctx context.Context, wishID uuid.UUID, page Page) ([]DonorWallEntry, string, error)
	// ReleaseExpiredHolds ends the holds of donations not paid in time.
	ReleaseExpiredHolds(ctx context.Context) (int, error)
	// FindYearReceipts combines the actor's receipts of a year, one per
	// host.
	FindYearReceipts(ctx context.Context, actor *Actor, year int) ([]Receipt, error)
	// RefundDonation refunds part or all of a Stripe gift (the host's
	// finance staff); a disputed payment is ECONFLICT.
	RefundDonation(ctx context.Context, actor *Actor, id uuid.UUID, amountFen int64) (*Donation, error)
	WishCanceller
}

// ReleaseHoldsArgs is the periodic job that releases expired holds.
type ReleaseHoldsArgs struct{}

// Kind names the job for the queue.
func (ReleaseHoldsArgs) Kind() string { return "release_holds" }
