package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestOtherOrganisationIsForbidden(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	alice, bob := a.client(t), a.client(t)
	alice.register("alice@hutong.test", "Alice")
	bob.register("bob@hutong.test", "Bob")
	alice.createOrg("甲社工事务所", creditCode(t, "91320213MA1XXXXX2"))
	orgB := bob.createOrg("乙社工事务所", creditCode(t, "91320213MA1XXXXX3"))

	for _, path := range []string{"/org/" + orgB + "/edit", "/org/" + orgB + "/members"} {
		t.Run("GET"+strings.ReplaceAll(path[len("/org/"+orgB):], "/", "_"), func(t *testing.T) {
			res, body := alice.get(path)
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("%s: status %d", path, res.StatusCode)
			}
			mustContain(t, body, "你没有权限进行此操作")
			if strings.Contains(body, "bob@hutong.test") {
				t.Error("the forbidden page shows a member's contact")
			}
		})
	}
	t.Run("POSTEditIs403AndChangesNothing", func(t *testing.T) {
		res, _ := alice.submit("/", "/org/"+orgB+"/edit", url.Values{"name": {"被篡改"}, "region_code": {"320213"}})
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d", res.StatusCode)
		}
		_, body := a.client(t).get("/orgs/" + orgB)
		mustContain(t, body, "乙社工事务所")
	})
	t.Run("POSTAddMemberIs403", func(t *testing.T) {
		res, _ := alice.submit("/", "/org/"+orgB+"/members", url.Values{"login": {"alice@hutong.test"}, "roles": {"owner"}})
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
	t.Run("UnknownOrganisationIs404", func(t *testing.T) {
		for _, path := range []string{"/orgs/not-an-id", "/orgs/01900000-0000-7000-8000-000000000000"} {
			if res, _ := alice.get(path); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d", path, res.StatusCode)
			}
		}
	})
}

