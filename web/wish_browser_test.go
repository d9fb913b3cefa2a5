package web_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hutong/domain"
)

// TestBrowserWishFromDraftToDelivery walks one wish through Chromium, on
// a phone-sized screen: staff A writes and submits it, staff B publishes
// it, a donor finds and claims it and marks it bought, and staff A
// receives the goods and uploads the delivery photo, which the donor
// then sees on the wish's page. Nobody ever sees the canary child.
func TestBrowserWishFromDraftToDelivery(t *testing.T) {
	t.Parallel()
	root := newBrowser(t)
	if err := chromedp.Do(root); err != nil {
		t.Fatalf("start the browser: %v", err)
	}
	s := newWishScene(t)
	org := s.station.ID.String()
	photo := filepath.Join(t.TempDir(), "delivery.jpg")
	if err := os.WriteFile(photo, jpegPhoto(t), 0o600); err != nil {
		t.Fatal(err)
	}

	staffA := browse(t, root, s.a, "staff-a@hutong.test")
	staffA.open("/station/wishes/new?org=" + org)
	staffA.fill(`form[action="/station/wishes/new"]`, url.Values{
		"child_id": {s.child.ID.String()}, "kind": {"goods"}, "title": {"一双新球鞋"},
		"story":    {"小禾今年十一岁，是学校篮球队的替补，旧球鞋已经开胶了，想要一双新球鞋。"},
		"category": {"sports_arts"}, "amount": {"199"}, "quantity": {"1"},
		"deadline": {domain.DateOf(s.programme.CreatedAt).AddDays(40).String()},
	})
	staffA.submit(`form[action="/station/wishes/new"] button[value=submit]`)
	staffA.sees("已提交审核。")

	staffB := browse(t, root, s.a, "staff-b@hutong.test")
	staffB.open("/station?org=" + org)
	staffB.sees("一双新球鞋", "旧球鞋已经开胶了")
	if shot, err := chromedp.Run(staffB.ctx, chromedp.FullScreenshot(100)); err == nil {
		t.Logf("screenshot of the review queue: %s", saveScreenshot(t, "wish-review", shot))
	}
	staffB.submit(`form[action$="/review"] button[value=approve]`)
	staffB.sees("已通过审核并发布。")

	donor := browse(t, root, s.a, "donor@hutong.test")
	donor.open("/wishes")
	donor.sees("一双新球鞋", "小禾 · 10-12 岁", "113微心愿")
	donor.submit(`main .card h2 a`)
	donor.sees("心愿故事", "暂不能在线捐款", "认领实物")
	donor.submit(`form[action$="/claim"] button[type=submit]`)
	donor.sees("认领成功", "我的认领")
	donor.fill(`form[action$="/bought"]`, url.Values{"tracking_note": {"京东物流 JD0088"}})
	donor.submit(`form[action$="/bought"] button[type=submit]`)
	donor.sees("已记录购买", "已采购")
	wishURL, err := chromedp.Run(donor.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}

	staffA.open("/station?org=" + org)
	staffA.sees("京东物流 JD0088")
	staffA.submit(`form[action$="/received"] button[type=submit]`)
	staffA.sees("已确认收到物品。")
	staffA.do(chromedp.SetUploadFiles(chromedp.CSS(`form[action$="/delivery"] input[name=photo]`), []string{photo}))
	staffA.fill(`form[action$="/delivery"]`, url.Values{"note": {"球鞋已送到小禾手中"}, "no_face_confirmed": {"1"}})
	staffA.submit(`form[action$="/delivery"] button[type=submit]`)
	staffA.sees("心愿已送达")

	donor.do(chromedp.Navigate(strings.Split(wishURL, "?")[0]), chromedp.WaitVisible(chromedp.CSS(`figure img`)))
	donor.sees("心愿实现", "球鞋已送到小禾手中", "已送达", "由爱心人士认领实物")
	loaded, err := chromedp.Run(donor.ctx, chromedp.Evaluate[bool](`document.querySelector('figure img').complete && document.querySelector('figure img').naturalWidth === 40`))
	if err != nil || !loaded {
		t.Errorf("the delivery photo did not load: %v", err)
	}
	wide, err := chromedp.Run(donor.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
	if err != nil || !wide {
		t.Errorf("the wish page scrolls sideways on a phone: %v", err)
	}
	for _, p := range []*person{staffA, staffB, donor} {
		mustNotLeak(t, "a browser page", p.text())
	}
	shot, err := chromedp.Run(donor.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the delivered wish: %s", saveScreenshot(t, "wish-delivered", shot))
}
