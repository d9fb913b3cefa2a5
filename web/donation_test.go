package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"hutong/domain"
	"hutong/payments"
	"hutong/payments/stripe"
	"hutong/payments/stripetest"
)

// cashScene is the wish scene on stripe-mock, its programme hosted by a
// licensed foundation with a connected account.
type cashScene struct {
	*wishScene
	gw payments.Gateway
}

func newCashScene(t *testing.T) *cashScene {
	t.Helper()
	gw := stripe.New(stripe.Config{SecretKey: stripetest.SecretKey, WebhookSecret: stripetest.WebhookSecret,
		APIBase: stripetest.Start(t)})
	s := &cashScene{wishScene: newWishSceneWith(t, gw), gw: gw}
	ctx := context.Background()
	_, hostOwner := s.a.signUp(t, "host-owner@hutong.test", "基金会理事长")
	host, err := s.a.orgs.CreateOrganization(ctx, s.a.actor(t, hostOwner), domain.OrganizationInput{
		Kind: domain.KindFoundation, Name: "无锡慈善基金会", CreditCode: creditCode(t, "53320200MJ0000002"),
		RegionCode: "320200", ServiceAreas: []string{"left_behind"}, Rating: "5A",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE organizations SET public_fundraising = true, stripe_account_id = 'acct_1HostTest' WHERE id = $1`, []any{host.ID}},
		{`UPDATE programmes SET host_id = $1, host_status = 'accepted' WHERE id = $2`, []any{host.ID, s.programme.ID}},
	} {
		if _, err := s.a.db.SQL().Exec(q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// paid delivers, signed as Stripe would, the completed checkout of a
// donation, as the webhook does.
func (s *cashScene) paid(t *testing.T, id string, amount int64) {
	t.Helper()
	payload := stripetest.Event("evt_cs_"+id, payments.EventCheckoutCompleted,
		stripetest.Session("cs_"+id[:8], id, "pi_"+id[:8], "paid", amount))
	now := time.Now()
	ev, err := s.gw.ParseEvent(payload, stripetest.Sign(payload, now), now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.donations.HandleEvent(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
}

func TestWishGiveThroughCheckout(t *testing.T) {
	t.Parallel()
	s := newCashScene(t)
	w := s.publish(t, "一个新书包")
	page := "/wishes/" + w.ID.String()

	t.Run("AmountAboveWhatRemainsIs422", func(t *testing.T) {
		res, body := s.donor.submit(page, page+"/give", url.Values{"amount": {"151"}, "overflow": {"programme"}})
		wantStatus(t, res, body, http.StatusUnprocessableEntity)
		mustContain(t, body, `aria-invalid="true"`, "¥150.00")
	})
	t.Run("NotAnAmountIs422", func(t *testing.T) {
		res, body := s.donor.submit(page, page+"/give", url.Values{"amount": {"fifty"}})
		wantStatus(t, res, body, http.StatusUnprocessableEntity)
		mustContain(t, body, "请输入金额")
	})
	var donation string
	t.Run("GiftGoesToCheckout", func(t *testing.T) {
		_, body := s.donor.get(page)
		mustContain(t, body, "捐款助力", "去支付", "转入所属项目")
		res, body := s.donor.submit(page, page+"/give",
			url.Values{"amount": {"50"}, "display_name": {"王爱心"}, "overflow": {"refund"}})
		wantStatus(t, res, body, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "http") {
			t.Fatalf("redirected to %q, not a checkout", loc)
		}
		ds, err := s.a.db.SQL().Query(`SELECT id FROM donations WHERE wish_id = $1`, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer ds.Close()
		for ds.Next() {
			_ = ds.Scan(&donation)
		}
		if donation == "" {
			t.Fatal("no donation recorded")
		}
	})
	t.Run("ThanksIsPendingUntilTheWebhook", func(t *testing.T) {
		res, body := s.donor.get("/donations/" + donation + "/thanks")
		wantStatus(t, res, body, http.StatusOK)
		mustContain(t, body, "感谢您的爱心", "等待支付确认", "¥50.00")
		if strings.Contains(body, "/receipt") {
			t.Error("a pending gift offers a receipt")
		}
		res, body = s.a.client(t).get("/donations/" + donation + "/thanks")
		if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusNotFound {
			t.Errorf("someone else's thanks page: %d", res.StatusCode)
		}
	})
	t.Run("PaidShowsOnTheWallAndGetsAReceipt", func(t *testing.T) {
		s.paid(t, donation, 5000)
		_, body := s.donor.get("/donations/" + donation + "/thanks")
		mustContain(t, body, "已到账", "/donations/"+donation+"/receipt")
		res, body := s.donor.get("/donations/" + donation + "/receipt")
		wantStatus(t, res, body, http.StatusOK)
		mustContain(t, body, "公益事业捐赠收据", "无锡慈善基金会", "王爱心", "¥50.00", "一个新书包")
		if regexp.MustCompile(`class="mono">[^<]+<`).FindString(body) == "" {
			t.Error("the receipt has no number")
		}
		_, body = s.donor.get("/me/receipts")
		mustContain(t, body, "年度捐赠收据", "无锡慈善基金会", "¥50.00")
		res, _ = s.donor.get("/me/receipts?year=abc")
		wantStatus(t, res, "", http.StatusUnprocessableEntity)
		_, body = s.a.client(t).get(page)
		mustContain(t, body, "王爱心 · ¥50.00", "已筹 ¥50.00 / 目标 ¥150.00")
		mustNotLeak(t, "the funded wish's page", body)
		if strings.Contains(body, "donor@hutong.test") {
			t.Error("the wall shows the donor's email")
		}
	})
	t.Run("AnonymousGiftShowsAsAKindDonor", func(t *testing.T) {
		res, body := s.donor.submit(page, page+"/give", url.Values{"amount": {"20"}, "anonymous": {"1"}, "display_name": {"王爱心"}})
		wantStatus(t, res, body, http.StatusSeeOther)
		var id string
		if err := s.a.db.SQL().QueryRow(`SELECT id FROM donations WHERE wish_id = $1 AND amount_fen = 2000`, w.ID).Scan(&id); err != nil {
			t.Fatal(err)
		}
		s.paid(t, id, 2000)
		_, body = s.a.client(t).get(page)
		mustContain(t, body, "爱心人士 · ¥20.00")
	})
}
