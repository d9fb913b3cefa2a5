package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// claimID finds the claimant's claim id in the wish page's bought form.
func claimID(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`action="/claims/([0-9a-f-]{36})/bought"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no bought form on the page\n%s", body)
	}
	return m[1]
}

func TestWishClaimToDelivery(t *testing.T) {
	t.Parallel()
	s := newWishScene(t)
	w := s.publish(t, "一个新书包")
	page := "/wishes/" + w.ID.String()
	other, _ := s.a.signUp(t, "other-donor@hutong.test", "李热心")

	t.Run("NoGatewaySaysCashUnavailableButOffersTheClaim", func(t *testing.T) {
		res, body := s.a.client(t).get(page)
		wantStatus(t, res, body, http.StatusOK)
		mustContain(t, body, "暂不能在线捐款", "登录后认领")
		res, body = s.donor.submit(page, page+"/give", url.Values{"amount": {"50"}, "overflow": {"programme"}})
		wantStatus(t, res, body, http.StatusServiceUnavailable)
		mustContain(t, body, "暂不能在线捐款", "我来认领")
	})
	t.Run("AnonymousClaimGoesToSignIn", func(t *testing.T) {
		res, _ := s.a.client(t).post(page+"/claim", url.Values{})
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("anonymous claim: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
	})
	var claim string
	t.Run("DonorClaims", func(t *testing.T) {
		res, body := s.donor.submit(page, page+"/claim", url.Values{"display_name": {"王爱心"}})
		wantRedirect(t, res, body, page+"?done=claimed")
		_, body = s.donor.get(page + "?done=claimed")
		mustContain(t, body, "认领成功", "我的认领", "我已购买并寄出", "取消认领", "已被认领")
		claim = claimID(t, body)
	})
	t.Run("SecondClaimIsAConflict", func(t *testing.T) {
		_, body := other.get(page)
		if strings.Contains(body, "我来认领") {
			t.Error("a claimed wish still offers the claim")
		}
		res, body := other.submit(page, page+"/claim", url.Values{})
		wantStatus(t, res, body, http.StatusConflict)
		mustContain(t, body, "这个心愿已被认领或已有捐款")
	})
	t.Run("OnlyTheClaimantMarksBought", func(t *testing.T) {
		res, body := other.submit(page, "/claims/"+claim+"/bought", url.Values{"wish_id": {w.ID.String()}})
		wantStatus(t, res, body, http.StatusNotFound)
	})
	t.Run("CancelOpensTheWishAgain", func(t *testing.T) {
		res, body := s.donor.submit(page, "/claims/"+claim+"/cancel", url.Values{"wish_id": {w.ID.String()}})
		wantRedirect(t, res, body, page+"?done=cancelled")
		_, body = other.get(page)
		mustContain(t, body, "我来认领", "等待实现")
		res, body = s.donor.submit(page, page+"/claim", url.Values{"anonymous": {"1"}})
		wantRedirect(t, res, body, page+"?done=claimed")
		_, body = s.donor.get(page)
		claim = claimID(t, body)
		_, body = other.get(page)
		mustContain(t, body, "爱心人士")
	})
	t.Run("DonorMarksBought", func(t *testing.T) {
		res, body := s.donor.submit(page, "/claims/"+claim+"/bought",
			url.Values{"wish_id": {w.ID.String()}, "tracking_note": {"顺丰 SF1234567890"}})
		wantRedirect(t, res, body, page+"?done=bought")
		_, body = s.staffA.get(s.stationURL("/station"))
		mustContain(t, body, "已购买寄出", "顺丰 SF1234567890", "已收到物品")
	})
	t.Run("StationReceives", func(t *testing.T) {
		res, body := s.staffA.submit(s.stationURL("/station"), "/station/claims/"+claim+"/received", s.form(url.Values{}))
		wantRedirect(t, res, body, "/station?done=received&org="+s.station.ID.String())
	})
	t.Run("DeliveryNeedsTheNoFaceConfirmation", func(t *testing.T) {
		res, body := s.uploadDelivery(s.staffA, w.ID.String(), jpegPhoto(t), false)
		wantStatus(t, res, body, http.StatusUnprocessableEntity)
		mustContain(t, body, "请确认照片中看不到孩子的面部")
		ev, err := s.claims.FindEvidence(context.Background(), s.staffAA, w.ID)
		if err != nil || len(ev) != 0 {
			t.Fatalf("evidence after a refused upload: %v %v", ev, err)
		}
	})
	t.Run("DeliveryWithPhotoTellsTheStory", func(t *testing.T) {
		res, body := s.uploadDelivery(s.staffA, w.ID.String(), jpegPhoto(t), true)
		wantRedirect(t, res, body, "/station?done=delivered&org="+s.station.ID.String())
		anon := s.a.client(t)
		_, body = anon.get(page)
		mustContain(t, body, "心愿实现", "书包已送到孩子手中", "已送达")
		mustNotLeak(t, "the delivered wish's page", body)
		src := regexp.MustCompile(`<img src="(/wishes/[^"]+/evidence/[^"]+)"`).FindStringSubmatch(body)
		if src == nil {
			t.Fatalf("no photo on the page\n%s", body)
		}
		res, photo := anon.get(src[1])
		wantStatus(t, res, "", http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "image/jpeg" || len(photo) == 0 {
			t.Errorf("photo: %s, %d bytes", ct, len(photo))
		}
		res, body = anon.get("/wishes/" + s.programme.ID.String() + strings.TrimPrefix(src[1], page))
		wantStatus(t, res, body, http.StatusNotFound)
	})
	t.Run("UploadWithoutTokenIs403", func(t *testing.T) {
		res, body := s.uploadDeliveryToken(s.staffA, w.ID.String(), "forged")
		wantStatus(t, res, body, http.StatusForbidden)
	})
}
