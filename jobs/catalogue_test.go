package jobs_test

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"hutong/domain"
	"hutong/internal/i18n"
)

// notifyParams are the params each notification kind is created with (see
// domain/notification.go and postgres).
var notifyParams = map[string]map[string]any{
	domain.NotifyWelcome:           {"name": "王晓静"},
	domain.NotifyMemberAdded:       {"org": "锡山区乐助社工事务所", "roles": "工作人员"},
	domain.NotifyOrgVerified:       {"org": "无锡市民政局"},
	domain.NotifyOrgRejected:       {"org": "禾雨社会服务中心", "note": "请补充登记证书"},
	domain.NotifyAllianceInvited:   {"alliance": "无锡市儿童关爱社会组织联盟", "org": "梁溪区未成年人救助保护中心"},
	domain.NotifyAwardPublished:    {"project": "梁溪区困境儿童关爱服务项目", "winner": "无锡市星火青少年社会心理服务中心"},
	domain.NotifyAwardFinal:        {"project": "梁溪区困境儿童关爱服务项目", "winner": "无锡市星火青少年社会心理服务中心"},
	domain.NotifyAwardCancelled:    {"project": "梁溪区困境儿童关爱服务项目"},
	domain.NotifyComplaintFiled:    {"project": "梁溪区困境儿童关爱服务项目", "org": "锡山区乐助社工事务所"},
	domain.NotifyComplaintAnswered: {"project": "梁溪区困境儿童关爱服务项目"},
	domain.NotifyReportSubmitted:   {"project": "梁溪区困境儿童关爱服务项目", "org": "无锡市星火青少年社会心理服务中心"},
	domain.NotifyReportAccepted:    {"project": "梁溪区困境儿童关爱服务项目", "milestone": "首期款"},
	domain.NotifyReportReturned:    {"project": "梁溪区困境儿童关爱服务项目"},
	domain.NotifyWishClaimed:       {"wish": "一个新书包"},
	domain.NotifyClaimBought:       {"wish": "一个新书包"},
	domain.NotifyClaimReminder:     {"wish": "一个新书包", "deadline": "2026-06-01 10:00"},
	domain.NotifyClaimReleased:     {"wish": "一个新书包"},
	domain.NotifyWishDelivered:     {"wish": "一个新书包"},
	domain.NotifyWishCancelled:     {"wish": "一个新书包"},
	domain.NotifyWishThanks:        {"wish": "一个新书包"},
	domain.NotifyShiftMoved:        {"activity": "周末课业辅导", "starts_at": "2026-06-06 09:00"},
	domain.NotifySignupPromoted:    {"activity": "周末课业辅导", "starts_at": "2026-06-06 09:00"},
	domain.NotifySignupDecided:     {"activity": "周末课业辅导", "starts_at": "2026-06-06 09:00", "status": "confirmed"},
}

// TestNotifyCatalogues checks that both languages have every message the
// mail worker uses, and that each renders every param it is given.
func TestNotifyCatalogues(t *testing.T) {
	t.Parallel()
	ids := []string{"notify.link", "notify.signature", "notify.list_separator"}
	for _, r := range domain.Roles {
		ids = append(ids, "notify.role."+string(r))
	}
	for kind := range notifyParams {
		ids = append(ids, "notify."+kind+".subject", "notify."+kind+".body")
	}
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{domain.LocaleZH, domain.LocaleEN} {
		t.Run("OK"+lang, func(t *testing.T) {
			t.Parallel()
			messages := map[string]string{}
			if _, err := toml.DecodeFile("../internal/i18n/locales/notify."+lang+".toml", &messages); err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				if messages[id] == "" {
					t.Errorf("%s: %s is missing", lang, id)
				}
			}
			l := bundle.Localizer(lang)
			for kind, params := range notifyParams {
				data := map[string]any{"recipient": "李敏", "link": "https://hutong.test/"}
				for k, v := range params {
					data[k] = v
				}
				text := l.T("notify."+kind+".subject", data) + l.T("notify."+kind+".body", data)
				if strings.Contains(text, "<no value>") {
					t.Errorf("%s %s renders a missing param: %q", lang, kind, text)
				}
				for k, v := range params {
					if !strings.Contains(text, v.(string)) {
						t.Errorf("%s %s does not show %s", lang, kind, k)
					}
				}
			}
		})
	}
}
