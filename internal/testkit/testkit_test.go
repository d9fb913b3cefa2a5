package testkit_test

import (
	"context"
	"database/sql"
	"testing"

	"hutong/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// TestDSNIsMigratedAndPrivate: each test gets its own migrated database.
func TestDSNIsMigratedAndPrivate(t *testing.T) {
	t.Parallel()
	a, b := testkit.DSN(t), testkit.DSN(t)
	if a == b {
		t.Fatal("two calls returned the same database")
	}
	db, err := sql.Open("pgx", a)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM regions").Scan(&n); err != nil || n == 0 {
		t.Fatalf("regions: %d, %v", n, err)
	}
}

// BenchmarkFreshDatabase measures what each database-backed test pays
// for its own migrated database: a clone of the template.
func BenchmarkFreshDatabase(b *testing.B) {
	testkit.DSN(b) // the template is built once, outside the measurement
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		testkit.DSN(b)
	}
}
