package api_test

import (
	"testing"

	"github.com/google/uuid"
)

// insertWish writes an active programme of station, a pseudonymous child
// and one goods wish of ¥120 in status, straight into the tables, as the
// wish services would leave them; it returns the programme and the wish.
func insertWish(t *testing.T, h *harness, station, status string) (programme, wish uuid.UUID) {
	t.Helper()
	programme, child := uuid.New(), uuid.New()
	wish = uuid.New()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO programmes (id, organization_id, title, description, region_code, starts_on, ends_on, goal_fen, status, created_at, updated_at)
			VALUES ($1, $2, '“113”微心愿', '为困境儿童圆梦', '320213', '2026-01-01', '2027-12-31', 1000000, 'active', now(), now())`, []any{programme, station}},
		{`INSERT INTO children (id, station_id, pseudonym, age_band, created_at, updated_at) VALUES ($1, $2, '小禾', '7-9', now(), now())`, []any{child, station}},
		{`INSERT INTO wishes (id, programme_id, child_id, station_id, kind, title, story, category, region_code, amount_fen, quantity, deadline,
			status, published_at, created_at, updated_at) VALUES ($1, $2, $3, $4, 'goods', '一个新书包', '想要一个能装下课本的书包。', 'school_supplies',
			'320213', 12000, 1, '2027-07-01', $5, now(), now(), now())`, []any{wish, programme, child, station, status}},
	} {
		_, err := h.db.SQL().Exec(q.sql, q.args...)
		must(t, err)
	}
	return programme, wish
}
