package api_test

import (
	"net/http/httptest"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/gin-gonic/gin"

	"hutong/api"
	"hutong/domain"
)

var codes = []string{
	domain.ECONFLICT, domain.EFORBIDDEN, domain.EINTERNAL, domain.EINVALID, domain.EMALFORMED,
	domain.ENOTFOUND, domain.ETOOLARGE, domain.ETOOMANY, domain.EUNAUTHORIZED, domain.EUNAVAILABLE,
}

func TestProblemTitles(t *testing.T) {
	t.Parallel()
	t.Run("CataloguesComplete", func(t *testing.T) {
		t.Parallel()
		for _, lang := range []string{"zh-CN", "en"} {
			var msgs map[string]string
			if _, err := toml.DecodeFile("../internal/i18n/locales/api."+lang+".toml", &msgs); err != nil {
				t.Fatal(err)
			}
			for _, code := range codes {
				if msgs["api.problem."+code] == "" {
					t.Errorf("api.%s.toml has no title for %s", lang, code)
				}
			}
		}
	})
	for name, tc := range map[string]struct{ accept, lang, title string }{
		"ChineseByDefault": {"", "zh-CN", "未登录或凭据无效"},
		"English":          {"en-GB,en;q=0.9", "en", "Not signed in"},
		"ChineseForOthers": {"fr", "zh-CN", "未登录或凭据无效"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := newEngine(t, api.Deps{})
			req := httptest.NewRequest("GET", "/api/v1/me", nil)
			req.Header.Set("Accept-Language", tc.accept)
			w := httptest.NewRecorder()
			r.ServeHTTP(w, req)
			res := &response{tb: t, Code: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
			validateResponse(t, req, res)
			if p := res.problem(401); p.Title != tc.title || res.Header.Get("Content-Language") != tc.lang {
				t.Fatalf("title %q in %q, want %q in %q", p.Title, res.Header.Get("Content-Language"), tc.title, tc.lang)
			}
		})
	}
	t.Run("NotFoundHandler", func(t *testing.T) {
		t.Parallel()
		r := gin.New()
		r.NoRoute(api.NewServer(api.Deps{}).NotFound)
		w := httptest.NewRecorder()
		r.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/nothing-here", nil))
		res := &response{tb: t, Code: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
		res.want(404)
		if res.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("Content-Type = %q", res.Header.Get("Content-Type"))
		}
	})
}
