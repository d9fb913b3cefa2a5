package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"hutong/domain"
)

// seedWishes inserts n wishes of one station in one statement, spread
// over regions, categories, kinds and statuses (most published), as a
// province's micro-wish campaign might hold.
func seedWishes(tb testing.TB, e *claimEnv, n int) {
	tb.Helper()
	var prog, child string
	must(tb, e.db.SQL().QueryRow(`SELECT programme_id, child_id FROM wishes WHERE id = $1`, e.wish).Scan(&prog, &child))
	_, err := e.db.SQL().Exec(`
		INSERT INTO wishes (id, programme_id, child_id, station_id, kind, title, story, category, region_code, amount_fen,
			quantity, deadline, status, funded_fen, published_at, created_at, updated_at)
		SELECT gen_random_uuid(), $1, $2, $3, (ARRAY['goods','goods','cash','experience'])[1 + i % 4],
			'微心愿 ' || i, '一个孩子的小心愿,需要爱心人士的帮助。',
			(ARRAY['school_supplies','books','clothing','daily_necessities','sports_arts'])[1 + i % 5],
			(ARRAY['320213','320205','320102','370102','610502','320506'])[1 + i % 6],
			10000 + (i % 50) * 1000, 1, '2026-12-31',
			(ARRAY['published','published','published','funded','delivered','draft'])[1 + i % 6], 0,
			now() - i * interval '1 minute', now() - i * interval '1 minute', now()
		FROM generate_series(1, $4) AS i`, prog, child, e.station.ID, n)
	must(tb, err)
	_, err = e.db.SQL().Exec(`ANALYZE wishes`)
	must(tb, err)
}

// BenchmarkFindWishes lists a page of 20 among 10,000 wishes under the
// public list's filters and reports the 99th percentile (issue 5 asks
// for p99 under 20 ms).
func BenchmarkFindWishes(b *testing.B) {
	e := newClaimEnv(b)
	seedWishes(b, e, 10_000)
	wishes := e.wishService()
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		f    domain.WishFilter
	}{
		{"All", domain.WishFilter{}},
		{"Province", domain.WishFilter{Region: "320000"}},
		{"DistrictCategory", domain.WishFilter{Region: "320213", Category: "books"}},
		{"KindStatus", domain.WishFilter{Kind: domain.WishGoods, Status: domain.WishPublished}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var times []time.Duration
			f := bc.f
			f.Page = domain.Page{Limit: 20}
			for b.Loop() {
				start := time.Now()
				list, next, err := wishes.FindWishes(ctx, nil, f)
				if err != nil || len(list) != 20 || next == "" {
					b.Fatalf("%d wishes, next %q, %v", len(list), next, err)
				}
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

// TestSeedWishes keeps the benchmark's seed honest: its rows pass the
// schema's checks and read back through the service.
func TestSeedWishes(t *testing.T) {
	t.Parallel()
	e := newClaimEnv(t)
	seedWishes(t, e, 36)
	list, _, err := e.wishService().FindWishes(context.Background(), nil, domain.WishFilter{Region: "320213", Page: domain.Page{Limit: 100}})
	must(t, err)
	// The fixture's own wish plus the 6 of every 36 seeded in 梁溪区
	// (all published: region and status turn with the same modulus).
	if len(list) != 1+6 {
		t.Errorf("%d public wishes in 梁溪区, want 7", len(list))
	}
}
