package main

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/internal/testkit"
	"hutong/postgres"
)

// TestLedgerVerify checks a consistent ledger, then one whose wish total
// was changed behind the ledger's back.
func TestLedgerVerify(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := testkit.DSN(t)
	db, err := postgres.Open(ctx, dsn, postgres.Options{SecretKey: testkit.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := postgres.NewUserService(db).Register(ctx, domain.RegisterInput{
		Email: "ledger@example.org", Password: "long-enough-pw", DisplayName: "账目"})
	if err != nil {
		t.Fatal(err)
	}
	org, err := postgres.NewOrganizationService(db).CreateOrganization(ctx, &domain.Actor{User: u},
		domain.OrganizationInput{Kind: domain.KindSocialOrg, Name: "无锡慈善基金会", CreditCode: "52320200000000042M",
			RegionCode: "320213", ServiceAreas: []string{"tutoring"}, Rating: "4A"})
	if err != nil {
		t.Fatal(err)
	}
	programme, child, wish := uuid.New(), uuid.New(), uuid.New()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO programmes (id, organization_id, host_id, host_status, title, description, region_code, starts_on,
			ends_on, goal_fen, status, created_at, updated_at) VALUES ($1, $2, $2, 'accepted', '113', '微心愿', '320213',
			'2025-01-01', '2030-12-31', 100000, 'active', now(), now())`, []any{programme, org.ID}},
		{`INSERT INTO children (id, station_id, pseudonym, age_band, created_at, updated_at) VALUES ($1, $2, '小雨', '7-9', now(), now())`,
			[]any{child, org.ID}},
		{`INSERT INTO wishes (id, programme_id, child_id, station_id, kind, title, story, category, region_code, amount_fen,
			quantity, deadline, status, funded_fen, created_at, updated_at) VALUES ($1, $2, $3, $4, 'goods', '书包', '想要书包',
			'study', '320213', 5000, 1, '2030-01-01', 'published', 1200, now(), now())`, []any{wish, programme, child, org.ID}},
		{`INSERT INTO ledger_entries (id, programme_id, wish_id, kind, amount_fen, source, created_at)
			VALUES ($1, $2, $3, 'donation', 1200, 'stripe:pi_ledger', now())`, []any{uuid.New(), programme, wish}},
		{`UPDATE programmes SET raised_fen = 1200 WHERE id = $1`, []any{programme}},
	} {
		if _, err := db.SQL().Exec(q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	t.Run("a consistent ledger passes", func(t *testing.T) {
		if r := run(t, externalEnv(t, dsn), "ledger", "verify"); r.code != 0 || !strings.Contains(r.stdout.String(), "consistent") {
			t.Fatalf("exit %d, %q %q", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("a wish total off its entries fails", func(t *testing.T) {
		if _, err := db.SQL().Exec(`UPDATE wishes SET funded_fen = 1300 WHERE id = $1`, wish); err != nil {
			t.Fatal(err)
		}
		r := run(t, externalEnv(t, dsn), "ledger", "verify")
		if r.code != 1 || !strings.Contains(r.stderr.String(), "wish "+wish.String()) || !strings.Contains(r.stderr.String(), "1300") {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
	t.Run("usage without verify", func(t *testing.T) {
		if r := run(t, externalEnv(t, dsn), "ledger"); r.code == 0 {
			t.Fatal("ledger without verify succeeded")
		}
	})
}
