package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/payments"
	"hutong/payments/stripetest"
)

// Two hundred donors give to one wish at once and then pay: the wish is
// never held or funded past its amount, and its funded amount is the sum
// of its ledger entries.
func TestConcurrentDonationsNeverOverfund(t *testing.T) {
	t.Parallel()
	g := newGiving(t)
	const amount = 20000
	wish := g.wish(t, amount)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		started []*domain.Donation
		refused int
	)
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := g.donations.StartDonation(context.Background(), g.donor,
				domain.DonationInput{WishID: &wish, AmountFen: int64(100 + 100*(i%5)), Overflow: domain.OverflowRefund})
			mu.Lock()
			defer mu.Unlock()
			switch domain.ErrorCode(err) {
			case "":
				started = append(started, d)
			case domain.ECONFLICT, domain.EINVALID:
				refused++
			default:
				t.Errorf("donation %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	var held int64
	for _, d := range started {
		held += d.AmountFen
	}
	if _, funded, h := g.wishMoney(t, wish); held > amount || h != held || funded != 0 {
		t.Fatalf("held %d (wish says %d, funded %d) of %d", held, h, funded, amount)
	}
	if refused == 0 {
		t.Fatal("200 donors of up to ¥5 never filled a ¥200 wish")
	}
	for _, d := range started {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := g.deliverQuiet(d); err != nil {
				t.Errorf("pay %s: %v", d.ID, err)
			}
		}()
	}
	wg.Wait()
	status, funded, h := g.wishMoney(t, wish)
	if funded != held || h != 0 || funded > amount {
		t.Fatalf("funded %d held %d, want %d", funded, h, held)
	}
	if (funded == amount) != (status == "funded") {
		t.Fatalf("status %s at %d of %d", status, funded, amount)
	}
	if n := g.count(t, `SELECT count(*) FROM ledger_entries WHERE wish_id = $1`, wish); n != len(started) {
		t.Fatalf("%d entries for %d donations", n, len(started))
	}
	g.verified(t)
}

// deliverQuiet pays a donation without failing the test from a goroutine.
func (g *giving) deliverQuiet(d *domain.Donation) error {
	id := d.ID.String()
	payload := stripetest.Session("cs_"+id, id, "pi_"+id, "paid", d.AmountFen)
	return g.deliverErr("evt_"+id, payments.EventCheckoutCompleted, payload)
}

// scenario is the events of one donation's life at Stripe, in the order
// Stripe sends them.
func scenario(i int, d *domain.Donation) [][4]any {
	id := d.ID.String()
	cs, pi, ch := "cs_"+id, "pi_"+id, "ch_"+id
	evs := [][4]any{}
	add := func(typ string, obj map[string]any, prev ...map[string]any) {
		var p map[string]any
		if len(prev) > 0 {
			p = prev[0]
		}
		evs = append(evs, [4]any{fmt.Sprintf("evt_%s_%d", id, len(evs)), typ, obj, p})
	}
	if i%3 == 1 {
		add(payments.EventPaymentFailed, stripetest.PaymentIntent(pi, id, "requires_payment_method", "", d.AmountFen))
	}
	add(payments.EventPaymentSucceeded, stripetest.PaymentIntent(pi, id, "succeeded", ch, d.AmountFen))
	add(payments.EventCheckoutCompleted, stripetest.Session(cs, id, pi, "paid", d.AmountFen))
	switch i % 4 {
	case 1:
		add(payments.EventChargeRefunded, stripetest.Charge(ch, pi, d.AmountFen, 300), stripetest.Refunded(0))
		add(payments.EventChargeRefunded, stripetest.Charge(ch, pi, d.AmountFen, 700), stripetest.Refunded(300))
	case 2:
		add(payments.EventChargeRefunded, stripetest.Charge(ch, pi, d.AmountFen, d.AmountFen), stripetest.Refunded(0))
	case 3:
		add(payments.EventDisputeCreated, stripetest.Dispute("dp_"+id, ch, pi, d.AmountFen))
	}
	return evs
}

// ledgerShape is a wish's ledger and donations, by donation index, with
// the ids that differ between runs left out.
func (g *giving) ledgerShape(t *testing.T, wish uuid.UUID, ds []*domain.Donation) []string {
	t.Helper()
	var out []string
	for i, d := range ds {
		rows, err := g.db.SQL().Query(`SELECT kind, amount_fen FROM ledger_entries WHERE donation_id = $1 ORDER BY kind, amount_fen`, d.ID)
		must(t, err)
		for rows.Next() {
			var kind string
			var amount int64
			must(t, rows.Scan(&kind, &amount))
			out = append(out, fmt.Sprintf("%d %s %d", i, kind, amount))
		}
		must(t, rows.Err())
		got, err := g.donations.FindDonationByID(context.Background(), g.donor, d.ID)
		must(t, err)
		out = append(out, fmt.Sprintf("%d %s refunded %d receipt %v", i, got.Status, got.RefundedFen, got.ReceiptNo != ""))
	}
	status, funded, held := g.wishMoney(t, wish)
	return append(out, fmt.Sprintf("wish %s funded %d held %d", status, funded, held))
}

// Every event delivered three times in shuffled order, failed deliveries
// retried as Stripe does, leaves the ledger in-order delivery leaves.
func TestShuffledEventsLeaveTheSameLedger(t *testing.T) {
	t.Parallel()
	g := newGiving(t)
	run := func(shuffle bool) []string {
		wish := g.wish(t, 20000)
		var ds []*domain.Donation
		var events [][4]any
		for i := 0; i < 8; i++ {
			d := g.give(t, wish, 1000, domain.OverflowProgramme)
			ds = append(ds, d)
			events = append(events, scenario(i, d)...)
		}
		if shuffle {
			events = append(append(events, events...), events...)
			rand.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
		}
		for round := 0; len(events) > 0; round++ {
			if round > 20 {
				t.Fatalf("%d events never accepted", len(events))
			}
			var retry [][4]any
			for _, e := range events {
				prev, _ := e[3].(map[string]any)
				if err := g.deliverPrev(e[0].(string), e[1].(string), e[2].(map[string]any), prev); err != nil {
					retry = append(retry, e)
				}
			}
			events = retry
		}
		return g.ledgerShape(t, wish, ds)
	}
	want := run(false)
	for i := 0; i < 3; i++ {
		if got := run(true); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffled ledger\n%v\nwant\n%v", got, want)
		}
	}
	g.verified(t)
}

// The hold job racing the payments of the same donations: every hold is
// released or moved into the ledger exactly once.
func TestHoldReleaseRacesPayments(t *testing.T) {
	t.Parallel()
	g := newGiving(t)
	wish := g.wish(t, 10000)
	var ds []*domain.Donation
	for i := 0; i < 40; i++ {
		ds = append(ds, g.give(t, wish, 200, domain.OverflowProgramme))
	}
	g.clock.Advance(domain.HoldDuration + time.Second)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := g.donations.ReleaseExpiredHolds(context.Background()); err != nil {
				t.Errorf("release: %v", err)
			}
		}()
	}
	for _, d := range ds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := g.deliverQuiet(d); err != nil {
				t.Errorf("pay %s: %v", d.ID, err)
			}
		}()
	}
	wg.Wait()
	if _, funded, held := g.wishMoney(t, wish); funded != 8000 || held != 0 {
		t.Fatalf("funded %d held %d, want 8000 and 0", funded, held)
	}
	g.verified(t)
}
