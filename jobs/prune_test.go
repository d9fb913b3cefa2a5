package jobs_test

import (
	"context"
	"testing"
	"time"

	"hutong/domain"
	"hutong/internal/testkit"
	"hutong/jobs"
	"hutong/postgres"
)

func TestPruneAuthWorker(t *testing.T) {
	t.Parallel()
	t.Run("OKPrunesExpiredSessionsOnStart", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		ctx := context.Background()
		u := h.register(t, domain.RegisterInput{Email: "zhou.q@hutong.test", DisplayName: "周琦"})
		// A session started 13 hours ago is past its absolute timeout.
		past, err := postgres.Open(ctx, h.dsn, postgres.Options{
			SecretKey: testkit.SecretKey, Now: func() time.Time { return time.Now().Add(-13 * time.Hour) },
		})
		if err != nil {
			t.Fatal(err)
		}
		defer past.Close()
		if _, _, err := postgres.NewAuthService(past).CreateSession(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := postgres.NewAuthService(h.db).CreateSession(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		h.start(t)
		h.waitDone(t, jobs.PruneAuthArgs{}.Kind())
		var left int
		if err := h.pool.QueryRow(ctx, "SELECT count(*) FROM sessions WHERE user_id = $1", u.ID).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left != 1 {
			t.Errorf("%d sessions left, want only the live one", left)
		}
	})
}

func TestHealthy(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	client, err := jobs.NewClient(h.pool, jobs.NewWorkers(h.deps), h.deps, true)
	if err != nil {
		t.Fatal(err)
	}
	check := jobs.Healthy(client)
	ctx := context.Background()
	if err := check(ctx); err == nil {
		t.Error("a client never started is healthy")
	}
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := check(ctx); err != nil {
		t.Errorf("a running client is unhealthy: %v", err)
	}
	stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := client.Stop(stopCtx); err != nil {
		t.Fatal(err)
	}
	if err := check(ctx); err == nil {
		t.Error("a stopped client is healthy")
	}
}

func TestNewClientInsertOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	client, err := jobs.NewClient(h.pool, jobs.NewWorkers(h.deps), h.deps, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Start(context.Background()); err == nil {
		t.Error("a client built without workers started working")
	}
	if _, err := client.Insert(context.Background(), jobs.PruneAuthArgs{}, nil); err != nil {
		t.Errorf("insert-only client cannot insert: %v", err)
	}
}
