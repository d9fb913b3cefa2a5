package searchtest

import (
	"slices"
	"strings"
	"testing"

	"hutong/search"
)

// containing lists the fixtures whose name or description holds s.
func containing(s string) []string {
	return where(func(o org) bool {
		return strings.Contains(strings.ToLower(o.name+" "+o.description), strings.ToLower(s))
	})
}

// textChecks are the full-text checks: Chinese words and characters,
// several words, synonyms, field weights, Latin text and no text at all.
func textChecks() []check {
	return []check{
		{"ChineseWordFindsItsDocument", func(t *testing.T, f *fixture) {
			wantSet(t, f.search(t, search.Query{Text: "基金会"}), []string{"o05"})
			wantSet(t, f.search(t, search.Query{Text: "关爱"}), containing("关爱"))
		}},
		{"SingleCharacterFindsEveryDocumentWithIt", func(t *testing.T, f *fixture) {
			for _, c := range []string{"童", "站", "社"} {
				want := containing(c)
				if len(want) == 0 {
					t.Fatalf("fixtures hold no %s", c)
				}
				wantSet(t, f.search(t, search.Query{Text: c}), want)
			}
		}},
		{"SeveralWordsRankDocumentsWithAllFirst", func(t *testing.T, f *fixture) {
			res := f.search(t, search.Query{Text: "儿童 保护"})
			if len(res.Hits) < 2 {
				t.Fatalf("hits = %v, want o03 and o06 first", ids(res))
			}
			wantSame(t, ids(res)[:2], []string{"o03", "o06"})
			top := f.search(t, search.Query{Text: "留守儿童 心理疏导"})
			if len(top.Hits) == 0 || top.Hits[0].ID != "o01" {
				t.Errorf("hits = %v, want o01 first", ids(top))
			}
		}},
		{"SynonymFindsDocumentSayingAnother", func(t *testing.T, f *fixture) {
			for q, want := range map[string][]string{
				"心理辅导": {"o01", "o07"}, // 心理疏导, 心理咨询
				"心理咨询": {"o01", "o07"},
				"困难儿童": {"o02"},        // 困境儿童
				"学业辅导": {"o01", "o08"}, // 课业辅导, 作业辅导
			} {
				t.Run(q, func(t *testing.T) { wantSet(t, f.search(t, search.Query{Text: q}), want) })
			}
		}},
		{"HeavierFieldRanksFirst", func(t *testing.T, f *fixture) {
			// 阅读 is in o11's name and in o08's description.
			wantOrder(t, f.search(t, search.Query{Text: "阅读"}), []string{"o11", "o08"})
		}},
		{"LatinTextIgnoresCase", func(t *testing.T, f *fixture) {
			wantSet(t, f.search(t, search.Query{Text: "children"}), []string{"o09"})
			wantSet(t, f.search(t, search.Query{Text: "SUNSHINE"}), []string{"o09"})
		}},
		{"NoTextFindsEverything", func(t *testing.T, f *fixture) {
			wantSet(t, f.search(t, search.Query{}), where(func(org) bool { return true }))
		}},
		{"UnknownWordFindsNothing", func(t *testing.T, f *fixture) {
			wantSet(t, f.search(t, search.Query{Text: "宇宙飞船"}), nil)
		}},
	}
}

// typoChecks run only on backends that forgive typing mistakes.
func typoChecks() []check {
	return []check{
		{"TypoStillFindsLatinWord", func(t *testing.T, f *fixture) {
			res := f.search(t, search.Query{Text: "sunshyne"})
			if !slices.Contains(ids(res), "o09") {
				t.Errorf("hits = %v, want o09", ids(res))
			}
		}},
	}
}

// wantSame fails unless got and want hold the same ids in any order.
func wantSame(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("ids = %v, want %v in any order", got, want)
	}
}
