package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hutong/domain"
)

// createAlliance creates an alliance through the form and returns its id.
func (c *client) createAlliance(name, code string) string {
	c.tb.Helper()
	res, body := c.submit("/org/new", "/org/new", url.Values{
		"kind": {"alliance"}, "name": {name}, "credit_code": {code}, "region_code": {"320200"},
	})
	if res.StatusCode != http.StatusSeeOther {
		c.tb.Fatalf("create alliance: %d\n%s", res.StatusCode, body)
	}
	return strings.TrimSuffix(strings.TrimPrefix(res.Header.Get("Location"), "/orgs/"), "?created=1")
}

// wantStatus fails unless res has status want.
func wantStatus(tb testing.TB, res *http.Response, body string, want int) {
	tb.Helper()
	if res.StatusCode != want {
		tb.Fatalf("%s %s: status %d, want %d\n%s", res.Request.Method, res.Request.URL.Path, res.StatusCode, want, body)
	}
}

// wantRedirect fails unless res is a 303 to location.
func wantRedirect(tb testing.TB, res *http.Response, body, location string) {
	tb.Helper()
	wantStatus(tb, res, body, http.StatusSeeOther)
	if got := res.Header.Get("Location"); got != location {
		tb.Fatalf("redirected to %q, want %q", got, location)
	}
}

