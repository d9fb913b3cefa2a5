package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func regexpFind(tb testing.TB, s, re string) string {
	tb.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		tb.Fatalf("no match for %s", re)
	}
	return m[1]
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client(t)
	c.register("csrf@hutong.test", "张三")
	form := url.Values{"kind": {"social_org"}, "name": {"某机构"}, "credit_code": {creditCode(t, "91320213MA1XXXXX1")}, "region_code": {"320213"}}

	t.Run("MissingTokenIs403", func(t *testing.T) {
		res, body := c.post("/org/new", form)
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "表单已失效")
	})
	t.Run("WrongTokenIs403InEnglish", func(t *testing.T) {
		c.lang = "en"
		defer func() { c.lang = "" }()
		f := url.Values{"csrf_token": {"not-the-token"}}
		res, body := c.post("/org/new", f)
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "The form has expired")
	})
	t.Run("AnonymousFormWithoutTokenIs403", func(t *testing.T) {
		res, _ := a.client(t).post("/login", url.Values{"login": {"csrf@hutong.test"}, "password": {"correct horse battery"}})
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
	t.Run("AnonymousTokenWithoutItsCookieIs403", func(t *testing.T) {
		other := a.client(t)
		tok := other.token("/login")
		res, _ := a.client(t).post("/login", url.Values{"csrf_token": {tok}, "login": {"csrf@hutong.test"}, "password": {"correct horse battery"}})
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
	t.Run("NothingWasCreated", func(t *testing.T) {
		_, body := c.get("/org")
		if strings.Contains(body, "某机构") {
			t.Fatal("a rejected form created an organisation")
		}
	})
}

func TestSessionRotatesAtLogin(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client(t)
	c.register("rotate@hutong.test", "赵六")
	before := c.cookie("hutong_session")
	if before == "" {
		t.Fatal("not signed in after registration")
	}
	res, _ := c.submit("/login", "/login", url.Values{"login": {"rotate@hutong.test"}, "password": {"correct horse battery"}, "next": {"/org"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/org" {
		t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	after := c.cookie("hutong_session")
	if after == "" || after == before {
		t.Fatalf("session cookie not rotated: %q → %q", before, after)
	}
	t.Run("OldSessionNoLongerWorks", func(t *testing.T) {
		old := a.client(t)
		old.setCookie("hutong_session", before)
		res, _ := old.get("/org")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
			t.Fatalf("old session: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("NewSessionWorks", func(t *testing.T) {
		_, body := c.get("/")
		mustContain(t, body, "赵六")
	})
}

func TestLogout(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client(t)
	c.register("bye@hutong.test", "钱七")
	secret := c.cookie("hutong_session")
	res, _ := c.submit("/", "/logout", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	if c.cookie("hutong_session") != "" {
		t.Error("session cookie kept after logout")
	}
	old := a.client(t)
	old.setCookie("hutong_session", secret)
	if res, _ := old.get("/inbox"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the signed-out session still works: %d", res.StatusCode)
	}
}

func TestLoginFailures(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	a.client(t).register("known@hutong.test", "孙八")
	c := a.client(t)
	try := func(login, password string) (*http.Response, string) {
		return c.submit("/login", "/login", url.Values{"login": {login}, "password": {password}})
	}
	t.Run("SameAnswerForWrongPasswordAndUnknownLogin", func(t *testing.T) {
		r1, b1 := try("known@hutong.test", "wrong password!")
		r2, b2 := try("nobody@hutong.test", "wrong password!")
		if r1.StatusCode != http.StatusUnauthorized || r2.StatusCode != http.StatusUnauthorized {
			t.Fatalf("statuses %d, %d", r1.StatusCode, r2.StatusCode)
		}
		mustContain(t, b1, "账号或密码错误", `value="known@hutong.test"`)
		mustContain(t, b2, "账号或密码错误")
		if strings.Contains(b1, "wrong password!") {
			t.Error("the password was sent back")
		}
	})
	t.Run("ThrottledWith429AndRetryAfter", func(t *testing.T) {
		var res *http.Response
		var body string
		for i := 0; i < 8 && (res == nil || res.StatusCode != http.StatusTooManyRequests); i++ {
			res, body = try("known@hutong.test", "still wrong!!")
		}
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Fatalf("status %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
		}
		mustContain(t, body, "尝试次数过多", "分钟后再试")
	})
}

func TestRegisterValidation(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	c := a.client(t)
	res, body := c.submit("/register", "/register", url.Values{
		"email": {"not-an-email"}, "password": {"short"}, "display_name": {"周九"},
	})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	mustContain(t, body, "邮箱格式不正确", "至少 10 个字符", `value="not-an-email"`, `value="周九"`, `aria-invalid="true"`)
	if strings.Contains(body, `value="short"`) {
		t.Error("the password was sent back")
	}
	t.Run("DuplicateIs409", func(t *testing.T) {
		a.client(t).register("dup@hutong.test", "甲")
		res, body := a.client(t).submit("/register", "/register", url.Values{
			"email": {"dup@hutong.test"}, "password": {"another long password"}, "display_name": {"乙"},
		})
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "该邮箱已注册")
	})
}

func TestSignInRequired(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	for _, path := range []string{"/org", "/org/new", "/inbox", "/admin/verification"} {
		res, _ := a.client(t).get(path)
		if want := "/login?next=" + url.QueryEscape(path); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("%s: %d to %q, want %q", path, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	t.Run("NextIsFollowedAfterSignIn", func(t *testing.T) {
		a.client(t).register("next@hutong.test", "吴十")
		c := a.client(t)
		form := url.Values{"login": {"next@hutong.test"}, "password": {"correct horse battery"}}
		form.Set("next", "//evil.example/")
		res, _ := c.submit("/login?next=%2F%2Fevil.example%2F", "/login", form)
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Fatalf("redirected to %q", loc)
		}
	})
}
