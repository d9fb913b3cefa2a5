package demo

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Print writes the demo sign-ins for a terminal: the login first, since
// it is what people copy, then name, roles and organisation.
func (r *Result) Print(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "演示账号 Demo sign-ins — 密码 password: %s\n", r.Password); err != nil {
		return err
	}
	for _, s := range r.SignIns {
		line := fmt.Sprintf("  %-28s %s  %s", s.Login, padName(s.Name), s.Role)
		if s.Organization != "" {
			line += "  " + s.Organization
		}
		if s.Phone != "" {
			line += "  (手机 phone " + s.Phone + ")"
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

// padName pads a Chinese name of two or three characters with full-width
// spaces, which terminals show as wide as a Chinese character, so that
// the columns after it line up.
func padName(name string) string {
	if n := utf8.RuneCountInString(name); n < 3 {
		return name + strings.Repeat("\u3000", 3-n)
	}
	return name
}
