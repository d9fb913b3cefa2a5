package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"hutong/domain"
)

func TestStationCancelsAWish(t *testing.T) {
	t.Parallel()
	s := newWishScene(t)
	w := s.publish(t, "一个新书包")
	owner := s.a.client(t)
	if res, body := owner.submit("/login", "/login", url.Values{"login": {"station-owner@hutong.test"}, "password": {"correct horse battery"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d\n%s", res.StatusCode, body)
	}
	desk := s.stationURL("/station")
	cancel := "/station/wishes/" + w.ID.String() + "/cancel"
	t.Run("StaffAreNotOfferedCancellation", func(t *testing.T) {
		_, body := s.staffA.get(desk)
		mustNotContain(t, body, cancel)
	})
	t.Run("StaffMayNotCancel", func(t *testing.T) {
		res, _ := s.staffA.submit(desk, cancel, s.form(url.Values{"reason": {"不再需要"}}))
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", res.StatusCode)
		}
	})
	_, body := owner.get(desk)
	mustContain(t, body, cancel, "取消心愿")
	t.Run("AReasonIsRequired", func(t *testing.T) {
		res, body := owner.submit(desk, cancel, s.form(url.Values{"reason": {""}}))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "请写明取消原因")
	})
	res, body := owner.submit(desk, cancel, s.form(url.Values{"reason": {"孩子已随家人搬离本市,心愿改由当地站点跟进"}}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d\n%s", res.StatusCode, body)
	}
	got, err := s.wishes.FindWishByID(context.Background(), s.staffAA, w.ID)
	if err != nil || got.Status != domain.WishCancelled {
		t.Fatalf("wish %+v, %v", got, err)
	}
	_, body = owner.get(desk + "&done=wish_cancelled")
	mustContain(t, body, "心愿已取消")
}

func TestStationThanksAndCloses(t *testing.T) {
	t.Parallel()
	s := newWishScene(t)
	w := s.publish(t, "一个新书包")
	if _, err := s.a.db.SQL().Exec(`UPDATE wishes SET status = 'delivered' WHERE id = $1`, w.ID); err != nil {
		t.Fatal(err)
	}
	desk := s.stationURL("/station")
	thanks := "/station/wishes/" + w.ID.String() + "/thanks"
	_, body := s.staffA.get(desk)
	mustContain(t, body, thanks)
	t.Run("APhoneNumberIsRefused", func(t *testing.T) {
		res, body := s.staffA.submit(desk, thanks, s.form(url.Values{"thanks_note": {"谢谢!电话 13912345678"}}))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "手机号码")
	})
	res, body := s.staffA.submit(desk, thanks, s.form(url.Values{"thanks_note": {"谢谢叔叔阿姨送来的新书包,我会好好学习!"}}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("thanks: %d\n%s", res.StatusCode, body)
	}
	_, body = s.a.client(t).get("/wishes/" + w.ID.String())
	mustContain(t, body, "我会好好学习")
	mustNotLeak(t, "the thanked wish's page", body)
	res, body = s.staffB.submit(desk, "/station/wishes/"+w.ID.String()+"/close", s.form(url.Values{}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d\n%s", res.StatusCode, body)
	}
	got, err := s.wishes.FindWishByID(context.Background(), s.staffAA, w.ID)
	if err != nil || got.Status != domain.WishClosed {
		t.Errorf("wish %+v, %v", got, err)
	}
}
