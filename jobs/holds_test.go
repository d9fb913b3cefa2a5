package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/postgres"
)

// The periodic job releases a donation hold that expired: the amount is
// open on the wish again and the donation is expired.
func TestReleaseHoldsWorker(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	u := h.register(t, domain.RegisterInput{Email: "host.owner@hutong.test", DisplayName: "基金会"})
	ms, err := postgres.NewMemberService(h.db).FindMemberships(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	org, err := postgres.NewOrganizationService(h.db).CreateOrganization(ctx, &domain.Actor{User: u, Memberships: ms},
		domain.OrganizationInput{Kind: domain.KindSocialOrg, Name: "无锡慈善基金会", CreditCode: "52320200000000042M",
			RegionCode: "320213", ServiceAreas: []string{"tutoring"}, Rating: "4A"})
	if err != nil {
		t.Fatal(err)
	}
	programme, child, wish, donation := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	past := time.Now().Add(-time.Hour)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE organizations SET public_fundraising = true, stripe_account_id = 'acct_1Job' WHERE id = $1`, []any{org.ID}},
		{`INSERT INTO programmes (id, organization_id, host_id, host_status, title, description, region_code, starts_on,
			ends_on, goal_fen, status, created_at, updated_at) VALUES ($1, $2, $2, 'accepted', '113', '微心愿', '320213',
			'2025-01-01', '2030-12-31', 100000, 'active', $3, $3)`, []any{programme, org.ID, past}},
		{`INSERT INTO children (id, station_id, pseudonym, age_band, created_at, updated_at) VALUES ($1, $2, '小雨', '7-9', $3, $3)`,
			[]any{child, org.ID, past}},
		{`INSERT INTO wishes (id, programme_id, child_id, station_id, kind, title, story, category, region_code, amount_fen,
			quantity, deadline, status, held_fen, created_at, updated_at) VALUES ($1, $2, $3, $4, 'goods', '书包', '想要书包',
			'study', '320213', 5000, 1, '2030-01-01', 'published', 2000, $5, $5)`, []any{wish, programme, child, org.ID, past}},
		{`INSERT INTO donations (id, wish_id, programme_id, host_id, amount_fen, method, status, hold_expires_at, created_at,
			updated_at) VALUES ($1, $2, $3, $4, 2000, 'stripe', 'pending', $5, $5, $5)`, []any{donation, wish, programme, org.ID, past}},
	} {
		if _, err := h.pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	h.deps.Holds = postgres.NewDonationService(h.db, nil, baseURL)
	h.start(t)
	h.waitDone(t, domain.ReleaseHoldsArgs{}.Kind())
	var held int64
	var status string
	if err := h.pool.QueryRow(ctx, `SELECT w.held_fen, d.status FROM wishes w JOIN donations d ON d.wish_id = w.id
		WHERE d.id = $1`, donation).Scan(&held, &status); err != nil {
		t.Fatal(err)
	}
	if held != 0 || status != "expired" {
		t.Fatalf("held %d, donation %s", held, status)
	}
}
