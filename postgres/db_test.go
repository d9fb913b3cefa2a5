package postgres_test

import (
	"context"
	"net"
	"testing"
	"time"

	"hutong/domain"
	"hutong/internal/testkit"
	"hutong/postgres"
)

func TestOpen(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		db := testkit.DB(t)
		must(t, db.Ping(context.Background()))
		var n int64
		must(t, db.Gorm().Raw(`SELECT count(*) FROM regions`).Row().Scan(&n))
		if n == 0 {
			t.Fatal("no regions through Gorm()")
		}
	})

	t.Run("ErrUnavailable", func(t *testing.T) {
		t.Parallel()
		// A port that was just free has nobody listening on it.
		l, err := net.Listen("tcp", "127.0.0.1:0")
		must(t, err)
		addr := l.Addr().String()
		must(t, l.Close())
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err = postgres.Open(ctx, "postgres://nobody@"+addr+"/hutong?sslmode=disable&connect_timeout=2", postgres.Options{})
		wantCode(t, err, domain.EUNAVAILABLE)
	})
}
