package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/internal/testkit"
	"hutong/postgres"
)

// BenchmarkSignupsHotShift sends sign-ups from 64 concurrent clients to
// hot shifts of 50 places, 100 sign-ups per shift (so half of them are
// waitlisted), one shift after another: b.N/100 runs. After every run it
// checks that the shift holds exactly 50 confirmed rows, that its counter
// agrees, and that the waitlist positions are unique. It reports
// sign-ups per second.
func BenchmarkSignupsHotShift(b *testing.B) {
	const clients, capacity, perShift = 64, 50, 100
	e := newVolEnv(b)
	db, err := postgres.Open(context.Background(), e.dsn, postgres.Options{
		SecretKey: testkit.SecretKey, Now: e.clock.Now, MaxOpenConns: clients, // no query log: it would be measured
	})
	must(b, err)
	b.Cleanup(func() { _ = db.Close() })
	signups := postgres.NewSignupService(db)
	runs := max(1, (b.N+perShift-1)/perShift)
	a := e.publish(b, e.activityInput(capacity))
	shifts := benchShifts(b, e, a.ID, runs, capacity)
	actors := fastVolunteers(b, e.env, runs*perShift)
	ctx := context.Background()

	b.ResetTimer()
	var busy time.Duration
	for r, shift := range shifts {
		work := make(chan *domain.Actor, perShift)
		for _, v := range actors[r*perShift : (r+1)*perShift] {
			work <- v
		}
		close(work)
		start := time.Now()
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				for v := range work {
					if _, err := signups.SignUp(ctx, v, shift); err != nil {
						b.Error(err)
					}
				}
			})
		}
		wg.Wait()
		busy += time.Since(start)
		b.StopTimer()
		checkHotShift(b, e, shift, capacity, perShift)
		b.StartTimer()
	}
	b.ReportMetric(float64(runs*perShift)/busy.Seconds(), "signups/s")
	b.ReportMetric(float64(runs), "runs")
}

// benchShifts inserts n shifts of the activity, a day apart, straight
// into the table.
func benchShifts(tb testing.TB, e *volEnv, activity uuid.UUID, n, capacity int) []uuid.UUID {
	tb.Helper()
	rows, err := e.db.SQL().Query(`INSERT INTO shifts (id, activity_id, starts_at, ends_at, capacity, created_at, updated_at)
		SELECT gen_random_uuid(), $1, $2::timestamptz + i * interval '1 day', $2::timestamptz + i * interval '1 day' + interval '2 hours',
			$3, now(), now() FROM generate_series(1, $4) i ORDER BY i RETURNING id`,
		activity, e.clock.Now().Add(72*time.Hour), capacity, n)
	must(tb, err)
	defer rows.Close()
	var out []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		must(tb, rows.Scan(&id))
		out = append(out, id)
	}
	must(tb, rows.Err())
	return out
}

// checkHotShift fails unless the shift is exactly full, its counter
// matches its confirmed rows and the rest wait at distinct positions.
func checkHotShift(tb testing.TB, e *volEnv, shift uuid.UUID, capacity, signups int) {
	tb.Helper()
	got := fmt.Sprint(
		e.count(tb, `SELECT count(*) FROM signups WHERE shift_id = $1 AND status = 'confirmed'`, shift),
		e.count(tb, `SELECT confirmed FROM shifts WHERE id = $1`, shift),
		e.count(tb, `SELECT count(DISTINCT position) FROM signups WHERE shift_id = $1 AND status = 'waitlisted'`, shift))
	if want := fmt.Sprint(capacity, capacity, signups-capacity); got != want {
		tb.Fatalf("shift %s: confirmed rows, counter, distinct waitlist positions = %s, want %s", shift, got, want)
	}
}
