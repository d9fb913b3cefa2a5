package domain

import (
	"strings"
	"time"
)

// numberProblems finds mobile and ID-card numbers in text (already
// width-folded). Numbers are read as runs of digits that may be broken by
// spaces or dashes, as people write 138-0013-8000 or 138 0013 8000, with
// an optional +86 in front. Each run is judged whole and piece by piece,
// so that "2024年 13800138000" is caught too.
func numberProblems(text string) (phone, id bool) {
	for _, run := range digitRuns(text) {
		candidates := append([]string{compactDigits(run)}, strings.FieldsFunc(run, isNumberSeparator)...)
		for _, c := range candidates {
			c = strings.TrimPrefix(c, "+")
			phone = phone || isMobile(c)
			id = id || ValidIDCard(c)
		}
	}
	return phone, id
}

// isNumberSeparator reports the characters people put inside numbers.
func isNumberSeparator(r rune) bool { return r == ' ' || r == '-' || r == '\t' }

// digitRuns returns the maximal runs of digits (with an x or X, the
// ID-card check character, and a leading +) joined by single separators.
func digitRuns(text string) []string {
	var runs []string
	rs := []rune(text)
	for i := 0; i < len(rs); {
		if !isDigit(rs[i]) && !(rs[i] == '+' && i+1 < len(rs) && isDigit(rs[i+1])) {
			i++
			continue
		}
		j := i + 1
		for j < len(rs) {
			switch {
			case isDigit(rs[j]), rs[j] == 'x' || rs[j] == 'X':
				j++
				continue
			case isNumberSeparator(rs[j]) && j+1 < len(rs) && isDigit(rs[j+1]):
				j += 2
				continue
			}
			break
		}
		runs = append(runs, string(rs[i:j]))
		i = j
	}
	return runs
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// compactDigits drops the separators of a run.
func compactDigits(run string) string {
	return strings.Map(func(r rune) rune {
		if isNumberSeparator(r) {
			return -1
		}
		return r
	}, run)
}

// isMobile reports a mainland mobile number: 11 digits starting 1[3-9],
// optionally after the country code 86.
func isMobile(s string) bool {
	s = strings.TrimPrefix(s, "86")
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' {
		return false
	}
	return allDigits(s)
}

func allDigits(s string) bool {
	for _, r := range s {
		if !isDigit(r) {
			return false
		}
	}
	return s != ""
}

// idWeights are the GB 11643 weights of the first 17 characters.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// ValidIDCard reports a resident ID-card number: 18 characters whose
// birth date is a real date and whose last character is the GB 11643
// check character, or an old 15-digit number with a real birth date.
func ValidIDCard(s string) bool {
	s = strings.ToUpper(s)
	if s == "" || s[0] < '1' || s[0] > '8' { // province codes run 11 to 82
		return false
	}
	switch len(s) {
	case 18:
		if !allDigits(s[:17]) || !validBirth(s[6:14]) {
			return false
		}
		sum := 0
		for i := 0; i < 17; i++ {
			sum += int(s[i]-'0') * idWeights[i]
		}
		return s[17] == "10X98765432"[sum%11]
	case 15:
		return allDigits(s) && validBirth("19"+s[6:12])
	}
	return false
}

// validBirth reports whether yyyymmdd is a real date from 1900 on.
func validBirth(s string) bool {
	t, err := time.Parse("20060102", s)
	return err == nil && t.Year() >= 1900 && t.Year() <= 2100
}
