// Package payments is Hutong's side of card, Alipay and WeChat Pay
// giving: the Gateway the donation service asks to open checkouts and
// refund, and the Event it reads back from signed webhooks. It speaks in
// hutong's own types (fen, donation ids) so that no payment provider's
// type leaks past its adapter (payments/stripe).
package payments

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
)

// Currency is the only currency Hutong takes: renminbi.
const Currency = "CNY"

// CheckoutParams is one donation's checkout: the amount, where the money
// goes (the host's connected account) and the donor's way back.
type CheckoutParams struct {
	DonationID  uuid.UUID
	AmountFen   int64
	Currency    string
	Description string
	// HostAccount is the fundraising host's connected account id
	// (acct_...), the destination of the charge.
	HostAccount string
	SuccessURL  string
	CancelURL   string
	// ExpiresAt ends the checkout; a payment after the donation's hold has
	// ended follows the donor's overflow choice.
	ExpiresAt time.Time
	// IdempotencyKey makes a retried request create one checkout; derive
	// it from the donation id (CheckoutKey).
	IdempotencyKey string
}

// CheckoutKey is the idempotency key of a donation's checkout.
func CheckoutKey(donationID uuid.UUID) string { return "hutong-checkout-" + donationID.String() }

// RefundKey is the idempotency key of a refund of a donation; reason
// tells apart refunds of different causes (overflow, cancellation).
func RefundKey(donationID uuid.UUID, reason string) string {
	return "hutong-refund-" + reason + "-" + donationID.String()
}

// Event types the donation service acts on; others are recorded and
// ignored.
const (
	EventCheckoutCompleted = "checkout.session.completed"
	EventCheckoutExpired   = "checkout.session.expired"
	EventPaymentSucceeded  = "payment_intent.succeeded"
	EventPaymentFailed     = "payment_intent.payment_failed"
	EventChargeRefunded    = "charge.refunded"
	EventDisputeCreated    = "charge.dispute.created"
)

// Event is a verified webhook event, reduced to what the ledger needs.
// DonationID comes from the checkout's client reference or metadata, so
// an event is matched to its donation whatever order events arrive in.
type Event struct {
	ID              string
	Type            string
	Created         time.Time
	DonationID      uuid.UUID
	SessionID       string
	PaymentIntentID string
	ChargeID        string
	// AmountFen is the amount the object names (session total, amount
	// received, charge or dispute amount).
	AmountFen int64
	// RefundedFen is the charge's cumulative refunded amount, for
	// charge.refunded: events carry totals, so a late or repeated event
	// never refunds twice.
	RefundedFen int64
	// PreviousRefundedFen is the total refunded before this event, from
	// the event's previous attributes, or -1 when Stripe did not say. With
	// it each refund event is one step [previous, total), written once
	// whatever order the steps arrive in.
	PreviousRefundedFen int64
	// Paid is true for a completed session that is paid, or a succeeded
	// payment intent.
	Paid bool
}

// ErrBadSignature is what ParseEvent answers for an unsigned, altered or
// stale payload, or one of another API version: the caller answers 400
// and writes nothing.
var ErrBadSignature = errors.New("payments: webhook signature, timestamp or version not accepted")

// ErrUnmatchedEvent is a payment event for a charge or payment intent no
// donation knows yet (its payment's own events have not arrived): the
// webhook answers 5xx so that the provider delivers it again later.
var ErrUnmatchedEvent = errors.New("payments: event matches no donation yet")

// SignatureTolerance is how old a signed webhook may be.
const SignatureTolerance = 300 * time.Second

// Gateway opens checkouts, refunds and verifies webhooks at the payment
// provider. Every call that creates something carries an idempotency key.
type Gateway interface {
	// CreateCheckout opens a hosted checkout and answers its id and URL.
	CreateCheckout(ctx context.Context, p CheckoutParams) (sessionID, url string, err error)
	// Refund returns amountFen of a payment to the donor.
	Refund(ctx context.Context, paymentIntentID string, amountFen int64, idempotencyKey string) error
	// ParseEvent verifies a webhook's signature (SignatureTolerance
	// around now) and reads the event.
	ParseEvent(payload []byte, signatureHeader string, now time.Time) (Event, error)
}