func TestAllianceManagementPages(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	lead, _ := a.signUp(t, "lead@hutong.test", "联盟秘书长")
	member, memberUser := a.signUp(t, "member@hutong.test", "成员机构负责人")
	stranger, _ := a.signUp(t, "stranger@hutong.test", "路人机构负责人")
	alliance := lead.createAlliance("无锡市儿童关爱服务联盟", creditCode(t, "51320200MJ0000002"))
	org := member.createOrg("惠山区阳光社工服务社", creditCode(t, "52320206MJ0000003"))
	stranger.createOrg("梁溪区路人事务所", creditCode(t, "52320213MJ0000004"))
	admin := a.admin(t)
	res, body := admin.submit("/admin/verification", "/admin/verification/"+org, url.Values{"status": {"verified"}})
	wantStatus(t, res, body, http.StatusSeeOther)
	// A staff member of the member organisation: not one of its managers.
	orgID, _ := domain.ParseID(org)
	allianceID, _ := domain.ParseID(alliance)
	staff, _ := a.signUp(t, "staff@hutong.test", "机构社工")
	if _, err := a.members.AddMember(ctx, a.actor(t, memberUser), orgID, domain.MemberInput{
		Login: "staff@hutong.test", Roles: []domain.Role{domain.RoleStaff},
	}); err != nil {
		t.Fatal(err)
	}
	alliancePage, invitesPage := "/org/"+alliance+"/alliance", "/org/"+org+"/alliances"
	confirmed := func(t *testing.T) []*domain.AllianceMember {
		t.Helper()
		ms, err := a.alliances.FindAllianceMembers(ctx, a.actor(t, memberUser), allianceID, false)
		if err != nil {
			t.Fatal(err)
		}
		return ms
	}

	t.Run("VerifiedOrganisationOffered", func(t *testing.T) {
		res, body := lead.get(alliancePage)
		wantStatus(t, res, body, http.StatusOK)
		mustContain(t, body, "联盟成员管理", `<option value="`+org+`">惠山区阳光社工服务社`, "尚未邀请任何机构")
		if strings.Contains(body, "梁溪区路人事务所") {
			t.Error("an unverified organisation is offered")
		}
	})
	t.Run("ErrInviteWithoutCSRF", func(t *testing.T) {
		res, body := lead.post(alliancePage, url.Values{"organization_id": {org}})
		wantStatus(t, res, body, http.StatusForbidden)
		res, body = lead.post(alliancePage, url.Values{"organization_id": {org}, "csrf_token": {"forged"}})
		wantStatus(t, res, body, http.StatusForbidden)
		if _, body := lead.get(alliancePage); strings.Contains(body, "已邀请，待确认") {
			t.Fatal("a form without its CSRF token invited")
		}
	})
	t.Run("ErrInviteNobody", func(t *testing.T) {
		res, body := lead.submit(alliancePage, alliancePage, url.Values{"organization": {"某某机构"}})
		wantStatus(t, res, body, http.StatusUnprocessableEntity)
		mustContain(t, body, "请选择一个机构，或填写机构编号", `aria-invalid="true"`)
		res, body = lead.submit(alliancePage, alliancePage, url.Values{"organization": {domain.NewID().String()}})
		wantStatus(t, res, body, http.StatusUnprocessableEntity)
		mustContain(t, body, "没有这个机构")
	})
	t.Run("AdminInvites", func(t *testing.T) {
		res, body := lead.submit(alliancePage, alliancePage, url.Values{"organization_id": {org}})
		wantRedirect(t, res, body, alliancePage+"?saved=1")
		_, body = lead.get(alliancePage + "?saved=1")
		mustContain(t, body, "联盟成员已更新", "惠山区阳光社工服务社", "已邀请，待确认", "撤回邀请")
		if strings.Contains(body, `<option value="`+org+`"`) {
			t.Error("an invited organisation is still offered")
		}
		res, body = lead.submit(alliancePage, alliancePage, url.Values{"organization": {org}})
		wantStatus(t, res, body, http.StatusConflict)
		mustContain(t, body, "该机构已在联盟中")
	})
	t.Run("ErrOthersForbidden", func(t *testing.T) {
		for _, c := range []*client{stranger, staff, member} {
			res, body := c.get(alliancePage)
			wantStatus(t, res, body, http.StatusForbidden)
		}
		for _, c := range []*client{stranger, staff, lead} {
			res, body := c.get(invitesPage)
			wantStatus(t, res, body, http.StatusForbidden)
		}
		res, body := staff.submit("/org", invitesPage+"/"+alliance+"/confirm", url.Values{})
		wantStatus(t, res, body, http.StatusForbidden)
		res, body = stranger.submit("/org", alliancePage+"/"+org+"/remove", url.Values{})
		wantStatus(t, res, body, http.StatusForbidden)
		res, body = stranger.submit("/org", alliancePage, url.Values{"organization_id": {org}})
		wantStatus(t, res, body, http.StatusForbidden)
		if res, _ := a.client(t).get(invitesPage); res.StatusCode != http.StatusSeeOther ||
			!strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
			t.Fatalf("anonymous reader: %d to %q, want the sign-in page", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("ErrConfirmWithoutCSRF", func(t *testing.T) {
		res, body := member.post(invitesPage+"/"+alliance+"/confirm", url.Values{})
		wantStatus(t, res, body, http.StatusForbidden)
		if ms := confirmed(t); len(ms) != 0 {
			t.Fatalf("confirmed without a CSRF token: %+v", ms)
		}
	})
	t.Run("MemberOrgConfirms", func(t *testing.T) {
		_, body := member.get("/inbox")
		mustContain(t, body, `href="`+invitesPage+`"`)
		_, body = member.get(invitesPage)
		mustContain(t, body, "待处理的联盟邀请", "无锡市儿童关爱服务联盟", "确认加入", "谢绝邀请", "尚未加入任何联盟")
		res, body := member.submit(invitesPage, invitesPage+"/"+alliance+"/confirm", url.Values{})
		wantRedirect(t, res, body, invitesPage+"?done=confirmed")
		_, body = member.get(invitesPage + "?done=confirmed")
		mustContain(t, body, "已确认加入联盟", "暂无待处理的邀请", "已加入的联盟", `href="/orgs/`+alliance+`"`, "退出联盟")
		if ms := confirmed(t); len(ms) != 1 || ms[0].Organization.ID != orgID {
			t.Fatalf("members = %+v, want the organisation confirmed", ms)
		}
		res, body = member.submit(invitesPage, invitesPage+"/"+alliance+"/confirm", url.Values{})
		wantStatus(t, res, body, http.StatusConflict)
		mustContain(t, body, "已经确认加入，无需再次确认")
	})
	t.Run("ProfilesShowIt", func(t *testing.T) {
		_, body := a.client(t).get("/orgs/" + org)
		mustContain(t, body, "所属联盟", `href="/orgs/`+alliance+`"`, "无锡市儿童关爱服务联盟")
		_, body = a.client(t).get("/orgs/" + alliance)
		mustContain(t, body, `href="/orgs/`+org+`"`, "惠山区阳光社工服务社")
		_, body = lead.get(alliancePage)
		mustContain(t, body, "已确认加入", "移出联盟")
	})
	t.Run("AdminRemovesMember", func(t *testing.T) {
		res, body := lead.submit(alliancePage, alliancePage+"/"+org+"/remove", url.Values{})
		wantRedirect(t, res, body, alliancePage+"?saved=1")
		if ms := confirmed(t); len(ms) != 0 {
			t.Fatalf("members after removal = %+v", ms)
		}
		_, body = a.client(t).get("/orgs/" + org)
		if strings.Contains(body, "无锡市儿童关爱服务联盟") {
			t.Error("the profile still shows the alliance")
		}
	})
	t.Run("MemberOrgDeclines", func(t *testing.T) {
		res, body := lead.submit(alliancePage, alliancePage, url.Values{"organization_id": {org}})
		wantRedirect(t, res, body, alliancePage+"?saved=1")
		res, body = member.submit(invitesPage, invitesPage+"/"+alliance+"/leave", url.Values{})
		wantRedirect(t, res, body, invitesPage+"?done=left")
		_, body = member.get(invitesPage)
		mustContain(t, body, "暂无待处理的邀请", "尚未加入任何联盟")
		_, body = lead.get(alliancePage)
		mustContain(t, body, "尚未邀请任何机构")
	})
	t.Run("DashboardLinks", func(t *testing.T) {
		_, body := member.get("/org")
		mustContain(t, body, `href="/org/`+org+`/alliances"`)
		_, body = lead.get("/org")
		mustContain(t, body, `href="/org/`+alliance+`/alliance"`)
	})
	t.Run("ErrNotAnAlliance", func(t *testing.T) {
		res, body := member.get("/org/" + org + "/alliance")
		wantStatus(t, res, body, http.StatusNotFound)
	})
}

func TestLangSwitchPersistsForSignedInUser(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c, u := a.signUp(t, "reader@hutong.test", "读者")
	locale := func(t *testing.T) string {
		t.Helper()
		got, err := a.users.FindUserByID(context.Background(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Locale
	}
	if got := locale(t); got != domain.LocaleZH {
		t.Fatalf("locale at sign-up = %q, want zh-CN", got)
	}
	for _, to := range []string{domain.LocaleEN, domain.LocaleZH} {
		t.Run("To"+to, func(t *testing.T) {
			res, body := c.get("/lang?to=" + to + "&next=%2Finbox")
			wantRedirect(t, res, body, "/inbox")
			if got := locale(t); got != to {
				t.Fatalf("locale = %q, want %q", got, to)
			}
			if c.cookie("lang") != to {
				t.Fatalf("lang cookie = %q, want %q", c.cookie("lang"), to)
			}
		})
	}
	t.Run("CrossSiteSwitchKeepsLocale", func(t *testing.T) {
		for _, h := range []http.Header{{"Sec-Fetch-Site": {"cross-site"}}, {"Referer": {"https://evil.example/page"}}} {
			req, err := http.NewRequest(http.MethodGet, c.app.srv.URL+"/lang?to=en&next=%2F", nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range h {
				req.Header[k] = v
			}
			res, body := c.do(req)
			wantRedirect(t, res, body, "/")
			if got := locale(t); got != domain.LocaleZH {
				t.Fatalf("a cross-site switch (%v) changed the account locale to %q", h, got)
			}
		}
	})
	t.Run("ErrUnknownLanguageKeepsLocale", func(t *testing.T) {
		res, body := c.get("/lang?to=fr")
		wantStatus(t, res, body, http.StatusBadRequest)
		if got := locale(t); got != domain.LocaleZH {
			t.Fatalf("locale = %q after a bad switch", got)
		}
	})
}
