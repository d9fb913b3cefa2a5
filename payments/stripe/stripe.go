// Package stripe is the payments.Gateway on Stripe: Checkout Sessions in
// CNY with card, Alipay and WeChat Pay as destination charges to the
// host's connected account, refunds, and signed webhooks. No Stripe type
// leaves this package.
package stripe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
	"github.com/stripe/stripe-go/v76/refund"

	"hutong/domain"
	"hutong/payments"
)

// Config is what the gateway needs: the secret key, the webhook signing
// secret and, for tests against stripe-mock, another API base URL.
type Config struct {
	SecretKey     string
	WebhookSecret string
	// APIBase replaces https://api.stripe.com (STRIPE_API_BASE).
	APIBase string
	// HTTPClient defaults to one with a 20 s timeout.
	HTTPClient *http.Client
}

// Gateway is the Stripe implementation of payments.Gateway.
type Gateway struct {
	sessions      session.Client
	refunds       refund.Client
	webhookSecret string
}

var _ payments.Gateway = (*Gateway)(nil)

// New returns a gateway, or a nil interface when no secret key is
// configured: cash giving is then unavailable and everything else works.
func New(c Config) payments.Gateway {
	if c.SecretKey == "" {
		return nil
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 20 * time.Second}
	}
	bc := &stripego.BackendConfig{
		HTTPClient: c.HTTPClient,
		// The idempotency key on every POST makes Stripe's own retries
		// safe; two are enough for a passing network error.
		MaxNetworkRetries: stripego.Int64(2),
		LeveledLogger:     &stripego.LeveledLogger{Level: stripego.LevelNull},
	}
	if c.APIBase != "" {
		bc.URL = stripego.String(strings.TrimRight(c.APIBase, "/"))
	}
	b := stripego.GetBackendWithConfig(stripego.APIBackend, bc)
	return &Gateway{
		sessions:      session.Client{B: b, Key: c.SecretKey},
		refunds:       refund.Client{B: b, Key: c.SecretKey},
		webhookSecret: c.WebhookSecret,
	}
}

// CreateCheckout opens a Checkout Session for one donation.
func (g *Gateway) CreateCheckout(ctx context.Context, p payments.CheckoutParams) (string, string, error) {
	if p.IdempotencyKey == "" || p.HostAccount == "" || p.AmountFen <= 0 {
		return "", "", errors.New("stripe: checkout needs an idempotency key, a host account and an amount")
	}
	params := checkoutParams(p)
	params.Context = ctx
	params.SetIdempotencyKey(p.IdempotencyKey)
	s, err := g.sessions.New(params)
	if err != nil {
		return "", "", unavailable("open the checkout", err)
	}
	return s.ID, s.URL, nil
}

// checkoutParams is the session: CNY, card, Alipay and WeChat Pay (on
// the web), one line, a destination charge to the host, and the donation
// id on the session and its payment intent so that every event finds it.
func checkoutParams(p payments.CheckoutParams) *stripego.CheckoutSessionParams {
	id := p.DonationID.String()
	currency := strings.ToLower(or(p.Currency, payments.Currency))
	params := &stripego.CheckoutSessionParams{
		Mode:               stripego.String(string(stripego.CheckoutSessionModePayment)),
		ClientReferenceID:  stripego.String(id),
		SuccessURL:         stripego.String(p.SuccessURL),
		CancelURL:          stripego.String(p.CancelURL),
		PaymentMethodTypes: stripego.StringSlice([]string{"card", "alipay", "wechat_pay"}),
		PaymentMethodOptions: &stripego.CheckoutSessionPaymentMethodOptionsParams{
			WeChatPay: &stripego.CheckoutSessionPaymentMethodOptionsWeChatPayParams{Client: stripego.String("web")},
		},
		LineItems: []*stripego.CheckoutSessionLineItemParams{{
			Quantity: stripego.Int64(1),
			PriceData: &stripego.CheckoutSessionLineItemPriceDataParams{
				Currency:    stripego.String(currency),
				UnitAmount:  stripego.Int64(p.AmountFen),
				ProductData: &stripego.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripego.String(or(p.Description, "护童 微心愿捐赠"))},
			},
		}},
		PaymentIntentData: &stripego.CheckoutSessionPaymentIntentDataParams{
			Description:  stripego.String(p.Description),
			TransferData: &stripego.CheckoutSessionPaymentIntentDataTransferDataParams{Destination: stripego.String(p.HostAccount)},
		},
		Locale: stripego.String("zh"),
	}
	params.AddMetadata("donation_id", id)
	params.PaymentIntentData.AddMetadata("donation_id", id)
	if !p.ExpiresAt.IsZero() {
		params.ExpiresAt = stripego.Int64(p.ExpiresAt.Unix())
	}
	return params
}

// Refund returns part or all of a payment; the key makes a retry (or a
// redelivered webhook that asks again) refund once.
func (g *Gateway) Refund(ctx context.Context, paymentIntentID string, amountFen int64, key string) error {
	if paymentIntentID == "" || amountFen <= 0 || key == "" {
		return errors.New("stripe: a refund needs a payment intent, an amount and an idempotency key")
	}
	params := &stripego.RefundParams{
		PaymentIntent: stripego.String(paymentIntentID),
		Amount:        stripego.Int64(amountFen),
		// A destination charge's transfer is reversed with the refund, so
		// the host gives back what it received.
		ReverseTransfer: stripego.Bool(true),
	}
	params.Context = ctx
	params.SetIdempotencyKey(key)
	if _, err := g.refunds.New(params); err != nil {
		return unavailable("refund the payment", err)
	}
	return nil
}

// unavailable maps a Stripe failure to EUNAVAILABLE: the donor can try
// again, and the details stay in the log chain, not in the answer.
func unavailable(what string, err error) error {
	return fmt.Errorf("%w (%w)", domain.Errorf(domain.EUNAVAILABLE, "the payment provider could not %s; try again", what), err)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// signedAt reads the t= of a Stripe-Signature header.
func signedAt(header string) (time.Time, bool) {
	for _, part := range strings.Split(header, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "t="); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return time.Time{}, false
			}
			return time.Unix(n, 0), true
		}
	}
	return time.Time{}, false
}
