package web

import (
	"regexp"
	"strconv"
	"strings"
)

// yuanRE accepts an amount in yuan as people type it: digits, optionally
// grouped in threes by commas, and at most two decimals (fen). A third
// decimal would be a fraction of a fen, which no budget has.
var yuanRE = regexp.MustCompile(`^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$`)

// maxYuanDigits keeps the fen amount well inside int64.
const maxYuanDigits = 15

// parseYuan converts an amount in yuan (元) typed in a form, such as
// "1,234.56" or "¥800000", into fen exactly: the digits are read as text,
// never through a float, so 0.1 + 0.2 stays 30 fen. It reports false for
// anything else, including a negative amount or a third decimal.
func parseYuan(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "¥"), "￥")
	s = strings.ReplaceAll(strings.TrimSpace(s), "，", ",")
	m := yuanRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	whole := strings.ReplaceAll(m[1], ",", "")
	frac := (m[2] + "00")[:2]
	digits := strings.TrimLeft(whole, "0") + frac
	if len(digits) > maxYuanDigits {
		return 0, false
	}
	fen, err := strconv.ParseInt(whole+frac, 10, 64)
	return fen, err == nil
}

// formatYuan writes fen as yuan with thousands separators and two
// decimals, e.g. 123456 → "1,234.56".
func formatYuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	whole := strconv.FormatInt(fen/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + "." + strconv.FormatInt(100+fen%100, 10)[1:]
}

// formatYuanInput writes fen for an input field: without separators, and
// without decimals when there are none, e.g. 80000000 → "800000".
func formatYuanInput(fen int64) string {
	if fen%100 == 0 {
		return strconv.FormatInt(fen/100, 10)
	}
	return strconv.FormatInt(fen/100, 10) + "." + strconv.FormatInt(100+fen%100, 10)[1:]
}
