package stripe

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/stripe/stripe-go/v76/webhook"

	"hutong/payments"
)

// ParseEvent verifies the Stripe-Signature header against the signing
// secret, with SignatureTolerance around now (not the wall clock, so that
// tests and replays are judged at the time they claim), checks that the
// event carries the API version stripe-go v76 reads, and reduces it to a
// payments.Event. Every failure is payments.ErrBadSignature.
func (g *Gateway) ParseEvent(payload []byte, header string, now time.Time) (payments.Event, error) {
	if g == nil || g.webhookSecret == "" {
		return payments.Event{}, fmt.Errorf("%w: no webhook secret configured", payments.ErrBadSignature)
	}
	at, ok := signedAt(header)
	if !ok || now.Sub(at).Abs() > payments.SignatureTolerance {
		return payments.Event{}, fmt.Errorf("%w: signature timestamp outside %s", payments.ErrBadSignature, payments.SignatureTolerance)
	}
	// The timestamp is judged above against now; the library checks the
	// signature and the API version.
	e, err := webhook.ConstructEventWithOptions(payload, header, g.webhookSecret,
		webhook.ConstructEventOptions{IgnoreTolerance: true})
	if err != nil {
		return payments.Event{}, fmt.Errorf("%w: %w", payments.ErrBadSignature, err)
	}
	out := payments.Event{ID: e.ID, Type: string(e.Type), Created: time.Unix(e.Created, 0).UTC(), PreviousRefundedFen: -1}
	if e.Data == nil {
		return out, nil
	}
	if prev, ok := e.Data.PreviousAttributes["amount_refunded"].(float64); ok {
		out.PreviousRefundedFen = int64(prev)
	}
	var o object
	if err := json.Unmarshal(e.Data.Raw, &o); err != nil {
		return payments.Event{}, fmt.Errorf("%w: event object: %w", payments.ErrBadSignature, err)
	}
	o.fill(&out)
	return out, nil
}

// object is the union of the fields Hutong reads from sessions, payment
// intents, charges and disputes.
type object struct {
	Object            string            `json:"object"`
	ID                string            `json:"id"`
	ClientReferenceID string            `json:"client_reference_id"`
	Metadata          map[string]string `json:"metadata"`
	PaymentIntent     ref               `json:"payment_intent"`
	PaymentStatus     string            `json:"payment_status"`
	Status            string            `json:"status"`
	AmountTotal       int64             `json:"amount_total"`
	Amount            int64             `json:"amount"`
	AmountReceived    int64             `json:"amount_received"`
	AmountRefunded    int64             `json:"amount_refunded"`
	LatestCharge      ref               `json:"latest_charge"`
	Charge            ref               `json:"charge"`
}

// ref is an id that Stripe may send as a string or an expanded object.
type ref string

// UnmarshalJSON accepts "id", {"id": ...} and null.
func (r *ref) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*r = ref(s)
		return nil
	}
	var o struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	*r = ref(o.ID)
	return nil
}

func (o *object) fill(e *payments.Event) {
	id := o.ClientReferenceID
	if id == "" {
		id = o.Metadata["donation_id"]
	}
	if d, err := uuid.Parse(id); err == nil {
		e.DonationID = d
	}
	e.PaymentIntentID = string(o.PaymentIntent)
	switch o.Object {
	case "checkout.session":
		e.SessionID, e.AmountFen = o.ID, o.AmountTotal
		e.Paid = o.PaymentStatus == "paid"
	case "payment_intent":
		e.PaymentIntentID, e.AmountFen = o.ID, o.AmountReceived
		e.ChargeID = string(o.LatestCharge)
		e.Paid = o.Status == "succeeded"
	case "charge":
		e.ChargeID, e.AmountFen, e.RefundedFen = o.ID, o.Amount, o.AmountRefunded
	case "dispute":
		e.ChargeID, e.AmountFen = string(o.Charge), o.Amount
	}
}
