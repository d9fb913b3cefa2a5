package stripe_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/payments"
	"hutong/payments/stripe"
	"hutong/payments/stripetest"
)

// recorder forwards requests to stripe-mock, which validates them
// against Stripe's OpenAPI spec, and keeps what was sent.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	method, path, key string
	form              url.Values
}

func newGateway(t *testing.T) (payments.Gateway, *recorder) {
	t.Helper()
	base := stripetest.Start(t)
	target, _ := url.Parse(base)
	proxy := httputil.NewSingleHostReverseProxy(target)
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, recorded{r.Method, r.URL.Path, r.Header.Get("Idempotency-Key"), form})
		rec.mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	g := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, WebhookSecret: stripetest.WebhookSecret, APIBase: srv.URL})
	return g, rec
}

func TestCreateCheckout(t *testing.T) {
	t.Parallel()
	g, rec := newGateway(t)
	id := uuid.New()
	expires := time.Now().Add(30 * time.Minute)
	sid, u, err := g.CreateCheckout(context.Background(), payments.CheckoutParams{
		DonationID: id, AmountFen: 12345, Currency: payments.Currency, Description: "微心愿：书包",
		HostAccount: "acct_1HostAbc", SuccessURL: "https://hutong.example/thanks", CancelURL: "https://hutong.example/wish",
		ExpiresAt: expires, IdempotencyKey: payments.CheckoutKey(id),
	})
	if err != nil {
		t.Fatalf("stripe-mock refused the checkout: %v", err)
	}
	if !strings.HasPrefix(sid, "cs_") || u == "" {
		t.Fatalf("session %q url %q", sid, u)
	}
	if len(rec.reqs) != 1 {
		t.Fatalf("want one request, got %d", len(rec.reqs))
	}
	r := rec.reqs[0]
	want := map[string]string{
		"mode":                                            "payment",
		"client_reference_id":                             id.String(),
		"line_items[0][price_data][currency]":             "cny",
		"line_items[0][price_data][unit_amount]":          "12345",
		"line_items[0][quantity]":                         "1",
		"payment_method_types[0]":                         "card",
		"payment_method_types[1]":                         "alipay",
		"payment_method_types[2]":                         "wechat_pay",
		"payment_method_options[wechat_pay][client]":      "web",
		"payment_intent_data[transfer_data][destination]": "acct_1HostAbc",
		"payment_intent_data[metadata][donation_id]":      id.String(),
		"metadata[donation_id]":                           id.String(),
		"expires_at":                                      strconv.FormatInt(expires.Unix(), 10),
		"success_url":                                     "https://hutong.example/thanks",
	}
	for k, v := range want {
		if got := r.form.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if r.method != http.MethodPost || r.path != "/v1/checkout/sessions" || r.key != payments.CheckoutKey(id) {
		t.Errorf("request %s %s key %q", r.method, r.path, r.key)
	}
}

func TestCreateCheckoutRefusedWithoutKeyOrHost(t *testing.T) {
	t.Parallel()
	g := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, APIBase: "http://127.0.0.1:1"})
	_, _, err := g.CreateCheckout(context.Background(), payments.CheckoutParams{DonationID: uuid.New(), AmountFen: 100})
	if err == nil {
		t.Fatal("a checkout without idempotency key and host was sent")
	}
}

func TestNoSecretKeyMeansNoGateway(t *testing.T) {
	t.Parallel()
	if g := stripe.New(stripe.Config{}); g != nil {
		t.Fatal("a gateway without a secret key")
	}
}

func TestUnreachableStripeIsUnavailable(t *testing.T) {
	t.Parallel()
	g := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, APIBase: "http://127.0.0.1:1"})
	id := uuid.New()
	_, _, err := g.CreateCheckout(context.Background(), payments.CheckoutParams{DonationID: id, AmountFen: 100,
		HostAccount: "acct_1", IdempotencyKey: payments.CheckoutKey(id), SuccessURL: "https://x", CancelURL: "https://x"})
	if e := domain.AsError(err); e == nil || e.Code != domain.EUNAVAILABLE {
		t.Fatalf("want EUNAVAILABLE, got %v", err)
	}
}

func TestRefund(t *testing.T) {
	t.Parallel()
	g, rec := newGateway(t)
	id := uuid.New()
	if err := g.Refund(context.Background(), "pi_123", 500, payments.RefundKey(id, "overflow")); err != nil {
		t.Fatalf("stripe-mock refused the refund: %v", err)
	}
	r := rec.reqs[0]
	if r.path != "/v1/refunds" || r.form.Get("payment_intent") != "pi_123" || r.form.Get("amount") != "500" ||
		r.form.Get("reverse_transfer") != "true" || r.key != payments.RefundKey(id, "overflow") {
		t.Fatalf("refund request %+v", r)
	}
}

