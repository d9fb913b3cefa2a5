package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"hutong/domain"
	"hutong/internal/httpx"
	"hutong/internal/i18n"
	"hutong/internal/testkit"
	"hutong/postgres"
	"hutong/web"
)

// app is the real pages on a test server over a fresh database.
type app struct {
	db        *postgres.DB
	srv       *httptest.Server
	users     *postgres.UserService
	orgs      *postgres.OrganizationService
	members   *postgres.MemberService
	alliances *postgres.AllianceService
}

// newApp starts the pages with the real services, behind the shared
// middleware, the way main composes them.
func newApp(tb testing.TB) *app {
	tb.Helper()
	return newAppWith(tb, nil)
}

// newAppWith is newApp letting edit add dependencies (a search index) to
// the real services first.
func newAppWith(tb testing.TB, edit func(d *web.Deps)) *app {
	tb.Helper()
	gin.SetMode(gin.TestMode)
	db := testkit.DB(tb)
	bundle, err := i18n.New()
	if err != nil {
		tb.Fatal(err)
	}
	a := &app{
		db: db, users: postgres.NewUserService(db), orgs: postgres.NewOrganizationService(db),
		members: postgres.NewMemberService(db), alliances: postgres.NewAllianceService(db),
	}
	d := web.Deps{
		Users: a.users, Auth: postgres.NewAuthService(db), Orgs: a.orgs,
		Members: a.members, Alliances: a.alliances,
		Notifications: postgres.NewNotificationService(db), Regions: postgres.NewRegionService(db),
		Synonyms: postgres.NewSynonymService(db),
		Projects: postgres.NewProjectService(db), Calendar: postgres.NewCalendarService(db),
		Bids: postgres.NewBidService(db), Evaluations: postgres.NewEvaluationService(db),
		Awards: postgres.NewAwardService(db), Contracts: postgres.NewContractService(db), OfflineGifts: postgres.NewOfflineGiftService(db),
		I18n: bundle, SecretKey: testkit.SecretKey, Logger: testkit.Logger(tb),
	}
	if edit != nil {
		edit(&d)
	}
	srv, err := web.NewServer(d)
	if err != nil {
		tb.Fatal(err)
	}
	r := gin.New()
	r.Use(httpx.Middleware(testkit.Logger(tb), prometheus.NewRegistry())...)
	srv.Register(r)
	r.NoRoute(srv.NotFound)
	a.srv = httptest.NewServer(r)
	tb.Cleanup(a.srv.Close)
	return a
}

// client is one browser: a cookie jar, redirects not followed so tests
// see them.
type client struct {
	tb   testing.TB
	app  *app
	jar  http.CookieJar
	http *http.Client
	// lang is sent as Accept-Language when set.
	lang string
}

func (a *app) client(tb testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{tb: tb, app: a, jar: jar, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// do sends a request and returns the response with its body read.
func (c *client) do(req *http.Request) (*http.Response, string) {
	c.tb.Helper()
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.tb.Fatal(err)
	}
	return res, string(b)
}

func (c *client) get(path string) (*http.Response, string) {
	c.tb.Helper()
	req, err := http.NewRequest(http.MethodGet, c.app.srv.URL+path, nil)
	if err != nil {
		c.tb.Fatal(err)
	}
	return c.do(req)
}

func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.tb.Helper()
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

var tokenRe = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// token returns the CSRF token of the form on the page at path.
func (c *client) token(path string) string {
	c.tb.Helper()
	res, body := c.get(path)
	// The page's own form comes after the header's sign-out form.
	ms := tokenRe.FindAllStringSubmatch(body, -1)
	if res.StatusCode != http.StatusOK || ms == nil {
		c.tb.Fatalf("GET %s: %d, no CSRF token in the page", path, res.StatusCode)
	}
	return ms[len(ms)-1][1]
}

// submit posts a form from the page at page to action, with that page's
// CSRF token.
func (c *client) submit(page, action string, form url.Values) (*http.Response, string) {
	c.tb.Helper()
	form.Set("csrf_token", c.token(page))
	return c.post(action, form)
}

// cookie returns the value of the named cookie the browser holds.
func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.app.srv.URL)
	for _, ck := range c.jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// setCookie puts a cookie in the browser, as if the server had set it.
