package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
)

func TestHostFinanceDesk(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	n := tenderSeq.Add(1)
	_, ownerUser := a.signUp(t, fmt.Sprintf("h-owner%d@hutong.test", n), "基金会负责人")
	in := domain.OrganizationInput{Kind: domain.KindFoundation, Name: "无锡市锡商公益基金会", RegionCode: "320200",
		CreditCode: creditCode(t, fmt.Sprintf("53320200MH%07d", n)), ServiceAreas: []string{"psychological"}, PublicFundraising: true}
	host, err := a.orgs.CreateOrganization(ctx, a.actor(t, ownerUser), in)
	if err != nil {
		t.Fatal(err)
	}
	var clients []*client
	for i := range 2 {
		c, u := a.signUp(t, fmt.Sprintf("h-fin%d-%d@hutong.test", i, n), "财务")
		if _, err := a.members.AddMember(ctx, a.actor(t, ownerUser), host.ID, domain.MemberInput{UserID: u.ID, Roles: []domain.Role{domain.RoleFinance}}); err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	prog := uuid.New()
	if _, err := a.db.SQL().Exec(`INSERT INTO programmes (id, organization_id, host_id, host_status, title, description, region_code,
		starts_on, ends_on, goal_fen, status, created_at, updated_at) VALUES ($1, $2, $2, 'accepted', '“113”微心愿', '为困境儿童圆梦', '320213',
		'2026-01-01', '2027-12-31', 1000000, 'active', now(), now())`, prog, host.ID); err != nil {
		t.Fatal(err)
	}
	desk := "/host?org=" + host.ID.String()
	form := func(v url.Values) url.Values {
		v.Set("org", host.ID.String())
		return v
	}
	t.Run("StrangerGets404", func(t *testing.T) {
		stranger, _ := a.signUp(t, fmt.Sprintf("h-stranger%d@hutong.test", n), "路人")
		res, _ := stranger.get(desk)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("status %d", res.StatusCode)
		}
	})
	t.Run("ABadAmountIsShownOnTheField", func(t *testing.T) {
		res, body := clients[0].submit(desk, "/host/gifts", form(url.Values{"programme_id": {prog.String()}, "amount": {"abc"},
			"method": {"cash"}, "payer_name": {"王先生"}, "received_on": {"2026-05-19"}, "evidence": {"现金收据第 3 页"}}))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d\n%s", res.StatusCode, body)
		}
		mustContain(t, body, `id="g-amount"`, `aria-invalid="true"`)
	})
	res, body := clients[0].submit(desk, "/host/gifts", form(url.Values{"programme_id": {prog.String()}, "amount": {"500"},
		"method": {"cash"}, "payer_name": {"王先生"}, "anonymous": {"1"}, "received_on": {"2026-05-19"}, "evidence": {"现金收据第 3 页"}}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("record: %d\n%s", res.StatusCode, body)
	}
	confirmRe := regexp.MustCompile(`/host/gifts/([0-9a-f-]{36})/confirm`)
	t.Run("TheRecorderIsNotOfferedConfirmation", func(t *testing.T) {
		_, body := clients[0].get(desk)
		mustContain(t, body, "等待另一位财务人员确认", "¥500.00")
		if confirmRe.MatchString(body) {
			t.Error("the recorder is offered the confirm button")
		}
	})
	_, body = clients[1].get(desk)
	m := confirmRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no confirm button for the second officer\n%s", body)
	}
	res, body = clients[1].submit(desk, "/host/gifts/"+m[1]+"/confirm", form(url.Values{}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", res.StatusCode, body)
	}
	_, body = clients[1].get(desk)
	mustContain(t, body, "已入账", "已到账的捐赠", "王先生", "线下", "善款台账", "线下捐赠", "¥500.00")
	if regexp.MustCompile(`/host/donations/[0-9a-f-]{36}/refund`).MatchString(body) {
		t.Error("an offline gift is offered a Stripe refund")
	}
}
