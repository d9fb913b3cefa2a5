package testkit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/peterldowns/pgtestdb"

	"hutong/internal/pgembed"
	"hutong/migrations"
	"hutong/postgres"
)

// SecretKey is the platform secret every test database is opened with.
var SecretKey = []byte("hutong-test-secret-key-0123456789abcdef")

// migrator applies Hutong's and River's migrations to pgtestdb's template
// database. Its hash changes whenever a migration file does, so that an
// edited schema gets a fresh template.
type migrator struct{}

func (migrator) Hash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	h.Write([]byte("river v0.51.1"))
	return hex.EncodeToString(h.Sum(nil))[:16], err
}

func (migrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	return postgres.MigrateUp(ctx, db)
}

// DSN returns the URL of a fresh, fully migrated database for this test.
// It is dropped when the test passes and kept when it fails.
func DSN(tb testing.TB) string {
	tb.Helper()
	c := Cluster(tb)
	conf := pgtestdb.Config{
		DriverName:                "pgx",
		Host:                      "127.0.0.1",
		Port:                      strconv.Itoa(c.Port()),
		User:                      pgembed.Superuser,
		Database:                  "postgres",
		Options:                   "sslmode=disable",
		ForceTerminateConnections: true,
	}
	return pgtestdb.Custom(tb, conf, migrator{}).URL()
}

// DB opens a fresh database through the real postgres package, closed
// when the test ends.
func DB(tb testing.TB) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), DSN(tb), postgres.Options{
		SecretKey: SecretKey,
		Logger:    Logger(tb),
	})
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

// Logger returns a slog logger writing to the test's log. Lines logged
// after the test ends (by a pool or worker still closing) are dropped,
// since testing panics on a late Log.
func Logger(tb testing.TB) *slog.Logger {
	w := &tbWriter{tb: tb}
	tb.Cleanup(func() { w.done.Store(true) })
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tbWriter struct {
	tb   testing.TB
	done atomic.Bool
}

func (w *tbWriter) Write(p []byte) (int, error) {
	if !w.done.Load() {
		w.tb.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}
