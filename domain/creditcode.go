package domain

import "strings"

// creditCodeChars is the GB 32100-2015 character set: digits and upper-case
// letters without I, O, Z, S and V. A character's value is its index.
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCodeWeights are the GB 32100-2015 weights of positions 1 to 17
// (3^(i-1) mod 31).
var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// NormalizeCreditCode upper-cases and trims a unified social credit code
// (统一社会信用代码) and reports whether it is 18 characters of the GB 32100
// set with a correct check character.
func NormalizeCreditCode(s string) (string, bool) {
	s = strings.ToUpper(trimSpace(s))
	if len(s) != 18 {
		return s, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCodeChars, s[i])
		if v < 0 {
			return s, false
		}
		sum += v * creditCodeWeights[i]
	}
	check := (31 - sum%31) % 31
	return s, s[17] == creditCodeChars[check]
}