func TestOrgValidation(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client(t)
	c.register("v@hutong.test", "校验员")
	res, body := c.submit("/org/new", "/org/new", url.Values{
		"kind": {"station"}, "name": {"梁溪区未成年人救助保护中心"}, "credit_code": {"91320213MA1XXXXX2X"},
		"region_code": {"320213"}, "service_areas": {"temporary_care"},
	})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	mustContain(t, body, "统一社会信用代码无效", `value="梁溪区未成年人救助保护中心"`, `value="91320213MA1XXXXX2X"`,
		`value="station" selected`, `value="320213" selected`, `value="temporary_care" checked`)
	t.Run("InEnglish", func(t *testing.T) {
		c.lang = "en"
		defer func() { c.lang = "" }()
		c.setCookie("lang", "en")
		defer c.setCookie("lang", "zh-CN")
		_, body := c.submit("/org/new", "/org/new", url.Values{"kind": {"station"}, "name": {"x"}, "credit_code": {"123"}})
		mustContain(t, body, "Not a valid unified social credit code", "Must be 2 to 100 characters", "Choose a region")
	})
	t.Run("DuplicateCreditCodeIs409", func(t *testing.T) {
		code := creditCode(t, "91320213MA1XXXXX4")
		c.createOrg("一号机构", code)
		res, body := c.submit("/org/new", "/org/new", url.Values{
			"kind": {"social_org"}, "name": {"二号机构"}, "credit_code": {code}, "region_code": {"320213"},
		})
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "已有机构使用该统一社会信用代码")
	})
	t.Run("TooLargeIs413", func(t *testing.T) {
		res, _ := c.post("/org/new", url.Values{"description": {strings.Repeat("童", 1<<19)}})
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
}

func TestMembers(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	owner, staff := a.client(t), a.client(t)
	owner.register("owner@hutong.test", "负责人甲")
	staff.register("staff@hutong.test", "社工乙")
	org := owner.createOrg("锡山区乐助社工事务所", creditCode(t, "52320205MJ0000000"))
	page := "/org/" + org + "/members"

	res, _ := owner.submit(page, page, url.Values{"login": {"staff@hutong.test"}, "roles": {"staff", "child_director"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: status %d", res.StatusCode)
	}
	_, body := owner.get(res.Header.Get("Location"))
	mustContain(t, body, "社工乙", "staff@hutong.test", "成员已更新")
	staffID := memberID(t, body, "社工乙")

	t.Run("NewMemberSeesOrgAndNotice", func(t *testing.T) {
		_, body := staff.get("/org")
		mustContain(t, body, "锡山区乐助社工事务所", "工作人员", "儿童主任")
		_, body = staff.get("/inbox")
		mustContain(t, body, "您已加入「锡山区乐助社工事务所」", "工作人员、儿童主任")
	})
	t.Run("StaffMayNotManage", func(t *testing.T) {
		if res, _ := staff.get(page); res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
	t.Run("UnknownLoginIsFieldError", func(t *testing.T) {
		res, body := owner.submit(page, page, url.Values{"login": {"ghost@hutong.test"}, "roles": {"staff"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "找不到使用该邮箱或手机号的账号", `value="ghost@hutong.test"`)
	})
	t.Run("RolesChange", func(t *testing.T) {
		res, _ := owner.submit(page, page+"/"+staffID, url.Values{"roles": {"admin"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		if res, _ := staff.get(page); res.StatusCode != http.StatusOK {
			t.Fatalf("an admin cannot see the members: %d", res.StatusCode)
		}
	})
	t.Run("LastOwnerStays", func(t *testing.T) {
		_, body := owner.get(page)
		ownerID := memberID(t, body, "负责人甲")
		res, body := owner.submit(page, page+"/"+ownerID+"/remove", url.Values{})
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "机构至少需要保留一位负责人")
	})
	t.Run("Remove", func(t *testing.T) {
		res, _ := owner.submit(page, page+"/"+staffID+"/remove", url.Values{})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		_, body := staff.get("/org")
		if strings.Contains(body, "锡山区乐助社工事务所") {
			t.Error("a removed member still sees the organisation")
		}
	})
}

func TestVerificationQueue(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	owner := a.client(t)
	owner.register("ngo@hutong.test", "机构负责人")
	org := owner.createOrg("禾雨社会服务中心", creditCode(t, "52370102MJ0000001"))
	admin := a.admin(t)

	t.Run("OthersAreForbidden", func(t *testing.T) {
		if res, _ := owner.get("/admin/verification"); res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d", res.StatusCode)
		}
		res, _ := owner.submit("/", "/admin/verification/"+org, url.Values{"status": {"verified"}})
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("POST: status %d", res.StatusCode)
		}
	})
	_, body := admin.get("/admin/verification")
	mustContain(t, body, "禾雨社会服务中心", "通过认证", "不予通过")
	res, _ := admin.submit("/admin/verification", "/admin/verification/"+org, url.Values{"status": {"verified"}, "note": {"材料齐全"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("verify: status %d", res.StatusCode)
	}
	_, body = admin.get(res.Header.Get("Location"))
	mustContain(t, body, "已记录：已认证", "没有待审核的机构")
	_, body = a.client(t).get("/orgs/" + org)
	mustContain(t, body, "✔ 已认证")

	t.Run("OwnerIsNotifiedAndMarksRead", func(t *testing.T) {
		_, body := owner.get("/inbox")
		mustContain(t, body, "「禾雨社会服务中心」已通过平台审核", "机构负责人", "您好", "欢迎加入护童")
		id := regexpFind(t, body, `action="/inbox/([0-9a-f-]{36})/read"`)
		res, _ := owner.submit("/inbox", "/inbox/"+id+"/read", url.Values{})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		_, body = owner.get("/")
		mustContain(t, body, "未读消息 1 条")
	})
	t.Run("InvalidDecisionIs422", func(t *testing.T) {
		res, _ := admin.submit("/admin/verification", "/admin/verification/"+org, url.Values{"status": {"maybe"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
}

// memberID finds the user id of the member card naming name.
func memberID(tb testing.TB, page, name string) string {
	tb.Helper()
	for _, card := range strings.Split(page, `<li class="card member">`)[1:] {
		if strings.Contains(card, "<h2>"+name+"</h2>") {
			return regexpFind(tb, card, `/members/([0-9a-f-]{36})/remove"`)
		}
	}
	tb.Fatalf("no member card for %s", name)
	return ""
}
