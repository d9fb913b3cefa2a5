package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/payments"
	"hutong/payments/stripe"
	"hutong/payments/stripetest"
	"hutong/postgres"
)

// giving is a test's donation service on stripe-mock, with a licensed
// host, a station running a programme the host accepted, and a donor.
type giving struct {
	*env
	gw        payments.Gateway
	donations *postgres.DonationService
	host      *domain.Organization
	station   *domain.Organization
	finance   *domain.Actor
	donor     *domain.Actor
	programme uuid.UUID
}

func newGiving(t testing.TB) *giving {
	t.Helper()
	e := newEnv(t)
	gw := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, WebhookSecret: stripetest.WebhookSecret,
		APIBase: stripetest.Start(t)})
	g := &giving{env: e, gw: gw, donations: postgres.NewDonationService(e.db, gw, "https://hutong.example")}
	ctx := context.Background()
	ownerUser := e.register(t, "HostOwner")
	g.host = e.createOrg(t, e.actor(t, ownerUser), domain.KindSocialOrg, "无锡慈善基金会", "320213")
	owner := e.actor(t, ownerUser)
	g.exec(t, `UPDATE organizations SET public_fundraising = true, stripe_account_id = 'acct_1HostTest' WHERE id = $1`, g.host.ID)
	fin := e.register(t, "Finance")
	_, err := e.members.AddMember(ctx, owner, g.host.ID, domain.MemberInput{Login: fin.Email, Roles: []domain.Role{domain.RoleFinance}})
	must(t, err)
	g.finance = e.actor(t, fin)
	stationOwner := e.actor(t, e.register(t, "StationOwner"))
	g.station = e.createOrg(t, stationOwner, domain.KindSocialOrg, "梁溪区儿童之家", "320213")
	g.programme = uuid.New()
	now := e.clock.Now()
	g.exec(t, `INSERT INTO programmes (id, organization_id, host_id, host_status, title, description, region_code,
		starts_on, ends_on, goal_fen, status, created_at, updated_at)
		VALUES ($1, $2, $3, 'accepted', '113 微心愿', '让孩子的小心愿成真', '320213', '2025-01-01', '2025-12-31', 10000000, 'active', $4, $4)`,
		g.programme, g.station.ID, g.host.ID, now)
	g.donor = e.actor(t, e.register(t, "Donor"))
	return g
}

func (g *giving) exec(t testing.TB, sql string, args ...any) {
	t.Helper()
	if _, err := g.db.SQL().Exec(sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// wish publishes a goods wish of amount fen in the programme.
func (g *giving) wish(t testing.TB, amount int64) uuid.UUID {
	t.Helper()
	child, wish := uuid.New(), uuid.New()
	now := g.clock.Now()
	g.exec(t, `INSERT INTO children (id, station_id, pseudonym, age_band, created_at, updated_at)
		VALUES ($1, $2, '小雨', '7-9', $3, $3)`, child, g.station.ID, now)
	g.exec(t, `INSERT INTO wishes (id, programme_id, child_id, station_id, kind, title, story, category, region_code,
		amount_fen, quantity, deadline, status, published_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'goods', '一个新书包', '想要一个新书包上学', 'study', '320213', $5, 1, '2025-12-31',
		'published', $6, $6, $6)`, wish, g.programme, child, g.station.ID, amount, now)
	return wish
}

// give starts a donation of amount to wish by the donor.
func (g *giving) give(t testing.TB, wish uuid.UUID, amount int64, overflow domain.Overflow) *domain.Donation {
	t.Helper()
	d, err := g.donations.StartDonation(context.Background(), g.donor,
		domain.DonationInput{WishID: &wish, AmountFen: amount, DisplayName: "王先生", Overflow: overflow})
	if err != nil {
		t.Fatalf("start donation: %v", err)
	}
	return d
}

// deliver signs an event as Stripe would, verifies it through the
// gateway and hands it to the service.
func (g *giving) deliver(t testing.TB, id, typ string, obj map[string]any) error {
	t.Helper()
	payload := stripetest.Event(id, typ, obj)
	now := time.Now()
	ev, err := g.gw.ParseEvent(payload, stripetest.Sign(payload, now), now)
	if err != nil {
		t.Fatalf("parse event: %v", err)
	}
	return g.donations.HandleEvent(context.Background(), ev)
}

// paid delivers the completed session of a donation.
func (g *giving) paid(t testing.TB, d *domain.Donation) {
	t.Helper()
	must(t, g.deliver(t, "evt_cs_"+d.ID.String(), payments.EventCheckoutCompleted,
		stripetest.Session("cs_"+d.ID.String()[:8], d.ID.String(), "pi_"+d.ID.String()[:8], "paid", d.AmountFen)))
}

// wishMoney reads a wish's status, funded and held amounts.
func (g *giving) wishMoney(t testing.TB, wish uuid.UUID) (status string, funded, held int64) {
	t.Helper()
	err := g.db.SQL().QueryRow(`SELECT status, funded_fen, held_fen FROM wishes WHERE id = $1`, wish).Scan(&status, &funded, &held)
	must(t, err)
	return status, funded, held
}

// verified fails unless every stored total equals its ledger sum.
func (g *giving) verified(t testing.TB) {
	t.Helper()
	bad, err := postgres.VerifyLedger(context.Background(), g.db)
	must(t, err)
	if len(bad) > 0 {
		t.Fatalf("ledger mismatches: %v", bad)
	}
}

// deliverErr is deliver for goroutines: errors come back, never Fatal.
func (g *giving) deliverErr(id, typ string, obj map[string]any) error {
	return g.deliverPrev(id, typ, obj, nil)
}

// deliverPrev delivers an event with the object's previous attributes.
func (g *giving) deliverPrev(id, typ string, obj, prev map[string]any) error {
	var payload []byte
	if prev != nil {
		payload = stripetest.Event(id, typ, obj, prev)
	} else {
		payload = stripetest.Event(id, typ, obj)
	}
	now := time.Now()
	ev, err := g.gw.ParseEvent(payload, stripetest.Sign(payload, now), now)
	if err != nil {
		return err
	}
	return g.donations.HandleEvent(context.Background(), ev)
}
