package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hutong/domain"
)

func TestAllianceProfiles(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	lead, leadUser := a.signUp(t, "lead@hutong.test", "联盟秘书长")
	member, memberUser := a.signUp(t, "member@hutong.test", "成员机构负责人")

	res, body := lead.submit("/org/new", "/org/new", url.Values{
		"kind": {"alliance"}, "name": {"无锡市儿童关爱服务联盟"}, "credit_code": {creditCode(t, "51320200MJ0000002")},
		"region_code": {"320200"},
	})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create alliance: %d\n%s", res.StatusCode, body)
	}
	alliance := strings.TrimSuffix(strings.TrimPrefix(res.Header.Get("Location"), "/orgs/"), "?created=1")
	org := member.createOrg("惠山区阳光社工服务社", creditCode(t, "52320206MJ0000003"))

	allianceID, _ := domain.ParseID(alliance)
	orgID, _ := domain.ParseID(org)
	if _, err := a.alliances.InviteToAlliance(ctx, a.actor(t, leadUser), allianceID, orgID); err != nil {
		t.Fatal(err)
	}
	t.Run("InvitationIsNotPublic", func(t *testing.T) {
		_, body := a.client(t).get("/orgs/" + alliance)
		mustContain(t, body, "联盟成员", "暂无确认加入的成员机构")
		if strings.Contains(body, "惠山区阳光社工服务社") {
			t.Error("an unconfirmed invitation is public")
		}
	})
	if _, err := a.alliances.ConfirmAllianceMembership(ctx, a.actor(t, memberUser), allianceID, orgID); err != nil {
		t.Fatal(err)
	}
	t.Run("ConfirmedMemberOnAllianceProfile", func(t *testing.T) {
		_, body := a.client(t).get("/orgs/" + alliance)
		mustContain(t, body, "联盟", `href="/orgs/`+org+`"`, "惠山区阳光社工服务社")
	})
	t.Run("AllianceOnMemberProfile", func(t *testing.T) {
		_, body := a.client(t).get("/orgs/" + org)
		mustContain(t, body, "所属联盟", `href="/orgs/`+alliance+`"`, "无锡市儿童关爱服务联盟")
	})
	t.Run("InvitationInInbox", func(t *testing.T) {
		_, body := member.get("/inbox")
		mustContain(t, body, "「无锡市儿童关爱服务联盟」邀请「惠山区阳光社工服务社」加入联盟")
	})
}
