package ocdstest_test

import (
	"encoding/json"
	"testing"

	"hutong/ocds/ocdstest"
)

// The checks must reject what is wrong, or every test passing through
// them proves nothing.
func TestChecksRejectBadReleases(t *testing.T) {
	t.Parallel()
	t.Run("MissingOCIDFailsTheSchema", func(t *testing.T) {
		if ocdstest.CheckRelease(t, []byte(`{"id":"1","date":"2025-01-01T00:00:00Z","tag":["tender"],"initiationType":"tender"}`)) == nil {
			t.Error("a release without ocid passed")
		}
	})
	t.Run("BadDateFailsTheSchema", func(t *testing.T) {
		if ocdstest.CheckRelease(t, []byte(`{"ocid":"o","id":"1","date":"yesterday","tag":["tender"],"initiationType":"tender"}`)) == nil {
			t.Error("a release with a bad date passed")
		}
	})
	t.Run("GoodReleasePasses", func(t *testing.T) {
		if err := ocdstest.CheckRelease(t, []byte(`{"ocid":"o","id":"1","date":"2025-01-01T00:00:00Z","tag":["tender"],"initiationType":"tender"}`)); err != nil {
			t.Error(err)
		}
	})
	t.Run("CodesOutsideTheirListsFound", func(t *testing.T) {
		var doc any
		body := `{"releases":[{"tag":["bogus"],"tender":{"procurementMethod":"competitive","value":{"currency":"RMB"},
			"milestones":[{"type":"payment","status":"done"}],"awardCriteria":"singleBidOnly"},"parties":[{"roles":["buyer"]}]}]}`
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatal(err)
		}
		got := ocdstest.CheckCodelists(t, doc)
		if len(got) != 5 {
			t.Errorf("bad codes found = %v, want tag, method, currency, milestone status and the deprecated award criteria", got)
		}
	})
}