func TestParseEvent(t *testing.T) {
	t.Parallel()
	g := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, WebhookSecret: stripetest.WebhookSecret})
	id := uuid.New()
	now := time.Now()
	payload := stripetest.Event("evt_1", payments.EventCheckoutCompleted,
		stripetest.Session("cs_1", id.String(), "pi_1", "paid", 1000))
	t.Run("signed is read", func(t *testing.T) {
		t.Parallel()
		e, err := g.ParseEvent(payload, stripetest.Sign(payload, now), now)
		if err != nil {
			t.Fatal(err)
		}
		if e.ID != "evt_1" || e.Type != payments.EventCheckoutCompleted || e.DonationID != id ||
			e.SessionID != "cs_1" || e.PaymentIntentID != "pi_1" || !e.Paid || e.AmountFen != 1000 {
			t.Fatalf("event %+v", e)
		}
	})
	bad := map[string]func() ([]byte, string){
		"unsigned is refused": func() ([]byte, string) { return payload, "" },
		"altered is refused": func() ([]byte, string) {
			return []byte(strings.Replace(string(payload), "1000", "9000", 1)), stripetest.Sign(payload, now)
		},
		"stale is refused":        func() ([]byte, string) { return payload, stripetest.Sign(payload, now.Add(-301*time.Second)) },
		"from the future refused": func() ([]byte, string) { return payload, stripetest.Sign(payload, now.Add(301*time.Second)) },
		"other version is refused": func() ([]byte, string) {
			p := []byte(strings.Replace(string(payload), stripetest.APIVersion, "2020-08-27", 1))
			return p, stripetest.Sign(p, now)
		},
		"other secret is refused": func() ([]byte, string) {
			return payload, strings.Replace(stripetest.Sign(payload, now), "v1=", "v1=00", 1)
		},
	}
	for name, make := range bad {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, h := make()
			if _, err := g.ParseEvent(p, h, now); !errors.Is(err, payments.ErrBadSignature) {
				t.Fatalf("want ErrBadSignature, got %v", err)
			}
		})
	}
	t.Run("within tolerance is read", func(t *testing.T) {
		t.Parallel()
		if _, err := g.ParseEvent(payload, stripetest.Sign(payload, now.Add(-299*time.Second)), now); err != nil {
			t.Fatal(err)
		}
	})
}

func TestParseEventKinds(t *testing.T) {
	t.Parallel()
	g := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, WebhookSecret: stripetest.WebhookSecret})
	id := uuid.New().String()
	now := time.Now()
	cases := map[string]struct {
		typ  string
		obj  map[string]any
		want func(e payments.Event) bool
	}{
		"payment intent": {payments.EventPaymentSucceeded, stripetest.PaymentIntent("pi_2", id, "succeeded", "ch_2", 700),
			func(e payments.Event) bool {
				return e.PaymentIntentID == "pi_2" && e.ChargeID == "ch_2" && e.Paid && e.AmountFen == 700
			}},
		"refund": {payments.EventChargeRefunded, stripetest.Charge("ch_3", "pi_3", 900, 400),
			func(e payments.Event) bool {
				return e.ChargeID == "ch_3" && e.PaymentIntentID == "pi_3" && e.RefundedFen == 400
			}},
		"dispute": {payments.EventDisputeCreated, stripetest.Dispute("dp_1", "ch_4", "pi_4", 900),
			func(e payments.Event) bool { return e.ChargeID == "ch_4" && e.PaymentIntentID == "pi_4" }},
	}
	t.Run("refund step is read from the previous attributes", func(t *testing.T) {
		t.Parallel()
		p := stripetest.Event("evt_step", payments.EventChargeRefunded, stripetest.Charge("ch_5", "pi_5", 900, 700), stripetest.Refunded(300))
		e, err := g.ParseEvent(p, stripetest.Sign(p, now), now)
		if err != nil || e.PreviousRefundedFen != 300 || e.RefundedFen != 700 {
			t.Fatalf("event %+v err %v", e, err)
		}
		p = stripetest.Event("evt_nostep", payments.EventChargeRefunded, stripetest.Charge("ch_5", "pi_5", 900, 700))
		if e, err = g.ParseEvent(p, stripetest.Sign(p, now), now); err != nil || e.PreviousRefundedFen != -1 {
			t.Fatalf("event %+v err %v", e, err)
		}
	})
	for name, c := range cases {
		t.Run(name+" is read", func(t *testing.T) {
			t.Parallel()
			p := stripetest.Event("evt_"+name, c.typ, c.obj)
			e, err := g.ParseEvent(p, stripetest.Sign(p, now), now)
			if err != nil || !c.want(e) {
				t.Fatalf("event %+v err %v", e, err)
			}
		})
	}
}
