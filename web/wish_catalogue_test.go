package web_test

import (
	"strings"
	"testing"

	"hutong/web"
)

// TestWishCatalogue checks that every message the micro-wish pages ask
// for is in their catalogue in both languages, and that the two languages
// hold the same ids.
func TestWishCatalogue(t *testing.T) {
	t.Parallel()
	ids, err := web.WishMessageIDs()
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 150 {
		t.Fatalf("found only %d ids; is the scan broken?", len(ids))
	}
	zh, en := catalogue(t, "wish.zh-CN.toml"), catalogue(t, "wish.en.toml")
	for _, id := range ids {
		for lang, cat := range map[string]map[string]string{"zh-CN": zh, "en": en} {
			if _, ok := cat[id]; !ok {
				t.Errorf("%s: message %q is missing", lang, id)
			}
		}
	}
	t.Run("BothLanguagesHaveTheSameIDs", func(t *testing.T) {
		for id := range zh {
			if _, ok := en[id]; !ok {
				t.Errorf("%q is in Chinese only", id)
			}
			if !strings.HasPrefix(id, "wish.") {
				t.Errorf("%q is outside the micro-wish ids", id)
			}
		}
		for id := range en {
			if _, ok := zh[id]; !ok {
				t.Errorf("%q is in English only", id)
			}
		}
	})
}
