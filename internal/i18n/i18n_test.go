package i18n

import "testing"

func TestLocalizerPicksLanguage(t *testing.T) {
	t.Parallel()
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ accept, lang, name string }{
		{"en-US,en;q=0.9", "en", "Hutong"},
		{"zh-CN,zh;q=0.9", "zh-CN", "护童"},
		{"fr", "zh-CN", "护童"},
		{"", "zh-CN", "护童"},
	} {
		l := b.Localizer(tc.accept)
		if l.Lang != tc.lang || l.T("app.name") != tc.name {
			t.Errorf("Accept-Language %q: got %s %q, want %s %q", tc.accept, l.Lang, l.T("app.name"), tc.lang, tc.name)
		}
	}
}
