package api_test

import (
	"strconv"
	"strings"
	"testing"

	"hutong/domain"
)

const password = "correct horse battery"

func TestAccounts(t *testing.T) {
	t.Parallel()
	t.Run("RegisterSignInMe", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		c := h.anon()
		var u domain.User
		c.do("POST", "/api/v1/auth/register", map[string]any{
			"email": " Li.Hua@Example.com ", "password": password, "display_name": "李华", "locale": "zh-CN",
		}).want(201).decode(&u)
		if u.Email != "li.hua@example.com" || u.DisplayName != "李华" || u.IsPlatformAdmin {
			t.Fatalf("registered %+v", u)
		}
		var tok struct {
			Token     string `json:"token"`
			ExpiresAt string `json:"expires_at"`
		}
		c.do("POST", "/api/v1/auth/tokens", map[string]any{"login": "li.hua@example.com", "password": password}).
			want(201).decode(&tok)
		if tok.Token == "" || tok.ExpiresAt == "" {
			t.Fatalf("token answer %+v", tok)
		}
		c.token = tok.Token
		var me struct {
			User        domain.User
			Memberships []domain.Membership
		}
		c.do("GET", "/api/v1/me", nil).want(200).decode(&me)
		if me.User.ID != u.ID || me.Memberships == nil || len(me.Memberships) != 0 {
			t.Fatalf("me = %+v, want %s with no memberships", me, u.ID)
		}
	})
	t.Run("PhoneSignIn", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		c := h.anon()
		c.do("POST", "/api/v1/auth/register", map[string]any{
			"phone": "138-1234-5678", "password": password, "display_name": "王芳",
		}).want(201)
		c.do("POST", "/api/v1/auth/tokens", map[string]any{"login": "+8613812345678", "password": password}).want(201)
	})
	t.Run("ErrDuplicateEmail", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		u := h.signUp("Dup")
		before := h.rowCounts()
		p := h.anon().do("POST", "/api/v1/auth/register", map[string]any{
			"email": strings.ToUpper(u.Email), "password": password, "display_name": "Other",
		}).problem(409)
		p.field(t, "email")
		h.unchanged(before)
	})
	t.Run("ErrShortPassword", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		before := h.rowCounts()
		p := h.anon().do("POST", "/api/v1/auth/register", map[string]any{
			"email": "short@example.com", "password": "123456789", "display_name": "Short",
		}).problem(422)
		p.field(t, "password")
		if p.Type != "urn:hutong:problem:invalid" || p.Instance != "/api/v1/auth/register" {
			t.Fatalf("problem = %+v", p)
		}
		h.unchanged(before)
	})
	t.Run("ErrNoLogin", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.anon().do("POST", "/api/v1/auth/register", map[string]any{
			"password": password, "display_name": "Nobody",
		}).problem(422).field(t, "email")
	})
}

func TestStrictJSON(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for name, tc := range map[string]struct {
		body  any
		code  int
		field string
	}{
		"ErrUnknownField":   {`{"email":"a@example.com","password":"` + password + `","display_name":"A","is_platform_admin":true}`, 400, "is_platform_admin"},
		"ErrMalformed":      {`{"email":"a@example.com",`, 400, ""},
		"ErrNotJSON":        {`email=a@example.com`, 400, ""},
		"ErrTrailing":       {`{"email":"a@example.com","password":"` + password + `","display_name":"A"} {}`, 400, ""},
		"ErrTrailingGarble": {`{"email":"a@example.com","password":"` + password + `","display_name":"A"}x`, 400, ""},
		"ErrEmpty":          {``, 400, ""},
		"ErrArray":          {`[]`, 400, ""},
		"ErrWrongType":      {`{"email":"a@example.com","password":1234567890123,"display_name":"A"}`, 422, "password"},
		"ErrTooLarge":       {`{"display_name":"` + strings.Repeat("x", 1<<20) + `"}`, 413, ""},
		"ErrTooLargeTail":   {`{"display_name":"x"}` + strings.Repeat(" ", 1<<20), 413, ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			before := h.rowCounts()
			p := h.anon().do("POST", "/api/v1/auth/register", tc.body).problem(tc.code)
			if tc.field != "" {
				p.field(t, tc.field)
			}
			h.unchanged(before)
		})
	}
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	t.Run("ErrSameAnswerForWrongPasswordAndUnknownLogin", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		u := h.signUp("Known")
		wrong := h.anon().do("POST", "/api/v1/auth/tokens", map[string]any{"login": u.Email, "password": "not the password"}).problem(401)
		unknown := h.anon().do("POST", "/api/v1/auth/tokens", map[string]any{"login": "nobody@example.com", "password": "not the password"}).problem(401)
		wrong.RequestID, unknown.RequestID = "", ""
		if wrong.Type != unknown.Type || wrong.Title != unknown.Title || wrong.Detail != unknown.Detail || len(wrong.Errors)+len(unknown.Errors) != 0 {
			t.Fatalf("answers differ:\n%+v\n%+v", wrong, unknown)
		}
	})
	t.Run("ErrThrottled", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		u := h.signUp("Target")
		for range domain.LoginMaxFailures {
			h.anon().do("POST", "/api/v1/auth/tokens", map[string]any{"login": u.Email, "password": "guess guess guess"}).problem(401)
		}
		res := h.anon().do("POST", "/api/v1/auth/tokens", map[string]any{"login": u.Email, "password": password})
		res.problem(429)
		secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
		if err != nil || secs < 1 || secs > int(domain.LoginWindow.Seconds()) {
			t.Fatalf("Retry-After = %q, want whole seconds within the window", res.Header.Get("Retry-After"))
		}
	})
	t.Run("ErrMissingLogin", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.anon().do("POST", "/api/v1/auth/tokens", map[string]any{"password": password}).problem(422).field(t, "login")
	})
}

func TestTokens(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	t.Run("ErrNoToken", func(t *testing.T) {
		t.Parallel()
		res := h.anon().do("GET", "/api/v1/me", nil)
		res.problem(401)
		if res.Header.Get("WWW-Authenticate") != "Bearer" {
			t.Fatalf("WWW-Authenticate = %q", res.Header.Get("WWW-Authenticate"))
		}
	})
	t.Run("ErrUnknownToken", func(t *testing.T) {
		t.Parallel()
		c := h.anon()
		c.token = "not-a-real-token"
		c.do("GET", "/api/v1/me", nil).problem(401)
		// A bad token is refused on public routes too, so a client learns
		// its token went stale instead of silently seeing less.
		c.do("GET", "/api/v1/organizations", nil).problem(401)
	})
	t.Run("ErrRevoked", func(t *testing.T) {
		t.Parallel()
		u := h.signUp("Leaver")
		u.do("GET", "/api/v1/me", nil).want(200)
		u.do("DELETE", "/api/v1/auth/tokens/current", nil).want(204)
		u.do("GET", "/api/v1/me", nil).problem(401)
		u.do("DELETE", "/api/v1/auth/tokens/current", nil).problem(401)
	})
	t.Run("OtherTokensSurviveRevocation", func(t *testing.T) {
		t.Parallel()
		u := h.signUp("TwoDevices")
		var tok struct{ Token string }
		h.anon().do("POST", "/api/v1/auth/tokens", map[string]any{"login": u.Email, "password": password}).want(201).decode(&tok)
		u.do("DELETE", "/api/v1/auth/tokens/current", nil).want(204)
		other := h.anon()
		other.token = tok.Token
		other.do("GET", "/api/v1/me", nil).want(200)
	})
}
