package web_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"hutong/domain"
	"hutong/web"
)

// idRes find literal message ids: T "id" in templates, .T("id") and
// renderError(c, status, "id") in Go.
var idRes = []*regexp.Regexp{
	regexp.MustCompile(`\bT "([^"]+)"`),
	regexp.MustCompile(`\.T\("([^"]+)"`),
	regexp.MustCompile(`renderError\(c, [^,]+, "([^"]+)"\)`),
}

// usedIDs collects every message id the pages can ask for.
func usedIDs(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.go") ||
			!(strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".html")) {
			return err
		}
		b, err := os.ReadFile(p)
		for _, re := range idRes {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				// "kind." + k and the like are families, listed below.
				if !strings.HasSuffix(m[1], ".") {
					seen[m[1]] = true
				}
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range web.MessageIDs() {
		seen[id] = true
	}
	for _, k := range domain.OrgKinds {
		seen["kind."+string(k)] = true
	}
	for _, a := range domain.ServiceAreas {
		seen["area."+a] = true
	}
	for _, r := range domain.Roles {
		seen["role."+string(r)] = true
	}
	for _, v := range []string{domain.VerificationPending, domain.VerificationVerified, domain.VerificationRejected} {
		seen["verification."+v] = true
	}
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// catalogue reads one locale file's ids.
func catalogue(t *testing.T, name string) map[string]string {
	t.Helper()
	m := map[string]string{}
	if _, err := toml.DecodeFile(filepath.Join("..", "internal", "i18n", "locales", name), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCatalogueHasEveryID(t *testing.T) {
	t.Parallel()
	ids := usedIDs(t)
	if len(ids) < 100 {
		t.Fatalf("found only %d ids; is the scan broken?", len(ids))
	}
	for _, lang := range []string{"zh-CN", "en"} {
		webCat, base := catalogue(t, "web."+lang+".toml"), catalogue(t, "base."+lang+".toml")
		for _, id := range ids {
			_, inWeb := webCat[id]
			_, inBase := base[id]
			if !inWeb && !inBase {
				t.Errorf("%s: message %q is missing", lang, id)
			}
		}
	}
	t.Run("BothLanguagesHaveTheSameIDs", func(t *testing.T) {
		zh, en := catalogue(t, "web.zh-CN.toml"), catalogue(t, "web.en.toml")
		for id := range zh {
			if _, ok := en[id]; !ok {
				t.Errorf("%q is in Chinese only", id)
			}
		}
		for id := range en {
			if _, ok := zh[id]; !ok {
				t.Errorf("%q is in English only", id)
			}
		}
	})
}

func TestSafeNext(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/orgs?kind=station":      "/orgs?kind=station",
		"/":                       "/",
		"":                        "/",
		"//evil.example":          "/",
		"/\\evil.example":         "/",
		"https://evil.example":    "/",
		"evil":                    "/",
		"/org\r\nSet-Cookie: x=1": "/",
	} {
		if got := web.SafeNext(in); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
