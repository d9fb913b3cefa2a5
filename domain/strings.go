package domain

import "strings"

// trimSpace trims ASCII and full-width (U+3000) spaces, which Chinese input
// methods often leave around a value.
func trimSpace(s string) string {
	return strings.Trim(s, " \t\r\n\u3000")
}
