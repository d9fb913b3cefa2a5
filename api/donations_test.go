package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/api"
	"hutong/domain"
	"hutong/payments"
	"hutong/payments/stripe"
	"hutong/payments/stripetest"
	"hutong/postgres"
)

// giving is the API with cash giving on stripe-mock, a licensed host, a
// programme it hosts and a donor.
type giving struct {
	*harness
	donor     *user
	finance   *user
	programme uuid.UUID
	host      org
}

func newGiving(t *testing.T, withStripe bool) *giving {
	t.Helper()
	var gw payments.Gateway
	if withStripe {
		gw = stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, WebhookSecret: stripetest.WebhookSecret,
			APIBase: stripetest.Start(t)})
	}
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) {
		d.Donations = postgres.NewDonationService(db, gw, "https://hutong.example")
		d.Payments = gw
	})
	g := &giving{harness: h, donor: h.signUp("Donor"), programme: uuid.New()}
	owner := h.signUp("HostOwner")
	g.host = owner.createOrg("social_org", "无锡慈善基金会", nil)
	g.exec(t, `UPDATE organizations SET public_fundraising = true, stripe_account_id = 'acct_1ApiHost' WHERE id = $1`, g.host.ID)
	g.finance = h.signUp("Finance")
	owner.do("POST", "/api/v1/organizations/"+g.host.ID+"/members",
		map[string]any{"login": g.finance.Email, "roles": []string{"finance"}}).want(201)
	g.exec(t, `INSERT INTO programmes (id, organization_id, host_id, host_status, title, description, region_code,
		starts_on, ends_on, goal_fen, status, created_at, updated_at)
		VALUES ($1, $2, $2, 'accepted', '113 微心愿', '让孩子的小心愿成真', '320213', '2025-01-01', '2030-12-31', 1000000, 'active', now(), now())`,
		g.programme, g.host.ID)
	return g
}

