package postgres_test

import (
	"context"
	"database/sql"
	"io"
	"strings"
	"testing"

	"hutong/domain"
	"hutong/internal/testkit"
	"hutong/postgres"
)

// emptyDatabase creates a database with no schema at all on the test
// cluster, unlike testkit.DSN whose databases come migrated.
func emptyDatabase(tb testing.TB) *sql.DB {
	tb.Helper()
	c := testkit.Cluster(tb)
	admin, err := sql.Open("pgx", c.DSN("postgres"))
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	name := "migrate_" + strings.ReplaceAll(domain.NewID().String(), "-", "")
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		tb.Fatal(err)
	}
	db, err := sql.Open("pgx", c.DSN(name))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func tables(tb testing.TB, db *sql.DB) []string {
	tb.Helper()
	rows, err := db.Query(`SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version' ORDER BY 1`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			tb.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func pending(tb testing.TB, db *sql.DB) int {
	tb.Helper()
	n, err := postgres.MigrationStatus(context.Background(), db, io.Discard)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestMigrations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := emptyDatabase(t)
	if n := pending(t, db); n == 0 {
		t.Fatal("an empty database reports no pending migrations")
	}
	if err := postgres.MigrateUp(ctx, db); err != nil {
		t.Fatalf("up: %v", err)
	}
	first := tables(t, db)
	for _, want := range []string{"users", "organizations", "audit_log", "river_job", "regions"} {
		if !contains(first, want) {
			t.Errorf("after up, table %s is missing (have %v)", want, first)
		}
	}
	if n := pending(t, db); n != 0 {
		t.Fatalf("after up, %d migrations pending", n)
	}
	if err := postgres.MigrateDown(ctx, db); err != nil {
		t.Fatalf("down: %v", err)
	}
	if left := tables(t, db); len(left) != 0 {
		t.Fatalf("after down to zero, tables remain: %v", left)
	}
	if err := postgres.MigrateUp(ctx, db); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if again := tables(t, db); strings.Join(again, ",") != strings.Join(first, ",") {
		t.Fatalf("up, down, up gives %v, first up gave %v", again, first)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
