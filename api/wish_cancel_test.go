package api_test

import (
	"testing"

	"github.com/google/uuid"

	"hutong/api"
	"hutong/postgres"
)

func TestCancelWishAPI(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) { d.Donations = postgres.NewDonationService(db, nil, "") })
	owner, stranger := h.signUp("Station"), h.signUp("Stranger")
	station := owner.createOrg("station", "梁溪区未成年人救助保护中心", nil)
	prog, child, wish := uuid.New(), uuid.New(), uuid.New()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO programmes (id, organization_id, title, description, region_code, starts_on, ends_on, goal_fen, status, created_at, updated_at)
			VALUES ($1, $2, '“113”微心愿', '为困境儿童圆梦', '320213', '2026-01-01', '2027-12-31', 1000000, 'active', now(), now())`, []any{prog, station.ID}},
		{`INSERT INTO children (id, station_id, pseudonym, age_band, created_at, updated_at) VALUES ($1, $2, '小禾', '7-9', now(), now())`, []any{child, station.ID}},
		{`INSERT INTO wishes (id, programme_id, child_id, station_id, kind, title, story, category, region_code, amount_fen, quantity, deadline,
			status, published_at, created_at, updated_at) VALUES ($1, $2, $3, $4, 'goods', '一个新书包', '想要一个能装下课本的书包。', 'school_supplies',
			'320213', 12000, 1, '2027-07-01', 'published', now(), now(), now())`, []any{wish, prog, child, station.ID}},
	} {
		_, err := h.db.SQL().Exec(q.sql, q.args...)
		must(t, err)
	}
	path := "/api/v1/wishes/" + wish.String() + "/cancel"
	t.Run("ErrStranger403", func(t *testing.T) {
		stranger.do("POST", path, map[string]any{"reason": "不再需要"}).problem(403)
	})
	t.Run("ErrNoReason422", func(t *testing.T) {
		owner.do("POST", path, map[string]any{"reason": ""}).problem(422).field(t, "reason")
	})
	t.Run("ErrUnknown404", func(t *testing.T) {
		owner.do("POST", "/api/v1/wishes/"+uuid.NewString()+"/cancel", map[string]any{"reason": "不再需要"}).problem(404)
	})
	var out struct {
		Refunds, Redirects int
	}
	owner.do("POST", path, map[string]any{"reason": "孩子已随家人搬离本市"}).want(200).decode(&out)
	owner.do("POST", path, map[string]any{"reason": "孩子已随家人搬离本市"}).problem(409)
}

func TestThankAndCloseWishAPI(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) { d.Wishes = postgres.NewWishService(db) })
	owner, stranger := h.signUp("Station"), h.signUp("Stranger")
	station := owner.createOrg("station", "梁溪区未成年人救助保护中心", nil)
	prog, child, wish := uuid.New(), uuid.New(), uuid.New()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO programmes (id, organization_id, title, description, region_code, starts_on, ends_on, goal_fen, status, created_at, updated_at)
			VALUES ($1, $2, '“113”微心愿', '为困境儿童圆梦', '320213', '2026-01-01', '2027-12-31', 1000000, 'active', now(), now())`, []any{prog, station.ID}},
		{`INSERT INTO children (id, station_id, pseudonym, age_band, created_at, updated_at) VALUES ($1, $2, '小禾', '7-9', now(), now())`, []any{child, station.ID}},
		{`INSERT INTO wishes (id, programme_id, child_id, station_id, kind, title, story, category, region_code, amount_fen, quantity, deadline,
			status, published_at, created_at, updated_at) VALUES ($1, $2, $3, $4, 'goods', '一个新书包', '想要一个能装下课本的书包。', 'school_supplies',
			'320213', 12000, 1, '2027-07-01', 'delivered', now(), now(), now())`, []any{wish, prog, child, station.ID}},
	} {
		_, err := h.db.SQL().Exec(q.sql, q.args...)
		must(t, err)
	}
	base := "/api/v1/wishes/" + wish.String()
	t.Run("ErrPhone422", func(t *testing.T) {
		owner.do("POST", base+"/thanks", map[string]any{"thanks_note": "谢谢!我的电话是 13912345678"}).problem(422).field(t, "thanks_note")
	})
	t.Run("ErrStranger403", func(t *testing.T) {
		stranger.do("POST", base+"/thanks", map[string]any{"thanks_note": "谢谢叔叔阿姨送来的新书包!"}).problem(403)
	})
	var got struct {
		Status     string `json:"status"`
		ThanksNote string `json:"thanks_note"`
	}
	owner.do("POST", base+"/thanks", map[string]any{"thanks_note": "谢谢叔叔阿姨送来的新书包!"}).want(200).decode(&got)
	if got.Status != "thanked" || got.ThanksNote == "" {
		t.Errorf("wish = %+v", got)
	}
	owner.do("POST", base+"/close", nil).want(200).decode(&got)
	owner.do("POST", base+"/close", nil).problem(409)
}
