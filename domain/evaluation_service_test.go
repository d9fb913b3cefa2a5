package domain_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"hutong/domain"
)

func TestRetenderTitle(t *testing.T) {
	t.Parallel()
	t.Run("OKSuffixed", func(t *testing.T) {
		t.Parallel()
		if got := domain.RetenderTitle("关爱服务项目", 200); got != "关爱服务项目（重新招标）" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("OKLongTitleCut", func(t *testing.T) {
		t.Parallel()
		long := strings.Repeat("童", 199)
		got := domain.RetenderTitle(long, 200)
		if utf8.RuneCountInString(got) != 200 || got[len(got)-len(domain.RetenderSuffix):] != domain.RetenderSuffix {
			t.Errorf("got %d runes: %q", utf8.RuneCountInString(got), got)
		}
	})
}
