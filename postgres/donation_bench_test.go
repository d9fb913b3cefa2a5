package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/internal/testkit"
	"hutong/payments"
	"hutong/payments/stripetest"
	"hutong/postgres"
)

// BenchmarkWebhookEvents measures webhook processing as the endpoint does
// it: verify the signature, then record the event and settle its
// donation (hold into the ledger, receipt number) in one transaction.
// Each event pays a different pending donation of one wish; events/s is
// the figure BENCHMARKS.md quotes.
//
//	go test -run '^$' -bench BenchmarkWebhookEvents -benchtime 2000x ./postgres/
func BenchmarkWebhookEvents(b *testing.B) {
	for _, par := range []struct {
		name     string
		parallel bool
	}{{"serial", false}, {"parallel", true}} {
		b.Run(par.name, func(b *testing.B) {
			g := newGiving(b)
			// The benchmark's own handle logs nothing: the test logger
			// writes every query, which is not what production pays.
			quiet, err := postgres.Open(context.Background(), g.dsn, postgres.Options{SecretKey: testkit.SecretKey, Now: g.clock.Now})
			must(b, err)
			b.Cleanup(func() { _ = quiet.Close() })
			donations := postgres.NewDonationService(quiet, g.gw, "https://hutong.example")
			wish := g.wish(b, int64(b.N+1)*100)
			now := g.clock.Now()
			rows, err := quiet.SQL().Query(`INSERT INTO donations (id, wish_id, programme_id, host_id, donor_id, donor_name,
				amount_fen, method, status, hold_expires_at, created_at, updated_at)
				SELECT gen_random_uuid(), $1, $2, $3, $4, '王先生', 100, 'stripe', 'pending', $5, $6, $6
				FROM generate_series(1, $7) RETURNING id`, wish, g.programme, g.host.ID, g.donor.User.ID,
				now.Add(time.Hour), now, b.N)
			must(b, err)
			var ids []uuid.UUID
			for rows.Next() {
				var id uuid.UUID
				must(b, rows.Scan(&id))
				ids = append(ids, id)
			}
			must(b, rows.Err())
			g.exec(b, `UPDATE wishes SET held_fen = $2 WHERE id = $1`, wish, int64(b.N)*100)
			payloads := make([][]byte, b.N)
			for i, id := range ids {
				s := id.String()
				payloads[i] = stripetest.Event("evt_"+s, payments.EventCheckoutCompleted,
					stripetest.Session("cs_"+s, s, "pi_"+s, "paid", 100))
			}
			next := make(chan []byte, b.N)
			for _, p := range payloads {
				next <- p
			}
			close(next)
			deliver := func() {
				p := <-next
				t := time.Now()
				ev, err := g.gw.ParseEvent(p, stripetest.Sign(p, t), t)
				if err == nil {
					err = donations.HandleEvent(context.Background(), ev)
				}
				if err != nil {
					b.Error(err)
				}
			}
			b.ResetTimer()
			if par.parallel {
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						deliver()
					}
				})
			} else {
				for range b.N {
					deliver()
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.StopTimer()
			if _, funded, held := g.wishMoney(b, wish); funded != int64(b.N)*100 || held != 0 {
				b.Fatalf("funded %d held %d after %d events", funded, held, b.N)
			}
			g.verified(b)
		})
	}
}
