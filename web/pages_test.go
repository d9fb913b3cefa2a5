package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestRegisterCreateOrgPublicPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client(t)
	c.register("li@hutong.test", "李社工")

	_, home := c.get("/")
	mustContain(t, home, `<html lang="zh-CN">`, "李社工", "未读消息 1 条")

	code := creditCode(t, "91320213MA1XXXXX0")
	id := c.createOrg("无锡市星火青少年社会心理服务中心", code)

	t.Run("PublicProfileInChinese", func(t *testing.T) {
		anon := a.client(t)
		res, body := anon.get("/orgs/" + id)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, `<html lang="zh-CN">`, "无锡市星火青少年社会心理服务中心", "统一社会信用代码",
			code, "梁溪区", "社会组织", "心理疏导", "留守儿童关爱", "4A", "待认证", "为困境儿童提供心理疏导。")
		if strings.Contains(body, "/org/"+id+"/edit") {
			t.Error("an anonymous reader sees the edit link")
		}
	})
	t.Run("OwnerSeesOrgAndManageLinks", func(t *testing.T) {
		_, body := c.get("/org")
		mustContain(t, body, "无锡市星火青少年社会心理服务中心", "负责人")
		_, body = c.get("/orgs/" + id)
		mustContain(t, body, "/org/"+id+"/edit", "/org/"+id+"/members")
	})
	t.Run("EditSaves", func(t *testing.T) {
		res, _ := c.submit("/org/"+id+"/edit", "/org/"+id+"/edit", url.Values{
			"name": {"星火青少年心理服务中心"}, "region_code": {"320213"}, "public_fundraising": {"1"},
			"website": {"https://xinghuo.example.org"},
		})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		_, body := a.client(t).get("/orgs/" + id)
		mustContain(t, body, "星火青少年心理服务中心", "公募资格", "https://xinghuo.example.org")
	})
	t.Run("ListedAndFiltered", func(t *testing.T) {
		_, body := c.get("/orgs?kind=social_org&region=320200")
		mustContain(t, body, "/orgs/"+id)
		_, body = c.get("/orgs?kind=bureau")
		if strings.Contains(body, "/orgs/"+id) {
			t.Error("a social organisation is listed under bureaus")
		}
	})
	t.Run("NotificationLinkReachesProfile", func(t *testing.T) {
		res, _ := c.get("/org/" + id)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/orgs/"+id {
			t.Fatalf("status %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

func TestLanguage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	t.Run("ChineseByDefault", func(t *testing.T) {
		_, body := a.client(t).get("/login")
		mustContain(t, body, `<html lang="zh-CN">`, "邮箱或手机号", `href="/lang?next=%2Flogin&amp;to=en"`)
	})
	t.Run("EnglishByAcceptLanguage", func(t *testing.T) {
		c := a.client(t)
		c.lang = "en-GB,en;q=0.9"
		_, body := c.get("/login")
		mustContain(t, body, `<html lang="en">`, "Email or mobile number", "Sign in")
	})
	t.Run("CookieWinsOverAcceptLanguage", func(t *testing.T) {
		c := a.client(t)
		c.lang = "en"
		c.setCookie("lang", "zh-CN")
		_, body := c.get("/login")
		mustContain(t, body, `<html lang="zh-CN">`, "登录")
	})
	t.Run("SwitchSetsCookie", func(t *testing.T) {
		c := a.client(t)
		res, _ := c.get("/lang?to=en&next=" + url.QueryEscape("/orgs?kind=station"))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/orgs?kind=station" {
			t.Fatalf("status %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		if c.cookie("lang") != "en" {
			t.Fatalf("lang cookie %q", c.cookie("lang"))
		}
		_, body := c.get("/orgs")
		mustContain(t, body, `<html lang="en">`, "Organisations")
	})
	t.Run("SwitchRefusesForeignNext", func(t *testing.T) {
		for _, next := range []string{"//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)"} {
			res, _ := a.client(t).get("/lang?to=en&next=" + url.QueryEscape(next))
			if loc := res.Header.Get("Location"); loc != "/" {
				t.Errorf("next %q: redirected to %q", next, loc)
			}
		}
	})
}

func TestSecurityHeadersAndStatic(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client(t)
	res, body := c.get("/")
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
		"Cache-Control":           "no-store",
	} {
		if got := res.Header.Get(h); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q in it", h, got, want)
		}
	}
	if !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Error("CSP does not restrict scripts")
	}
	if strings.Contains(body, "style=") || strings.Contains(body, "<script") {
		t.Error("page carries inline style or script")
	}
	t.Run("Stylesheet", func(t *testing.T) {
		href := regexpFind(t, body, `<link rel="stylesheet" href="([^"]+)"`)
		res, css := c.get(strings.ReplaceAll(href, "&amp;", "&"))
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
			t.Fatalf("status %d, %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if !strings.Contains(res.Header.Get("Cache-Control"), "max-age=31536000") || !strings.Contains(css, "@media") {
			t.Errorf("Cache-Control %q", res.Header.Get("Cache-Control"))
		}
	})
	t.Run("SessionCookieFlags", func(t *testing.T) {
		c := a.client(t)
		res, _ := c.submit("/register", "/register", url.Values{
			"phone": {"13812345678"}, "password": {"a long enough password"}, "display_name": {"王志愿"},
		})
		var found bool
		for _, ck := range res.Cookies() {
			if ck.Name == "hutong_session" {
				found = true
				if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
					t.Errorf("session cookie %+v", ck)
				}
			}
		}
		if !found {
			t.Fatal("no session cookie after registration")
		}
	})
	t.Run("UnknownStaticIs404", func(t *testing.T) {
		if res, _ := c.get("/static/nope.css"); res.StatusCode != http.StatusNotFound {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
}

func TestNotFoundPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client(t)
	c.register("lost@hutong.test", "迷路的人")
	res, body := c.get("/no/such/page")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", res.StatusCode)
	}
	mustContain(t, body, "页面不存在", "退出", "请求编号")
}
