package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
)

func TestHostRefundsAStripeGift(t *testing.T) {
	t.Parallel()
	s := newCashScene(t)
	ctx := context.Background()
	w := s.publish(t, "一个新书包")
	page := "/wishes/" + w.ID.String()
	res, body := s.donor.submit(page, page+"/give", url.Values{"amount": {"50"}, "display_name": {"王爱心"}})
	wantStatus(t, res, body, http.StatusSeeOther)
	var id string
	if err := s.a.db.SQL().QueryRow(`SELECT id FROM donations WHERE wish_id = $1`, w.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	s.paid(t, id, 5000)
	var host uuid.UUID
	if err := s.a.db.SQL().QueryRow(`SELECT host_id FROM programmes WHERE id = $1`, s.programme.ID).Scan(&host); err != nil {
		t.Fatal(err)
	}
	finance, fu := s.a.signUp(t, "host-finance@hutong.test", "财务")
	var ownerID uuid.UUID
	if err := s.a.db.SQL().QueryRow(`SELECT user_id FROM memberships WHERE organization_id = $1`, host).Scan(&ownerID); err != nil {
		t.Fatal(err)
	}
	owner, err := s.a.users.FindUserByID(ctx, ownerID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.a.members.AddMember(ctx, s.a.actor(t, owner), host, domain.MemberInput{UserID: fu.ID, Roles: []domain.Role{domain.RoleFinance}}); err != nil {
		t.Fatal(err)
	}
	desk := "/host?org=" + host.String()
	_, body = finance.get(desk)
	refund := regexp.MustCompile(`/host/donations/[0-9a-f-]{36}/refund`).FindString(body)
	if refund == "" {
		t.Fatalf("no refund form for the Stripe gift\n%s", body)
	}
	t.Run("ABadAmountIsRefused", func(t *testing.T) {
		res, _ := finance.submit(desk, refund, url.Values{"org": {host.String()}, "amount": {"abc"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("status %d", res.StatusCode)
		}
	})
	res, body = finance.submit(desk, refund, url.Values{"org": {host.String()}, "amount": {"20"}})
	wantStatus(t, res, body, http.StatusSeeOther)
	_, body = finance.get(desk + "&done=refunded")
	mustContain(t, body, "退款已提交")
}
