package api_test

import (
	"testing"
)

func TestAmendProject(t *testing.T) {
	t.Parallel()
	s := newBidScene(t)
	path := "/api/v1/projects/" + s.project.ID + "/amendments"
	bidPath := "/api/v1/bids/" + s.bid.ID
	t.Run("OKWordingKeepsBids", func(t *testing.T) {
		var p project
		s.bureau.do("POST", path, map[string]any{"description": "措辞更正后的项目说明。", "reason": "更正措辞"}).want(200).decode(&p)
		var b bidResponse
		s.bidStaff.do("GET", bidPath, nil).want(200).decode(&b)
		if b.Status != "submitted" || p.Timeline.BidDeadline == nil {
			t.Errorf("bid = %+v, project = %+v", b, p)
		}
	})
	t.Run("ErrNoReason", func(t *testing.T) {
		s.bureau.do("POST", path, map[string]any{"description": "再改一次。"}).problem(422).field(t, "reason")
	})
	t.Run("ErrBudgetLowered", func(t *testing.T) {
		s.bureau.do("POST", path, map[string]any{"budget_fen": 1, "reason": "降低预算"}).problem(422).field(t, "budget_fen")
	})
	t.Run("ErrNotTheBureau", func(t *testing.T) {
		s.bidStaff.do("POST", path, map[string]any{"description": "越权修改。", "reason": "越权"}).problem(403)
	})
	t.Run("ErrConfirmNotNeeded", func(t *testing.T) {
		s.bidStaff.do("POST", bidPath+"/confirm", nil).problem(409)
	})
	targets := []map[string]any{{"indicator": "受益人次", "unit": "人次", "target": 8000, "kind": "person_times"}}
	s.bureau.do("POST", path, map[string]any{"targets": targets, "reason": "提高服务目标"}).want(200)
	t.Run("OKSubstantiveNeedsConfirmation", func(t *testing.T) {
		var b bidResponse
		s.bidStaff.do("GET", bidPath, nil).want(200).decode(&b)
		if b.Status != "needs_confirmation" {
			t.Fatalf("bid status = %s", b.Status)
		}
	})
	t.Run("ErrConfirmOthersBid", func(t *testing.T) {
		s.rival.do("POST", bidPath+"/confirm", nil).problem(404)
	})
	t.Run("OKConfirm", func(t *testing.T) {
		var b bidResponse
		s.bidStaff.do("POST", bidPath+"/confirm", nil).want(200).decode(&b)
		if b.Status != "submitted" || b.Receipt.ContentSHA256 == s.bid.Receipt.ContentSHA256 ||
			!b.Receipt.SubmittedAt.After(s.bid.Receipt.SubmittedAt) {
			t.Errorf("confirmed = %+v, was %+v", b, s.bid)
		}
		s.bidStaff.do("POST", bidPath+"/confirm", nil).problem(409)
	})
	t.Run("ErrDraft", func(t *testing.T) {
		owner := s.h.signUp("Owner2")
		b := verifiedOrg(owner, s.h.admin(), "bureau", "无锡市滨湖区民政局")
		d := owner.createProject(b.ID)
		owner.do("POST", "/api/v1/projects/"+d.ID+"/amendments", map[string]any{"description": "草稿不能更正。", "reason": "更正"}).problem(409)
		owner.do("POST", path, map[string]any{"description": "他局越权。", "reason": "越权"}).problem(403)
	})
}
