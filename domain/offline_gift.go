package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// OfflineGiftStatus is where an offline gift stands: recorded by one of
// the host's finance staff, then confirmed (it counts) or rejected by
// another.
type OfflineGiftStatus string

// Offline gift statuses.
const (
	OfflineRecorded  OfflineGiftStatus = "recorded"
	OfflineConfirmed OfflineGiftStatus = "confirmed"
	OfflineRejected  OfflineGiftStatus = "rejected"
)

// Offline gift methods.
const (
	OfflineBankTransfer = "bank_transfer"
	OfflineCash         = "cash"
)

// ActionHostFinance is recording and confirming offline gifts for a
// fundraising host: its finance staff.
const ActionHostFinance Action = "host.finance"

// financeAllowed decides ActionHostFinance: a licensed host's finance
// role only (owners delegate money to finance officers by giving them
// the role).
func financeAllowed(a *Actor, org *Organization) bool {
	return org != nil && org.PublicFundraising && a.HasRole(org.ID, RoleFinance)
}

// Audit actions of offline gifts.
const (
	AuditOfflineRecorded  = "offline_gift.recorded"
	AuditOfflineConfirmed = "offline_gift.confirmed"
	AuditOfflineRejected  = "offline_gift.rejected"
)

// OfflineGift is a bank transfer or cash gift as the host's finance staff
// see it. PayerName is theirs; the public sees the gift on the donor wall
// once confirmed, by name or as 爱心人士.
type OfflineGift struct {
	ID          uuid.UUID         `json:"id"`
	HostID      uuid.UUID         `json:"host_id"`
	ProgrammeID uuid.UUID         `json:"programme_id"`
	WishID      *uuid.UUID        `json:"wish_id,omitempty"`
	AmountFen   int64             `json:"amount_fen"`
	Method      string            `json:"method"`
	PayerName   string            `json:"payer_name"`
	Anonymous   bool              `json:"anonymous"`
	ReceivedOn  Date              `json:"received_on"`
	Evidence    string            `json:"evidence"`
	Status      OfflineGiftStatus `json:"status"`
	Note        string            `json:"note,omitempty"`
	DonationID  *uuid.UUID        `json:"donation_id,omitempty"`
	RecordedBy  uuid.UUID         `json:"recorded_by"`
	ConfirmedBy *uuid.UUID        `json:"confirmed_by,omitempty"`
	CreatedAt   time.Time         `json:"created_at"`
	DecidedAt   *time.Time        `json:"decided_at,omitempty"`
}

// OfflineGiftInput is what finance staff record: the gift, whom it is
// for (a wish, or the programme with WishID nil) and where the evidence
// is (the bank statement line, the cash receipt book page).
type OfflineGiftInput struct {
	ProgrammeID uuid.UUID  `json:"programme_id"`
	WishID      *uuid.UUID `json:"wish_id"`
	AmountFen   int64      `json:"amount_fen"`
	Method      string     `json:"method"`
	PayerName   string     `json:"payer_name"`
	Anonymous   bool       `json:"anonymous"`
	ReceivedOn  Date       `json:"received_on"`
	Evidence    string     `json:"evidence"`
}

// Normalize trims and checks the gift as of today, naming each field.
func (in *OfflineGiftInput) Normalize(today Date) error {
	var v Validation
	in.PayerName, in.Evidence, in.Method = trimSpace(in.PayerName), trimSpace(in.Evidence), trimSpace(in.Method)
	v.Check(in.ProgrammeID != uuid.Nil, "programme_id", "is required")
	v.Check(in.AmountFen >= MinDonationFen, "amount_fen", "must be at least 100 fen (¥1)")
	v.Check(in.Method == OfflineBankTransfer || in.Method == OfflineCash, "method", "must be bank_transfer or cash")
	n := len([]rune(in.PayerName))
	v.Check(n >= 1 && n <= 60, "payer_name", "must be 1 to 60 characters")
	v.Check(!in.ReceivedOn.IsZero() && !in.ReceivedOn.After(today), "received_on", "must be a date not in the future")
	n = len([]rune(in.Evidence))
	v.Check(n >= 4 && n <= 500, "evidence", "must be 4 to 500 characters: where the bank line or receipt is kept")
	return v.Err()
}

// OfflineGiftService records and confirms offline gifts, four eyes.
type OfflineGiftService interface {
	RecordGift(ctx context.Context, actor *Actor, hostID uuid.UUID, in OfflineGiftInput) (*OfflineGift, error)
	// ConfirmGift makes a recorded gift count: a donation, its ledger
	// entry and receipt, in one transaction. The person who recorded it
	// may not confirm it (EFORBIDDEN); a gift to a wish that no longer
	// needs that much is ECONFLICT.
	ConfirmGift(ctx context.Context, actor *Actor, id uuid.UUID) (*OfflineGift, error)
	RejectGift(ctx context.Context, actor *Actor, id uuid.UUID, note string) (*OfflineGift, error)
	FindGifts(ctx context.Context, actor *Actor, hostID uuid.UUID) ([]*OfflineGift, error)
	// FindHostedProgrammes lists the programmes host has accepted to
	// host, to its finance officers.
	FindHostedProgrammes(ctx context.Context, actor *Actor, hostID uuid.UUID) ([]HostedProgramme, error)
}

// HostedProgramme is a programme a host keeps the money of, for its
// finance officers' forms.
type HostedProgramme struct {
	ID     uuid.UUID       `json:"id"`
	Title  string          `json:"title"`
	Status ProgrammeStatus `json:"status"`
}

// HostDonations lists a host's received gifts for its finance officers:
// what the donations desk shows beside offline gifts, with the refund
// action for Stripe gifts.
type HostDonations interface {
	FindHostDonations(ctx context.Context, actor *Actor, hostID uuid.UUID) ([]*Donation, error)
}

// HostLedger lists the ledger entries of the programmes a host keeps the
// money of, newest first, for its finance officers.
type HostLedger interface {
	FindHostLedger(ctx context.Context, actor *Actor, hostID uuid.UUID) ([]LedgerEntry, error)
}
