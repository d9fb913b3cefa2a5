package api_test

import (
	"testing"

	"github.com/google/uuid"

	"hutong/api"
	"hutong/postgres"
)

func TestOfflineGiftsAPI(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) {
		d.OfflineGifts, d.Matching = postgres.NewOfflineGiftService(db), postgres.NewMatchingService(db)
	})
	admin, owner, fin1, fin2 := h.admin(), h.signUp("Foundation"), h.signUp("Finance1"), h.signUp("Finance2")
	host := owner.createOrg("foundation", "无锡市锡商公益基金会", map[string]any{"public_fundraising": true})
	admin.do("POST", "/api/v1/organizations/"+host.ID+"/verification", map[string]any{"status": "verified"}).want(200)
	for _, f := range []*user{fin1, fin2} {
		owner.do("POST", "/api/v1/organizations/"+host.ID+"/members", map[string]any{"login": f.Email, "roles": []string{"finance"}}).want(201)
	}
	station := owner.createOrg("station", "梁溪区未成年人救助保护中心", nil)
	prog := uuid.New()
	_, err := h.db.SQL().Exec(`INSERT INTO programmes (id, organization_id, host_id, host_status, title, description, region_code, starts_on, ends_on,
		goal_fen, status, created_at, updated_at) VALUES ($1, $2, $3, 'accepted', '“113”微心愿', '为困境儿童圆梦', '320213', '2026-01-01', '2027-12-31',
		1000000, 'active', now(), now())`, prog, station.ID, host.ID)
	must(t, err)
	pledges := "/api/v1/programmes/" + prog.String() + "/match-pledges"
	t.Run("ErrStationPledges403", func(t *testing.T) {
		owner.do("POST", pledges, map[string]any{"foundation_id": station.ID, "ratio_pct": 100, "cap_fen": 100_000}).problem(403)
	})
	t.Run("ErrBadCap422", func(t *testing.T) {
		fin1.do("POST", pledges, map[string]any{"foundation_id": host.ID, "ratio_pct": 100, "cap_fen": 10}).problem(422).field(t, "cap_fen")
	})
	fin1.do("POST", pledges, map[string]any{"foundation_id": host.ID, "ratio_pct": 50, "cap_fen": 100_000}).want(201)
	gifts := "/api/v1/organizations/" + host.ID + "/offline-gifts"
	body := map[string]any{"programme_id": prog.String(), "amount_fen": 50_000, "method": "cash", "payer_name": "爱心人士",
		"anonymous": true, "received_on": "2026-05-19", "evidence": "现金收据本第 12 页"}
	t.Run("ErrStranger404", func(t *testing.T) {
		h.signUp("Stranger").do("POST", gifts, body).problem(404)
	})
	t.Run("ErrBadDate422", func(t *testing.T) {
		bad := map[string]any{}
		for k, v := range body {
			bad[k] = v
		}
		bad["received_on"] = "2026-02-30"
		fin1.do("POST", gifts, bad).problem(422).field(t, "received_on")
	})
	var g struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	fin1.do("POST", gifts, body).want(201).decode(&g)
	t.Run("ErrSameOfficerConfirms403", func(t *testing.T) {
		fin1.do("POST", "/api/v1/offline-gifts/"+g.ID+"/confirm", nil).problem(403)
	})
	fin2.do("POST", "/api/v1/offline-gifts/"+g.ID+"/confirm", nil).want(200).decode(&g)
	if g.Status != "confirmed" {
		t.Fatalf("gift = %+v", g)
	}
	var list itemsOf[map[string]any]
	fin1.do("GET", gifts, nil).want(200).decode(&list)
	if len(list.Items) != 1 {
		t.Errorf("gifts = %+v", list.Items)
	}
	var matched itemsOf[struct {
		MatchedFen int64 `json:"matched_fen"`
	}]
	h.anon().do("GET", pledges, nil).want(200).decode(&matched)
	if len(matched.Items) != 1 || matched.Items[0].MatchedFen != 25_000 {
		t.Errorf("pledges = %+v, want 25000 matched of a 50000 gift at 50%%", matched.Items)
	}
	t.Run("ErrRecorderRejects403", func(t *testing.T) {
		fin1.do("POST", "/api/v1/offline-gifts/"+g.ID+"/reject", map[string]any{"note": "重复"}).problem(403)
	})
}
