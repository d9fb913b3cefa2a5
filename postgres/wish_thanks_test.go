package postgres_test

import (
	"context"
	"testing"

	"hutong/domain"
	"hutong/search/searchtest"
)

func TestThankAndCloseWish(t *testing.T) {
	t.Parallel()
	e := newWishEnv(t)
	ctx := context.Background()
	w := e.publishedWish(t, e.canaryChild(t, true))
	t.Run("ErrNotDeliveredYet", func(t *testing.T) {
		_, err := e.wishes.ThankWish(ctx, e.staffA, w.ID, "谢谢叔叔阿姨送来的新书包!")
		wantCode(t, err, domain.ECONFLICT)
	})
	if _, err := e.db.SQL().Exec(`UPDATE wishes SET status = 'delivered' WHERE id = $1`, w.ID); err != nil {
		t.Fatal(err)
	}
	for name, note := range map[string]string{
		"ErrPhoneInThanks": "谢谢您!有空给我打电话 13912345678",
		"ErrRealName":      "我是" + searchtest.CanaryChildName + ",谢谢您送的书包!",
		"ErrTooShort":      "谢谢",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := e.wishes.ThankWish(ctx, e.staffA, w.ID, note)
			wantField(t, err, domain.EINVALID, "thanks_note")
		})
	}
	t.Run("ErrStrangerThanks", func(t *testing.T) {
		_, err := e.wishes.ThankWish(ctx, e.stranger, w.ID, "谢谢叔叔阿姨送来的新书包!")
		wantCode(t, err, domain.EFORBIDDEN)
	})
	got, err := e.wishes.ThankWish(ctx, e.staffA, w.ID, "谢谢叔叔阿姨送来的新书包,我会好好学习!")
	must(t, err)
	if got.Status != domain.WishThanked || got.ThanksNote == "" {
		t.Fatalf("wish %+v", got)
	}
	public, err := e.wishes.FindWishByID(ctx, nil, w.ID)
	must(t, err)
	if public.ThanksNote != got.ThanksNote {
		t.Errorf("the public does not see the thanks: %+v", public)
	}
	closed, err := e.wishes.CloseWish(ctx, e.staffB, w.ID)
	must(t, err)
	if closed.Status != domain.WishClosed {
		t.Errorf("status %s", closed.Status)
	}
	_, err = e.wishes.CloseWish(ctx, e.staffB, w.ID)
	wantCode(t, err, domain.ECONFLICT)
}
