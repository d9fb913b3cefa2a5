package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"hutong/domain"
)

// wishIDRes find the micro-wish pages' message ids (without the "wish."
// prefix) in their Go files and templates.
var wishIDRes = []*regexp.Regexp{
	regexp.MustCompile(`\bW "([^"]+)"`),
	regexp.MustCompile(`\.W\("([^"]+)"`),
	regexp.MustCompile(`wishT\([a-zA-Z.()]+, "([^"]+)"`),
}

// WishMessageIDs lists every message id the micro-wish pages can ask for,
// with the "wish." prefix: the literal ones in their files and the
// families picked at run time.
func WishMessageIDs() ([]string, error) {
	var files []string
	for _, g := range []string{"wish*.go", "claim*.go", "donation*.go", "station*.go", "programme*.go",
		"templates/pages/wish*.html", "templates/pages/programme*.html", "templates/pages/donation*.html",
		"templates/pages/station*.html", "templates/layout/wish*.html", "templates/layout/layout.html"} {
		m, err := filepath.Glob(g)
		if err != nil {
			return nil, err
		}
		files = append(files, m...)
	}
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, re := range wishIDRes {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				if !strings.HasSuffix(m[1], ".") {
					seen[m[1]] = true
				}
			}
		}
	}
	for _, id := range wishMessageIDs {
		seen[id] = true
	}
	add := func(prefix string, vs ...string) {
		for _, v := range vs {
			seen[prefix+v] = true
		}
	}
	for _, k := range []domain.WishKind{domain.WishGoods, domain.WishExperience, domain.WishCash} {
		add("kind.", string(k))
	}
	for _, st := range append([]domain.WishStatus{domain.WishDraft, domain.WishInReview}, publicWishStatuses...) {
		add("status.", string(st))
	}
	add("category.", domain.WishCategories...)
	add("claim.status.", "claimed", "bought", "received", "delivered", "released", "cancelled")
	add("donation.status.", "pending", "succeeded", "failed", "expired", "refunded", "partially_refunded", "disputed", "redirected")
	add("gender.", "unstated", "female", "male")
	add("scope.", domain.ConsentScopes...)
	add("done.", "claimed", "bought", "cancelled", "saved", "submitted", "published", "returned", "received", "purchased", "delivered")
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, "wish."+id)
	}
	return ids, nil
}