func (g *giving) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := g.db.SQL().Exec(sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// wish publishes a wish of amount fen and returns its id.
func (g *giving) wish(t *testing.T, amount int64, status string) string {
	t.Helper()
	child, wish := uuid.New(), uuid.New()
	g.exec(t, `INSERT INTO children (id, station_id, pseudonym, age_band, created_at, updated_at)
		VALUES ($1, $2, '小雨', '7-9', now(), now())`, child, g.host.ID)
	g.exec(t, `INSERT INTO wishes (id, programme_id, child_id, station_id, kind, title, story, category, region_code,
		amount_fen, quantity, deadline, status, published_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'goods', '一个新书包', '想要一个新书包上学', 'study', '320213', $5, 1, '2030-12-31',
		$6, now(), now(), now())`, wish, g.programme, child, g.host.ID, amount, status)
	return wish.String()
}

// webhook posts a payload with a signature header, as Stripe does.
func (g *giving) webhook(t *testing.T, payload []byte, signature string) *response {
	t.Helper()
	req := httptest.NewRequest("POST", "/api/v1/payments/stripe/webhook", bytes.NewReader(payload))
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set("Stripe-Signature", signature)
	}
	w := httptest.NewRecorder()
	g.r.ServeHTTP(w, req)
	res := &response{tb: t, Code: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
	validateResponse(t, req, res)
	return res
}

// moneyRows counts what a webhook may write.
func (g *giving) moneyRows(t *testing.T) string {
	t.Helper()
	var events, entries, paid int
	err := g.db.SQL().QueryRow(`SELECT (SELECT count(*) FROM stripe_events), (SELECT count(*) FROM ledger_entries),
		(SELECT count(*) FROM donations WHERE paid_at IS NOT NULL)`).Scan(&events, &entries, &paid)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("events %d entries %d paid %d", events, entries, paid)
}

func TestDonationAPI(t *testing.T) {
	t.Parallel()
	g := newGiving(t, true)
	wish := g.wish(t, 5000, "published")
	var d domain.Donation
	g.donor.do("POST", "/api/v1/wishes/"+wish+"/donations",
		map[string]any{"amount_fen": 2000, "display_name": "王先生"}).want(201).decode(&d)

	t.Run("a gift answers the pending donation with its checkout", func(t *testing.T) {
		if d.Status != domain.DonationPending || !strings.HasPrefix(d.CheckoutURL, "http") || d.AmountFen != 2000 {
			t.Fatalf("donation %+v", d)
		}
	})
	t.Run("bad amounts are 422 naming amount_fen", func(t *testing.T) {
		for _, amount := range []int64{0, -5, 99, 3001} {
			g.donor.do("POST", "/api/v1/wishes/"+wish+"/donations", map[string]any{"amount_fen": amount}).
				problem(422).field(t, "amount_fen")
		}
	})
	t.Run("unknown, unpublished and closed wishes are 404", func(t *testing.T) {
		for _, id := range []string{uuid.NewString(), "not-an-id", g.wish(t, 1000, "draft"), g.wish(t, 1000, "closed")} {
			g.donor.do("POST", "/api/v1/wishes/"+id+"/donations", map[string]any{"amount_fen": 100}).problem(404)
		}
	})
	t.Run("anonymous callers are 401", func(t *testing.T) {
		g.anon().do("POST", "/api/v1/wishes/"+wish+"/donations", map[string]any{"amount_fen": 100}).problem(401)
	})

	payload := stripetest.Event("evt_api_1", payments.EventCheckoutCompleted,
		stripetest.Session("cs_api_1", d.ID.String(), "pi_api_1", "paid", 2000))
	t.Run("unsigned, altered, stale and foreign webhooks are 400 and write nothing", func(t *testing.T) {
		before := g.moneyRows(t)
		now := time.Now()
		altered := bytes.Replace(payload, []byte(`"amount_total":2000`), []byte(`"amount_total":9000`), 1)
		for name, c := range map[string]struct {
			body []byte
			sig  string
		}{
			"unsigned": {payload, ""},
			"altered":  {altered, stripetest.Sign(payload, now)},
			"stale":    {payload, stripetest.Sign(payload, now.Add(-6*time.Minute))},
			"garbage":  {payload, "t=1,v1=abc"},
		} {
			if r := g.webhook(t, c.body, c.sig); r.Code != 400 {
				t.Errorf("%s: status %d", name, r.Code)
			}
		}
		if after := g.moneyRows(t); after != before {
			t.Fatalf("a refused webhook wrote: %s, before %s", after, before)
		}
	})
	t.Run("a signed webhook settles the donation, once", func(t *testing.T) {
		for i := 0; i < 2; i++ {
			g.webhook(t, payload, stripetest.Sign(payload, time.Now())).want(200)
		}
		var got domain.Donation
		g.donor.do("GET", "/api/v1/donations/"+d.ID.String(), nil).want(200).decode(&got)
		if got.Status != domain.DonationSucceeded || got.ReceiptNo == "" || got.CheckoutURL != "" {
			t.Fatalf("donation %+v", got)
		}
		if g.moneyRows(t) != "events 1 entries 1 paid 1" {
			t.Fatalf("rows %s", g.moneyRows(t))
		}
	})
	t.Run("the receipt is the donor's and the finance staff's", func(t *testing.T) {
		var r domain.Receipt
		g.donor.do("GET", "/api/v1/donations/"+d.ID.String()+"/receipt", nil).want(200).decode(&r)
		if !strings.HasPrefix(r.Number, "HT-") || r.AmountFen != 2000 || r.HostName != "无锡慈善基金会" {
			t.Fatalf("receipt %+v", r)
		}
		g.finance.do("GET", "/api/v1/donations/"+d.ID.String()+"/receipt", nil).want(200)
		stranger := g.signUp("Stranger")
		stranger.do("GET", "/api/v1/donations/"+d.ID.String()+"/receipt", nil).problem(404)
		stranger.do("GET", "/api/v1/donations/"+d.ID.String(), nil).problem(404)
		g.anon().do("GET", "/api/v1/donations/"+d.ID.String(), nil).problem(401)
	})
	t.Run("the year's receipts combine the donor's gifts", func(t *testing.T) {
		var yr struct {
			Year  int              `json:"year"`
			Items []domain.Receipt `json:"items"`
		}
		year := time.Now().In(domain.Shanghai).Year()
		g.donor.do("GET", fmt.Sprintf("/api/v1/me/receipts?year=%d", year), nil).want(200).decode(&yr)
		if yr.Year != year || len(yr.Items) != 1 || yr.Items[0].AmountFen != 2000 {
			t.Fatalf("year receipts %+v", yr)
		}
		g.donor.do("GET", "/api/v1/me/receipts?year=abc", nil).problem(422).field(t, "year")
	})
	t.Run("finance staff refund part of a gift, the donor may not", func(t *testing.T) {
		var got domain.Donation
		g.finance.do("POST", "/api/v1/donations/"+d.ID.String()+"/refunds", map[string]any{"amount_fen": 500}).want(202).decode(&got)
		if got.ID != d.ID {
			t.Fatalf("donation %+v", got)
		}
		g.donor.do("POST", "/api/v1/donations/"+d.ID.String()+"/refunds", map[string]any{"amount_fen": 500}).problem(403)
		g.finance.do("POST", "/api/v1/donations/"+d.ID.String()+"/refunds", map[string]any{"amount_fen": 2001}).
			problem(422).field(t, "amount_fen")
	})
	t.Run("the donor wall shows the name and never an email", func(t *testing.T) {
		r := g.anon().do("GET", "/api/v1/wishes/"+wish+"/donations", nil).want(200)
		if !strings.Contains(string(r.Body), "王先生") || strings.Contains(string(r.Body), g.donor.Email) ||
			strings.Contains(string(r.Body), "@") {
			t.Fatalf("wall %s", r.Body)
		}
		g.anon().do("GET", "/api/v1/wishes/"+g.wish(t, 1000, "draft")+"/donations", nil).problem(404)
	})
}

func TestProgrammeDonationAPI(t *testing.T) {
	t.Parallel()
	g := newGiving(t, true)
	var d domain.Donation
	g.donor.do("POST", "/api/v1/programmes/"+g.programme.String()+"/donations",
		map[string]any{"amount_fen": 1500, "anonymous": true}).want(201).decode(&d)
	if d.WishID != nil || d.Status != domain.DonationPending || d.CheckoutURL == "" {
		t.Fatalf("donation %+v", d)
	}
	p := stripetest.Event("evt_prog", payments.EventPaymentSucceeded,
		stripetest.PaymentIntent("pi_prog", d.ID.String(), "succeeded", "ch_prog", 1500))
	g.webhook(t, p, stripetest.Sign(p, time.Now())).want(200)
	var raised int64
	if err := g.db.SQL().QueryRow(`SELECT raised_fen FROM programmes WHERE id = $1`, g.programme).Scan(&raised); err != nil || raised != 1500 {
		t.Fatalf("raised %d (%v)", raised, err)
	}
	g.donor.do("GET", "/api/v1/donations/"+d.ID.String()+"/receipt", nil).want(200)
	g.donor.do("POST", "/api/v1/programmes/"+uuid.NewString()+"/donations", map[string]any{"amount_fen": 100}).problem(404)
}

func TestDonationAPIWithoutStripe(t *testing.T) {
	t.Parallel()
	g := newGiving(t, false)
	wish := g.wish(t, 5000, "published")
	t.Run("cash giving is 503", func(t *testing.T) {
		g.donor.do("POST", "/api/v1/wishes/"+wish+"/donations", map[string]any{"amount_fen": 100}).problem(503)
	})
	t.Run("the webhook is 503", func(t *testing.T) {
		p := stripetest.Event("evt_x", payments.EventCheckoutExpired, stripetest.Session("cs_x", uuid.NewString(), "", "unpaid", 100))
		if r := g.webhook(t, p, stripetest.Sign(p, time.Now())); r.Code != http.StatusServiceUnavailable {
			t.Fatalf("status %d", r.Code)
		}
	})
}
