package domain

import (
	"net/url"
	"slices"
)

func contains(list []string, s string) bool { return slices.Contains(list, s) }

// dedupe drops empty and repeated strings, keeping the first order.
func dedupe(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		s = trimSpace(s)
		if s != "" && !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func validWebsite(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && len(s) <= 300
}