func (c *client) setCookie(name, value string) {
	u, _ := url.Parse(c.app.srv.URL)
	c.jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// register signs up through the form; the client is then signed in.
func (c *client) register(email, name string) {
	c.tb.Helper()
	res, body := c.submit("/register", "/register", url.Values{
		"email": {email}, "password": {"correct horse battery"}, "display_name": {name},
	})
	if res.StatusCode != http.StatusSeeOther {
		c.tb.Fatalf("register %s: %d\n%s", email, res.StatusCode, body)
	}
}

// createOrg creates an organisation through the form and returns its id.
func (c *client) createOrg(name, code string) string {
	c.tb.Helper()
	res, body := c.submit("/org/new", "/org/new", url.Values{
		"kind": {"social_org"}, "name": {name}, "credit_code": {code}, "region_code": {"320213"},
		"service_areas": {"psychological", "left_behind"}, "rating": {"4A"},
		"description": {"为困境儿童提供心理疏导。"},
	})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/orgs/") {
		c.tb.Fatalf("create organisation: %d %s\n%s", res.StatusCode, loc, body)
	}
	return strings.TrimSuffix(strings.TrimPrefix(loc, "/orgs/"), "?created=1")
}

// creditCode completes 17 characters with the GB 32100 check character.
func creditCode(tb testing.TB, first17 string) string {
	tb.Helper()
	for _, ch := range "0123456789ABCDEFGHJKLMNPQRTUWXY" {
		if code, ok := domain.NormalizeCreditCode(first17 + string(ch)); ok {
			return code
		}
	}
	tb.Fatalf("no check character for %s", first17)
	return ""
}

// mustContain fails unless body holds every want.
func mustContain(tb testing.TB, body string, want ...string) {
	tb.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			tb.Errorf("page lacks %q", w)
			if testing.Verbose() {
				tb.Log(body)
			}
		}
	}
}

// admin creates a platform admin and returns a client signed in as them.
func (a *app) admin(tb testing.TB) *client {
	tb.Helper()
	_, err := a.users.CreatePlatformAdmin(context.Background(), domain.RegisterInput{
		Email: "admin@hutong.test", Password: "admin password 1", DisplayName: "平台管理员",
	})
	if err != nil {
		tb.Fatal(err)
	}
	c := a.client(tb)
	res, body := c.submit("/login", "/login", url.Values{"login": {"admin@hutong.test"}, "password": {"admin password 1"}})
	if res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("admin login: %d\n%s", res.StatusCode, body)
	}
	return c
}

// actor builds the domain actor of a user, as the pages do for a session.
func (a *app) actor(tb testing.TB, u *domain.User) *domain.Actor {
	tb.Helper()
	ms, err := a.members.FindMemberships(context.Background(), u.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return &domain.Actor{User: u, Memberships: ms}
}

// signUp registers an account through the service and signs it in
// through the form, returning the browser and the user.
func (a *app) signUp(tb testing.TB, email, name string) (*client, *domain.User) {
	tb.Helper()
	u, err := a.users.Register(context.Background(), domain.RegisterInput{Email: email, Password: "correct horse battery", DisplayName: name})
	if err != nil {
		tb.Fatal(err)
	}
	c := a.client(tb)
	if res, body := c.submit("/login", "/login", url.Values{"login": {email}, "password": {"correct horse battery"}}); res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("sign in %s: %d\n%s", email, res.StatusCode, body)
	}
	return c, u
}

// TestMain stops the package's private PostgreSQL cluster after the tests.
func TestMain(m *testing.M) { testkit.Main(m) }
