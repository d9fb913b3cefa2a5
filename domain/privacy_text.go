package domain

import (
	"regexp"
	"strings"
	"unicode"
)

// Numerals as people write them in addresses: Arabic or Chinese.
const addrNum = `[0-9一二三四五六七八九十百千零〇两]+`

// addressPatterns are the shapes of a street address that locate a home:
// a number on a road or street, a lane (弄), a room (室), a block or
// building in a housing estate, and a village group (村…组). Each needs a
// number, so that words like 马路, 街道, 弄丢 or 教室 pass.
var addressPatterns = []*regexp.Regexp{
	regexp.MustCompile(`\p{Han}(路|街|大街|大道|巷|胡同)\s*` + addrNum + `\s*号`),
	regexp.MustCompile(`[0-9]+\s*弄`),
	regexp.MustCompile(`[0-9]+\s*(室|号房)`),
	regexp.MustCompile(`[0-9]+\s*(栋|幢|号楼)`),
	regexp.MustCompile(`\p{Han}(小区|花园|苑|新村|公寓)\s*` + addrNum + `\s*(栋|幢|号|期|座)`),
	regexp.MustCompile(`\p{Han}村\s*` + addrNum + `\s*(组|队|社)`),
}

// HasStreetAddress reports whether text contains a street address.
func HasStreetAddress(text string) bool {
	for _, re := range addressPatterns {
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

// schoolSuffixes end a school's name.
var schoolSuffixes = []string{"幼儿园", "小学", "中学", "学校", "职校", "中专", "初中", "高中"}

// schoolGenericAfter are words that make a suffix generic: 小学生 is a
// pupil, not a school.
var schoolGenericAfter = []string{"生", "阶段", "年级", "毕业", "教育", "老师", "课"}

// schoolStops end the walk back from a suffix: verbs, pronouns and
// particles never belong to a school's proper name (在学校, 去上学校,
// 他们学校, 镇上的学校).
const schoolStops = "在去到读上是我你他她它们的和与及、就所回进从了个这那该每几有没里念考转入离"

// schoolGenericPrefixes describe a school without naming it (附近的,
// 当地, 寄宿制, 乡村); they are dropped from the end of the name before
// judging whether a proper name remains.
var schoolGenericPrefixes = []string{
	"附近", "当地", "本地", "乡村", "农村", "城里", "镇上", "村里", "寄宿制", "寄宿", "公立", "私立",
	"普通", "重点", "民办", "公办", "新", "旧", "老", "好", "特殊教育", "培训", "艺术", "体育",
	"舞蹈", "音乐", "美术", "职业", "技工", "全日制", "同一", "别的", "其他", "不同",
}

// HasSchoolName reports whether text names a school: a school suffix
// (小学, 中学, 幼儿园, 学校, 职校…) after a proper name of at least two
// characters, such as 梁溪区实验小学 or 扬名中学. Generic uses — 上学,
// 学习, 在学校, 小学生, 附近的学校 — are not flagged.
func HasSchoolName(text string) bool {
	rs := []rune(text)
	for _, suf := range schoolSuffixes {
		sr := []rune(suf)
		for i := 0; i+len(sr) <= len(rs); i++ {
			if string(rs[i:i+len(sr)]) != suf || genericAfter(rs[i+len(sr):]) {
				continue
			}
			if properPrefix(rs[:i]) {
				return true
			}
		}
	}
	return false
}

// genericAfter reports whether the text after a suffix makes it a
// generic word.
func genericAfter(rest []rune) bool {
	s := string(rest)
	for _, w := range schoolGenericAfter {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// properPrefix walks back from a suffix over Han characters and digits
// (第一, 第25) until a stop character, drops generic descriptions from
// its end, and reports whether at least two characters of a name remain.
func properPrefix(before []rune) bool {
	start := len(before)
	for start > 0 && len(before)-start < 12 {
		r := before[start-1]
		if !(unicode.Is(unicode.Han, r) || isDigit(r)) || strings.ContainsRune(schoolStops, r) {
			break
		}
		start--
	}
	name := string(before[start:])
	for changed := true; changed; {
		changed = false
		for _, g := range schoolGenericPrefixes {
			if n, ok := strings.CutSuffix(name, g); ok {
				name, changed = n, true
			}
		}
	}
	return len([]rune(name)) >= 2
}
