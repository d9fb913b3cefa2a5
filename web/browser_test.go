package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds Debian's Chromium. Without it the browser test skips
// on a developer's machine but fails in CI, where .ci/run installs it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "chromium"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "" {
		t.Skip("Chromium is not installed (apt-get install chromium fonts-wqy-microhei); CI is unset, so skipping")
	}
	t.Fatal("Chromium is not installed and CI is set: the browser test must run")
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile, the size of
// a phone screen, closed when the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// A reader in China: Chinese is what the browser asks for.
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(412, 915),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelBrowser := chromedp.NewContext(ctx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelBrowser)
	return ctx
}

// TestBrowserSignUpCreateOrganisation drives the real pages in Chromium:
// sign up, create an organisation, and see its public profile in Chinese.
// It keeps a full-page screenshot outside the repository.
func TestBrowserSignUpCreateOrganisation(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	a := newApp(t)
	code := creditCode(t, "91320213MA1XXXXX9")
	const name = "无锡市星火青少年社会心理服务中心"

	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	err := chromedp.Do(ctx,
		chromedp.Navigate(a.srv.URL+"/register"),
		chromedp.WaitVisible(css(`#f-email`)),
		chromedp.SendKeys(css(`#f-email`), "browser@hutong.test"),
		chromedp.SendKeys(css(`#f-password`), "a browser password"),
		chromedp.SendKeys(css(`#f-display_name`), "浏览器测试员"),
		chromedp.Click(css(`form[action="/register"] button[type=submit]`)),
		chromedp.WaitVisible(css(`main a.button[href="/org/new"]`)),

		chromedp.Navigate(a.srv.URL+"/org/new"),
		chromedp.WaitVisible(css(`#f-name`)),
		chromedp.SetValue(css(`#f-kind`), "social_org"),
		chromedp.SendKeys(css(`#f-name`), name),
		chromedp.SendKeys(css(`#f-credit_code`), code),
		chromedp.SetValue(css(`#f-region_code`), "320213"),
		chromedp.Click(css(`input[name=service_areas][value=psychological]`)),
		chromedp.Click(css(`input[name=service_areas][value=left_behind]`)),
		chromedp.SendKeys(css(`#f-description`), "为困境儿童和留守儿童提供心理疏导。"),
	)
	if err != nil {
		t.Fatalf("browse: %v", err)
	}
	t.Logf("screenshot of the filled-in form: %s", saveScreenshot(t, "org-form", read(t, ctx, chromedp.FullScreenshot(100))))
	err = chromedp.Do(ctx,
		chromedp.Click(css(`form[action="/org/new"] button[type=submit]`)),
		chromedp.WaitVisible(css(`article.profile h1`)),
	)
	if err != nil {
		t.Fatalf("browse: %v", err)
	}

	heading := read(t, ctx, chromedp.Text(css(`article.profile h1`)))
	body := read(t, ctx, chromedp.Text(css(`body`)))
	lang := read(t, ctx, chromedp.AttributeValue(css(`html`), "lang")).Value
	location := read(t, ctx, chromedp.Location())
	shot := read(t, ctx, chromedp.FullScreenshot(100))
	t.Logf("screenshot of the public profile: %s", saveScreenshot(t, "org-profile", shot))

	if heading != name {
		t.Errorf("heading %q, want %q", heading, name)
	}
	if lang != "zh-CN" || !strings.Contains(location, "/orgs/") {
		t.Errorf("lang %q at %s", lang, location)
	}
	for _, want := range []string{"统一社会信用代码", code, "梁溪区", "社会组织", "心理疏导", "留守儿童关爱", "待认证", "机构已创建"} {
		if !strings.Contains(body, want) {
			t.Errorf("the profile lacks %q", want)
		}
	}
}

// saveScreenshot writes a screenshot under the system temp directory,
// outside the repository, and returns its path.
func saveScreenshot(t *testing.T, name string, png []byte) string {
	t.Helper()
	dir := filepath.Join(os.TempDir(), "hutong-screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+"-"+time.Now().Format("20060102-150405")+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// read runs one action that returns a value, failing the test on error.
func read[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	return v
}
