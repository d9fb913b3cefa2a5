package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"hutong/domain"
	"hutong/internal/httpx"
)

// templateFS holds the layout, the shared partials and one file per page.
//
//go:embed templates
var templateFS embed.FS

// parseTemplates parses each page with the layout and partials, so every
// page defines its own "content" block.
func parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(templateFuncs).ParseFS(templateFS, "templates/layout/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := make(map[string]*template.Template, len(files))
	for _, f := range files {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", f, err)
		}
		pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return pages, nil
}

// shanghai is China Standard Time; China keeps no daylight saving, so a
// fixed zone is exact and needs no tz database.
var shanghai = time.FixedZone("CST", 8*60*60)

// templateFuncs are the few helpers templates need beyond the page's
// methods.
var templateFuncs = template.FuncMap{
	"datetime": func(t time.Time) string { return t.In(shanghai).Format("2006-01-02 15:04") },
	"date":     func(t time.Time) string { return t.In(shanghai).Format("2006-01-02") },
}

// render executes a page into a buffer first, so a template error becomes
// a clean 500 instead of half a page.
func (s *Server) render(c *gin.Context, status int, name, title string, data any) {
	t, ok := s.pages[name]
	if !ok {
		panic("web: no page template " + name)
	}
	p := s.newPage(c, title, data)
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", p); err != nil {
		httpx.Logger(c).LogAttrs(c.Request.Context(), slog.LevelError, "render page",
			slog.String("page", name), slog.String("error", err.Error()))
		c.Data(500, "text/plain; charset=utf-8", []byte("500 服务器内部错误 Internal Server Error\nrequest id: "+httpx.RequestID(c)+"\n"))
		return
	}
	c.Data(status, "text/html; charset=utf-8", b.Bytes())
}

// page is what every template receives: the reader's language and session,
// and the page's own data in Data.
type page struct {
	st        *state
	Lang      string
	Title     string
	User      *domain.User
	CSRF      string
	CSSURL    string
	IconURL   string
	SwitchURL string
	SwitchTo  string
	Path      string
	Data      any
}

// newPage fills the layout's data for the request.
func (s *Server) newPage(c *gin.Context, title string, data any) *page {
	st := stateOf(c)
	p := &page{
		st: st, Lang: st.L.Lang, Title: title, User: st.user(), Data: data,
		CSSURL: s.assets.url("hutong.css"), IconURL: s.assets.url("favicon.svg"),
		Path: c.Request.URL.RequestURI(),
	}
	if st.Session != nil {
		p.CSRF = st.Session.CSRFToken
	}
	p.SwitchTo = domain.LocaleEN
	if p.Lang == domain.LocaleEN {
		p.SwitchTo = domain.LocaleZH
	}
	p.SwitchURL = "/lang?" + url.Values{"to": {p.SwitchTo}, "next": {safeNext(p.Path)}}.Encode()
	return p
}

// T renders a message in the reader's language; args are name, value
// pairs for the message's template.
func (p *page) T(id string, args ...any) string {
	if len(args) == 0 {
		return p.st.L.T(id)
	}
	data := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		data[fmt.Sprint(args[i])] = args[i+1]
	}
	return p.st.L.T(id, data)
}

// Kind names an organisation kind.
func (p *page) Kind(k domain.OrgKind) string { return p.st.L.T("kind." + string(k)) }

// Area names a service area.
func (p *page) Area(a string) string { return p.st.L.T("area." + a) }

// Role names a member role.
func (p *page) Role(r domain.Role) string { return p.st.L.T("role." + string(r)) }

// Verification names a verification status.
func (p *page) Verification(v string) string { return p.st.L.T("verification." + v) }

// Kinds lists the organisation kinds, for selects.
func (p *page) Kinds() []domain.OrgKind { return domain.OrgKinds }

// Areas lists the service areas, for checkboxes.
func (p *page) Areas() []string { return domain.ServiceAreas }

// Roles lists the member roles, for checkboxes.
func (p *page) Roles() []domain.Role { return domain.Roles }

// Ratings lists the evaluation ratings, for selects.
func (p *page) Ratings() []string { return domain.Ratings }

// HasRole reports whether roles holds r, for role checkboxes.
func (p *page) HasRole(roles []domain.Role, r domain.Role) bool { return slices.Contains(roles, r) }
