package web_test

import (
	"testing"

	"hutong/domain"
	"hutong/web"
)

// TestTenderCatalogue checks the message families the tender's pages pick
// at run time, which the general catalogue test cannot see in the source.
func TestTenderCatalogue(t *testing.T) {
	t.Parallel()
	ids := web.ProjectMessageIDs()
	for _, s := range domain.ProjectStatuses {
		ids = append(ids, "project.status."+string(s))
	}
	for _, m := range domain.ProjectMethods {
		ids = append(ids, "project.method."+string(m))
	}
	for _, k := range domain.TargetKinds {
		ids = append(ids, "project.target_kind."+string(k))
	}
	ids = append(ids, "calendar.kind."+string(domain.CalendarHoliday), "calendar.kind."+string(domain.CalendarWorkday))
	for _, d := range []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"} {
		ids = append(ids, "weekday."+d)
	}
	for _, lang := range []string{"zh-CN", "en"} {
		cat := catalogue(t, "web."+lang+".toml")
		for _, id := range ids {
			if _, ok := cat[id]; !ok {
				t.Errorf("%s: message %q is missing", lang, id)
			}
		}
	}
}
