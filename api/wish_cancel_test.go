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
	_, wish := insertWish(t, h, station.ID, "published")
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
	_, wish := insertWish(t, h, station.ID, "delivered")
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
