package postgres_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

// TestSignupsRaceNeverOverbook sends 1,000 concurrent sign-ups from
// distinct volunteers to a 50-place shift while 100 cancellations of
// confirmed places race them. The shift ends exactly full, its counter
// equals the confirmed rows, the waitlist positions are unique and in
// order, every promotion took the lowest waiting position exactly once,
// and nobody is both confirmed and waitlisted.
func TestSignupsRaceNeverOverbook(t *testing.T) {
	t.Parallel()
	e := newVolEnv(t)
	ctx := context.Background()
	const volunteers, capacity, cancels = 1000, 50, 100
	shift := e.publish(t, e.activityInput(capacity)).Shifts[0].ID
	actors := fastVolunteers(t, e.env, volunteers)
	byID := make(map[uuid.UUID]*domain.Actor, len(actors))
	for _, a := range actors {
		byID[a.User.ID] = a
	}

	var wg sync.WaitGroup
	var failed, cancelled atomic.Int64
	start := make(chan struct{})
	for _, a := range actors {
		wg.Go(func() {
			<-start
			if _, err := e.signups.SignUp(ctx, a, shift); err != nil {
				failed.Add(1)
				t.Errorf("sign up: %v", err)
			}
		})
	}
	for range cancels {
		wg.Go(func() {
			<-start
			for cancelled.Load() < cancels {
				var id, vol uuid.UUID
				err := e.db.SQL().QueryRow(`SELECT id, volunteer_id FROM signups WHERE shift_id = $1 AND status = 'confirmed'
					ORDER BY random() LIMIT 1`, shift).Scan(&id, &vol)
				if err != nil {
					time.Sleep(2 * time.Millisecond)
					continue
				}
				_, err = e.signups.CancelSignup(ctx, byID[vol], id)
				switch domain.ErrorCode(err) {
				case "":
					cancelled.Add(1)
					return
				case domain.ECONFLICT:
					continue // another canceller took this one first
				default:
					t.Errorf("cancel: %v", err)
					return
				}
			}
		})
	}
	close(start)
	wg.Wait()
	if failed.Load() > 0 || cancelled.Load() != cancels {
		t.Fatalf("failed sign-ups %d, cancellations %d (want 0 and %d)", failed.Load(), cancelled.Load(), cancels)
	}

	q := func(sql string) int { return e.count(t, sql, shift) }
	if got := q(`SELECT count(*) FROM signups WHERE shift_id = $1 AND status = 'confirmed'`); got != capacity {
		t.Errorf("confirmed rows = %d, want %d", got, capacity)
	}
	if got := q(`SELECT confirmed FROM shifts WHERE id = $1`); got != capacity {
		t.Errorf("shifts.confirmed = %d, want %d", got, capacity)
	}
	if got := q(`SELECT count(*) FROM signups WHERE shift_id = $1 AND status = 'waitlisted'`); got != volunteers-cancels-capacity {
		t.Errorf("waitlisted = %d, want %d", got, volunteers-cancels-capacity)
	}
	if got := q(`SELECT count(*) - count(DISTINCT position) FROM signups WHERE shift_id = $1 AND position > 0`); got != 0 {
		t.Errorf("%d duplicate waitlist positions", got)
	}
	if got := q(`SELECT count(*) FROM signups WHERE shift_id = $1 AND status = 'waitlisted' AND position < 1`); got != 0 {
		t.Errorf("%d waitlisted sign-ups without a position", got)
	}
	// Promotions went in order: every promoted place had a lower position
	// than anyone still waiting.
	if got := q(`SELECT count(*) FROM signups p WHERE p.shift_id = $1 AND p.position > 0 AND p.status <> 'waitlisted'
		AND p.position > (SELECT min(position) FROM signups w WHERE w.shift_id = $1 AND w.status = 'waitlisted')`); got != 0 {
		t.Errorf("%d promotions jumped the queue", got)
	}
	promoted := q(`SELECT count(*) FROM signups WHERE shift_id = $1 AND position > 0 AND status <> 'waitlisted'`)
	if got := q(`SELECT count(*) FROM audit_log WHERE action = 'signup.promoted' AND data->>'shift_id' = $1::text`); got != promoted {
		t.Errorf("promotion audits = %d, promoted sign-ups = %d", got, promoted)
	}
	if got := e.count(t, `SELECT count(*) FROM notifications WHERE kind = 'signup_promoted'`); got != promoted {
		t.Errorf("promotion notices = %d, promoted sign-ups = %d", got, promoted)
	}
	if got := q(`SELECT count(*) FROM (SELECT volunteer_id FROM signups WHERE shift_id = $1
		AND status IN ('confirmed', 'waitlisted', 'pending') GROUP BY volunteer_id HAVING count(*) > 1) d`); got != 0 {
		t.Errorf("%d volunteers hold two live sign-ups", got)
	}
	t.Logf("%d promoted from the waitlist while %d cancellations raced %d sign-ups", promoted, cancels, volunteers)
}
