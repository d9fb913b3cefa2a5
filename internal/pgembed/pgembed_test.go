package pgembed_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"

	"hutong/internal/pgembed"
)

// TestClusterSurvivesRestart starts a durable cluster (the embedded
// default of serve), writes a row, stops it, starts it again on a new
// port and reads the row back.
func TestClusterSurvivesRestart(t *testing.T) {
	t.Parallel()
	dir, err := os.MkdirTemp("/dev/shm", "pgembed-test-")
	if err != nil {
		dir, err = os.MkdirTemp("", "pgembed-test-")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// The data folder's parent must be reachable by the account that runs
	// PostgreSQL when the tests run as root, as ./var is.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	opts := pgembed.Options{Dir: dir + "/pg", Database: "hutong"}

	c, err := pgembed.Start(ctx, opts)
	if errors.Is(err, pgembed.ErrNoBinaries) {
		t.Fatal("PostgreSQL binaries are required for the tests: apt-get install postgresql")
	} else if err != nil {
		t.Fatal(err)
	}
	if c.Password() == "" {
		t.Error("a durable cluster must require a password")
	}
	exec(t, c.DSN("hutong"), "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('护童')")
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}

	c2, err := pgembed.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c2.Stop() })
	db, err := sql.Open("pgx", c2.DSN("hutong"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow("SELECT v FROM kept").Scan(&v); err != nil || v != "护童" {
		t.Fatalf("after restart: %q, %v", v, err)
	}
}

// TestStartAdoptsRunningCluster: a second Start on a running data folder
// reuses the server instead of failing or starting another.
func TestStartAdoptsRunningCluster(t *testing.T) {
	t.Parallel()
	dir, err := os.MkdirTemp("/dev/shm", "pgembed-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ctx := context.Background()
	opts := pgembed.Options{Dir: dir, Ephemeral: true}
	c, err := pgembed.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Stop() })
	c2, err := pgembed.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if c2.Port() != c.Port() {
		t.Fatalf("second start uses port %d, first %d", c2.Port(), c.Port())
	}
	exec(t, c2.DSN("postgres"), "SELECT 1")
}

func exec(t *testing.T, dsn, query string) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query); err != nil {
		t.Fatal(err)
	}
}
