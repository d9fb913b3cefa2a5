package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// dashboardIDRes find the dashboard's message ids (without the
// "dashboard." prefix) in its Go files and template.
var dashboardIDRes = []*regexp.Regexp{
	regexp.MustCompile(`\bD "([^"]+)"`),
	regexp.MustCompile(`\.D\("([^"]+)"`),
	regexp.MustCompile(`dashboardText\([a-z.]+, "([^"]+)"`),
}

// chartRe finds the charts' title ids; each has a "_desc" twin.
var chartRe = regexp.MustCompile(`d\.chart\("[^"]+", "([^"]+)"`)

// DashboardMessageIDs lists every message id the dashboard can ask for,
// with the "dashboard." prefix.
func DashboardMessageIDs() ([]string, error) {
	files, err := filepath.Glob("dashboard*.go")
	if err != nil {
		return nil, err
	}
	files = append(files, "templates/pages/dashboard.html")
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, re := range dashboardIDRes {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				if !strings.HasSuffix(m[1], ".") {
					seen[m[1]] = true
				}
			}
		}
		for _, m := range chartRe.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]], seen[m[1]+"_desc"] = true, true
		}
	}
	for _, col := range districtColumns {
		seen["col."+col.ID] = true
	}
	ids := []string{dashboardBadInputID("year"), dashboardBadInputID("region")}
	for id := range seen {
		ids = append(ids, "dashboard."+id)
	}
	return ids, nil
}
