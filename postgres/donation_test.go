package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/payments"
	"hutong/payments/stripetest"
	"hutong/postgres"
)

func TestStartDonation(t *testing.T) {
	t.Parallel()
	g := newGiving(t)
	ctx := context.Background()
	wish := g.wish(t, 10000)

	t.Run("holds the amount and answers the checkout", func(t *testing.T) {
		d := g.give(t, wish, 3000, "")
		if d.Status != domain.DonationPending || !strings.HasPrefix(d.CheckoutURL, "http") || d.HoldExpiresAt == nil ||
			!d.HoldExpiresAt.Equal(g.clock.Now().Add(domain.HoldDuration)) || d.Overflow != domain.OverflowProgramme {
			t.Fatalf("donation %+v", d)
		}
		if _, funded, held := g.wishMoney(t, wish); funded != 0 || held != 3000 {
			t.Fatalf("funded %d held %d", funded, held)
		}
		if n := g.count(t, `SELECT count(*) FROM donations WHERE id = $1 AND stripe_session_id LIKE 'cs_%'`, d.ID); n != 1 {
			t.Fatal("session id not kept")
		}
	})
	bad := map[string]struct {
		amount int64
		code   string
	}{
		"zero is refused":            {0, domain.EINVALID},
		"negative is refused":        {-100, domain.EINVALID},
		"below one yuan is refused":  {99, domain.EINVALID},
		"above what remains refused": {7001, domain.EINVALID},
	}
	for name, c := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := g.donations.StartDonation(ctx, g.donor, domain.DonationInput{WishID: &wish, AmountFen: c.amount})
			wantField(t, err, c.code, "amount_fen")
		})
	}
	t.Run("unknown wish is not found", func(t *testing.T) {
		id := uuid.New()
		_, err := g.donations.StartDonation(ctx, g.donor, domain.DonationInput{WishID: &id, AmountFen: 100})
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("unpublished or closed wish is not found", func(t *testing.T) {
		for _, status := range []string{"draft", "in_review", "closed", "cancelled"} {
			w := g.wish(t, 1000)
			g.exec(t, `UPDATE wishes SET status = $2 WHERE id = $1`, w, status)
			_, err := g.donations.StartDonation(ctx, g.donor, domain.DonationInput{WishID: &w, AmountFen: 100})
			wantCode(t, err, domain.ENOTFOUND)
		}
	})
	t.Run("anonymous caller is unauthorized", func(t *testing.T) {
		_, err := g.donations.StartDonation(ctx, &domain.Actor{}, domain.DonationInput{WishID: &wish, AmountFen: 100})
		wantCode(t, err, domain.EUNAUTHORIZED)
	})
	t.Run("without a gateway cash giving is unavailable", func(t *testing.T) {
		off := postgres.NewDonationService(g.db, nil, "https://hutong.example")
		_, err := off.StartDonation(ctx, g.donor, domain.DonationInput{WishID: &wish, AmountFen: 100})
		wantCode(t, err, domain.EUNAVAILABLE)
	})
	t.Run("a programme without a licensed host is refused", func(t *testing.T) {
		w := g.wish(t, 1000)
		g.exec(t, `UPDATE organizations SET public_fundraising = false WHERE id = $1`, g.host.ID)
		defer g.exec(t, `UPDATE organizations SET public_fundraising = true WHERE id = $1`, g.host.ID)
		_, err := g.donations.StartDonation(ctx, g.donor, domain.DonationInput{WishID: &w, AmountFen: 100})
		wantCode(t, err, domain.EINVALID)
	})
	t.Run("a failed checkout releases the hold", func(t *testing.T) {
		broken := postgres.NewDonationService(g.db, failingGateway{g.gw}, "https://hutong.example")
		w := g.wish(t, 1000)
		_, err := broken.StartDonation(ctx, g.donor, domain.DonationInput{WishID: &w, AmountFen: 500})
		wantCode(t, err, domain.EUNAVAILABLE)
		if _, _, held := g.wishMoney(t, w); held != 0 {
			t.Fatalf("held %d after a failed checkout", held)
		}
		if n := g.count(t, `SELECT count(*) FROM donations WHERE wish_id = $1 AND status = 'failed'`, w); n != 1 {
			t.Fatal("donation not failed")
		}
	})
}

// failingGateway is stripe-mock refusing checkouts.
type failingGateway struct{ payments.Gateway }

func (failingGateway) CreateCheckout(context.Context, payments.CheckoutParams) (string, string, error) {
	return "", "", domain.Errorf(domain.EUNAVAILABLE, "the payment provider is down")
}

func TestDonationSucceeds(t *testing.T) {
	t.Parallel()
	g := newGiving(t)
	ctx := context.Background()
	wish := g.wish(t, 5000)
	d1 := g.give(t, wish, 2000, "")
	g.paid(t, d1)

	t.Run("moves the hold into the ledger", func(t *testing.T) {
		status, funded, held := g.wishMoney(t, wish)
		if status != "published" || funded != 2000 || held != 0 {
			t.Fatalf("%s funded %d held %d", status, funded, held)
		}
		got, err := g.donations.FindDonationByID(ctx, g.donor, d1.ID)
		must(t, err)
		if got.Status != domain.DonationSucceeded || !strings.HasPrefix(got.ReceiptNo, "HT-") || got.HoldExpiresAt != nil {
			t.Fatalf("donation %+v", got)
		}
		if n := g.count(t, `SELECT count(*) FROM audit_log WHERE object_id = $1 AND action = 'donation.succeeded'
			AND actor_id IS NULL AND organization_id = $2`, d1.ID.String(), g.host.ID); n != 1 {
			t.Fatalf("%d audit entries for the payment", n)
		}
		g.verified(t)
	})
	t.Run("a full wish becomes funded", func(t *testing.T) {
		d2 := g.give(t, wish, 3000, "")
		g.paid(t, d2)
		if status, funded, _ := g.wishMoney(t, wish); status != "funded" || funded != 5000 {
			t.Fatalf("%s funded %d", status, funded)
		}
		r1, err := g.donations.FindReceipt(ctx, g.donor, d1.ID)
		must(t, err)
		r2, err := g.donations.FindReceipt(ctx, g.finance, d2.ID)
		must(t, err)
		year := g.clock.Now().In(domain.Shanghai).Year()
		if !strings.HasSuffix(r1.Number, "-2025-000001") || !strings.HasSuffix(r2.Number, "-2025-000002") || year != 2025 {
			t.Fatalf("receipt numbers %s %s", r1.Number, r2.Number)
		}
		if r2.AmountFen != 3000 || r2.HostName != "无锡慈善基金会" || !strings.Contains(r2.Purpose, "书包") {
			t.Fatalf("receipt %+v", r2)
		}
		g.verified(t)
	})
	t.Run("strangers cannot see a donation or its receipt", func(t *testing.T) {
		stranger := g.actor(t, g.register(t, "Stranger"))
		_, err := g.donations.FindDonationByID(ctx, stranger, d1.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = g.donations.FindReceipt(ctx, stranger, d1.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = g.donations.FindReceipt(ctx, nil, d1.ID)
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("the donor wall shows names and never emails", func(t *testing.T) {
		anon := g.wish(t, 1000)
		d, err := g.donations.StartDonation(ctx, g.donor, domain.DonationInput{WishID: &anon, AmountFen: 500, Anonymous: true})
		must(t, err)
		g.paid(t, d)
		wall, _, err := g.donations.FindDonorWall(ctx, anon, domain.Page{})
		must(t, err)
		if len(wall) != 1 || wall[0].DonorName != domain.AnonymousDonor || wall[0].AmountFen != 500 {
			t.Fatalf("wall %+v", wall)
		}
		wall, _, err = g.donations.FindDonorWall(ctx, wish, domain.Page{Limit: 1})
		must(t, err)
		if len(wall) != 1 || wall[0].DonorName != "王先生" {
			t.Fatalf("wall %+v", wall)
		}
	})
	t.Run("the year's combined receipt sums every gift", func(t *testing.T) {
		rs, err := g.donations.FindYearReceipts(ctx, g.donor, 2025)
		must(t, err)
		if len(rs) != 1 || rs[0].AmountFen != 5500 || len(rs[0].DonationIDs) != 3 {
			t.Fatalf("year receipts %+v", rs)
		}
		rs, err = g.donations.FindYearReceipts(ctx, g.donor, 2024)
		must(t, err)
		if len(rs) != 0 {
			t.Fatalf("2024 receipts %+v", rs)
		}
	})
}

// A foundation's pledge (配捐) matches a Stripe gift on the wish, and the
// wish's funded amount stays the sum of its entries.
func TestDonationMatched(t *testing.T) {
	t.Parallel()
	g := newGiving(t)
	wish := g.wish(t, 10000)
	g.exec(t, `INSERT INTO match_pledges (id, programme_id, foundation_id, ratio_pct, cap_fen, created_at)
		VALUES ($1, $2, $3, 100, 1500, now())`, uuid.New(), g.programme, g.host.ID)
	for _, amount := range []int64{1000, 1000} {
		g.paid(t, g.give(t, wish, amount, ""))
	}
	if _, funded, _ := g.wishMoney(t, wish); funded != 3500 {
		t.Fatalf("funded %d, want two gifts of 1000 and matches up to the cap of 1500", funded)
	}
	if n := g.count(t, `SELECT count(*) FROM ledger_entries WHERE wish_id = $1 AND kind = 'match'`, wish); n != 2 {
		t.Fatalf("%d match entries", n)
	}
	if n := g.count(t, `SELECT count(*) FROM river_job WHERE kind = 'search_index' AND args->>'id' = $1`, wish.String()); n == 0 {
		t.Fatal("the wish's search document was not queued")
	}
	g.verified(t)
}

func TestHoldExpiry(t *testing.T) {
	t.Parallel()
	g := newGiving(t)
	ctx := context.Background()
	wish := g.wish(t, 3000)
	late := g.give(t, wish, 3000, domain.OverflowProgramme)
	lateRefund := func() *domain.Donation {
		w := g.wish(t, 1000)
		return g.give(t, w, 1000, domain.OverflowRefund)
	}()

	t.Run("the job releases expired holds", func(t *testing.T) {
		if n, err := g.donations.ReleaseExpiredHolds(ctx); err != nil || n != 0 {
			t.Fatalf("released %d early (%v)", n, err)
		}
		g.clock.Advance(domain.HoldDuration + time.Second)
		n, err := g.donations.ReleaseExpiredHolds(ctx)
		if err != nil || n != 2 {
			t.Fatalf("released %d (%v)", n, err)
		}
		if _, _, held := g.wishMoney(t, wish); held != 0 {
			t.Fatalf("held %d", held)
		}
		got, err := g.donations.FindDonationByID(ctx, g.donor, late.ID)
		must(t, err)
		if got.Status != domain.DonationExpired {
			t.Fatalf("status %s", got.Status)
		}
	})
	t.Run("a late payment with room still funds the wish", func(t *testing.T) {
		w := g.wish(t, 1000)
		d := g.give(t, w, 400, "")
		g.clock.Advance(domain.HoldDuration + time.Second)
		_, err := g.donations.ReleaseExpiredHolds(ctx)
		must(t, err)
		g.paid(t, d)
		if _, funded, held := g.wishMoney(t, w); funded != 400 || held != 0 {
			t.Fatalf("funded %d held %d", funded, held)
		}
	})
	// Someone else fills the wish while the late donors still pay.
	g.exec(t, `UPDATE wishes SET amount_fen = amount_fen WHERE id = $1`, wish)
	other := g.give(t, wish, 3000, "")
	g.paid(t, other)

	t.Run("a late payment to a full wish goes to the programme as chosen", func(t *testing.T) {
		g.paid(t, late)
		got, err := g.donations.FindDonationByID(ctx, g.donor, late.ID)
		must(t, err)
		if got.Status != domain.DonationRedirected || got.ReceiptNo == "" {
			t.Fatalf("donation %+v", got)
		}
		if _, funded, _ := g.wishMoney(t, wish); funded != 3000 {
			t.Fatalf("wish funded past its amount: %d", funded)
		}
		if n := g.count(t, `SELECT count(*) FROM ledger_entries WHERE donation_id = $1 AND kind = 'redirect_in' AND wish_id IS NULL`, late.ID); n != 1 {
			t.Fatal("no redirect entry on the programme")
		}
		g.verified(t)
	})
	t.Run("a late payment to a full wish is refunded as chosen", func(t *testing.T) {
		g.exec(t, `UPDATE wishes SET funded_fen = 0 WHERE false`)
		filler := g.give(t, *lateRefund.WishID, 1000, "")
		g.paid(t, filler)
		g.paid(t, lateRefund)
		got, err := g.donations.FindDonationByID(ctx, g.donor, lateRefund.ID)
		must(t, err)
		if got.Status != domain.DonationRefunded || got.ReceiptNo != "" {
			t.Fatalf("donation %+v", got)
		}
		if n := g.count(t, `SELECT count(*) FROM ledger_entries WHERE donation_id = $1`, lateRefund.ID); n != 0 {
			t.Fatal("a refunded overflow reached the ledger")
		}
		g.verified(t)
	})
}

func TestRefundsAndDisputes(t *testing.T) {
	t.Parallel()
	g := newGiving(t)
	ctx := context.Background()
	wish := g.wish(t, 4000)
	d := g.give(t, wish, 4000, "")
	g.paid(t, d)
	pi, ch := "pi_"+d.ID.String()[:8], "ch_"+d.ID.String()[:8]

	t.Run("a partial refund writes one entry and reopens the wish", func(t *testing.T) {
		for i := 0; i < 2; i++ {
			must(t, g.deliver(t, "evt_r1", payments.EventChargeRefunded, stripetest.Charge(ch, pi, 4000, 1500)))
		}
		got, err := g.donations.FindDonationByID(ctx, g.donor, d.ID)
		must(t, err)
		if got.Status != domain.DonationPartiallyRefunded || got.RefundedFen != 1500 {
			t.Fatalf("donation %+v", got)
		}
		if status, funded, _ := g.wishMoney(t, wish); status != "published" || funded != 2500 {
			t.Fatalf("%s funded %d", status, funded)
		}
		g.verified(t)
	})
	t.Run("an older refund total after a newer one changes nothing", func(t *testing.T) {
		must(t, g.deliver(t, "evt_r2", payments.EventChargeRefunded, stripetest.Charge(ch, pi, 4000, 2500)))
		must(t, g.deliver(t, "evt_r0", payments.EventChargeRefunded, stripetest.Charge(ch, pi, 4000, 1000)))
		if _, funded, _ := g.wishMoney(t, wish); funded != 1500 {
			t.Fatalf("funded %d", funded)
		}
		g.verified(t)
	})
	t.Run("a dispute marks the donation", func(t *testing.T) {
		must(t, g.deliver(t, "evt_dp", payments.EventDisputeCreated, stripetest.Dispute("dp_1", ch, pi, 4000)))
		got, err := g.donations.FindDonationByID(ctx, g.finance, d.ID)
		must(t, err)
		if got.Status != domain.DonationDisputed {
			t.Fatalf("status %s", got.Status)
		}
	})
	t.Run("a refund of an unknown charge is retried later", func(t *testing.T) {
		err := g.deliver(t, "evt_unknown", payments.EventChargeRefunded, stripetest.Charge("ch_nobody", "pi_nobody", 100, 100))
		if err == nil {
			t.Fatal("an unmatched refund was accepted")
		}
		if n := g.count(t, `SELECT count(*) FROM stripe_events WHERE id = 'evt_unknown'`); n != 0 {
			t.Fatal("an unmatched event was recorded")
		}
	})
}

func TestRefundDonation(t *testing.T) {
	t.Parallel()
	g := newGiving(t)
	ctx := context.Background()
	wish := g.wish(t, 5000)
	d := g.give(t, wish, 3000, "")
	g.paid(t, d)

	t.Run("finance staff refund part of a gift", func(t *testing.T) {
		got, err := g.donations.RefundDonation(ctx, g.finance, d.ID, 1000)
		must(t, err)
		if got.ID != d.ID {
			t.Fatalf("donation %+v", got)
		}
		if n := g.count(t, `SELECT count(*) FROM audit_log WHERE object_id = $1 AND action = 'donation.refund_requested'`, d.ID.String()); n != 1 {
			t.Fatalf("%d refund requests audited", n)
		}
		// The ledger moves with Stripe's event, not with the request.
		if _, funded, _ := g.wishMoney(t, wish); funded != 3000 {
			t.Fatalf("funded %d before the event", funded)
		}
	})
	t.Run("more than is left is 422", func(t *testing.T) {
		_, err := g.donations.RefundDonation(ctx, g.finance, d.ID, 3001)
		wantField(t, err, domain.EINVALID, "amount_fen")
	})
	t.Run("the donor may not refund", func(t *testing.T) {
		_, err := g.donations.RefundDonation(ctx, g.donor, d.ID, 100)
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("a stranger sees nothing", func(t *testing.T) {
		_, err := g.donations.RefundDonation(ctx, g.actor(t, g.register(t, "Stranger")), d.ID, 100)
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("a pending gift cannot be refunded", func(t *testing.T) {
		p := g.give(t, wish, 100, "")
		_, err := g.donations.RefundDonation(ctx, g.finance, p.ID, 100)
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("a disputed payment blocks refunds", func(t *testing.T) {
		pi, ch := "pi_"+d.ID.String()[:8], "ch_"+d.ID.String()[:8]
		must(t, g.deliver(t, "evt_dispute_refund", payments.EventDisputeCreated, stripetest.Dispute("dp_r", ch, pi, 3000)))
		_, err := g.donations.RefundDonation(ctx, g.finance, d.ID, 100)
		wantCode(t, err, domain.ECONFLICT)
	})
}
