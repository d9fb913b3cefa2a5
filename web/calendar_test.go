package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAdminCalendar(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.admin(t)
	const page = "/admin/calendar?year=2025"
	_, body := admin.get(page)
	mustContain(t, body, "2025 年工作日历", "2025-10-01", "国庆节、中秋节", "2025-09-28", "调休上班", "星期日")

	t.Run("AddAndRemoveADay", func(t *testing.T) {
		res, body := admin.submit(page, "/admin/calendar", url.Values{"date": {"2027-01-01"}, "kind": {"holiday"}, "name": {"元旦"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/calendar?year=2027&saved=1" {
			t.Fatalf("add: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
		}
		_, body = admin.get("/admin/calendar?year=2027&saved=1")
		mustContain(t, body, "已保存", "2027-01-01", "元旦", "节假日", "星期五")
		res, _ = admin.submit("/admin/calendar?year=2027", "/admin/calendar/2027-01-01/delete", url.Values{})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("remove: %d", res.StatusCode)
		}
		_, body = admin.get("/admin/calendar?year=2027")
		if strings.Contains(body, "2027-01-01") {
			t.Fatal("the removed day is still listed")
		}
	})
	t.Run("ErrWorkdayOnAWeekday", func(t *testing.T) {
		res, body := admin.submit(page, "/admin/calendar", url.Values{"date": {"2027-01-04"}, "kind": {"workday"}, "name": {"调休"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "调休上班日必须是星期六或星期日", `value="2027-01-04"`)
	})
	t.Run("ErrNotPlatformAdmin", func(t *testing.T) {
		c := a.client(t)
		c.register("officer@hutong.test", "王科长")
		if res, _ := c.get(page); res.StatusCode != http.StatusForbidden {
			t.Errorf("GET: %d", res.StatusCode)
		}
		res, _ := c.submit("/", "/admin/calendar", url.Values{"date": {"2027-01-01"}, "kind": {"holiday"}, "name": {"元旦"}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST: %d", res.StatusCode)
		}
		res, _ = c.submit("/", "/admin/calendar/2025-10-01/delete", url.Values{})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("remove: %d", res.StatusCode)
		}
		_, body := admin.get(page)
		mustContain(t, body, "2025-10-01")
	})
}
