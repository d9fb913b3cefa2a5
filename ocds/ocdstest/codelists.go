package ocdstest

import "strings"

// exactFields maps a release field path (array indices dropped) to its
// codelist.
var exactFields = map[string]string{
	"tag":                                    "releaseTag",
	"initiationType":                         "initiationType",
	"language":                               "language",
	"parties/roles":                          "partyRole",
	"parties/address/country":                "country",
	"tender/status":                          "tenderStatus",
	"tender/finalStatus":                     "tenderFinalStatus",
	"tender/procurementMethod":               "method",
	"tender/mainProcurementCategory":         "procurementCategory",
	"tender/additionalProcurementCategories": "extendedProcurementCategory",
	"tender/awardCriteria":                   "awardCriteria",
	"tender/submissionMethod":                "submissionMethod",
	"awards/status":                          "awardStatus",
	"awards/finalStatus":                     "awardFinalStatus",
	"contracts/status":                       "contractStatus",
	"contracts/finalStatus":                  "contractFinalStatus",
}

// suffixFields maps the end of a path, wherever it occurs, to its
// codelist.
var suffixFields = map[string]string{
	"currency":               "currency",
	"milestones/type":        "milestoneType",
	"milestones/status":      "milestoneStatus",
	"classification/scheme":  "classificationScheme",
	"documents/documentType": "documentType",
	"unit/scheme":            "unitClassificationScheme",
}

// releasePrefixes are where releases sit inside packages and records.
var releasePrefixes = []string{"records/compiledRelease/", "records/releases/", "releases/"}

// codelistOf returns the codelist of the value at path p, or "".
func codelistOf(p string) string {
	for _, pre := range releasePrefixes {
		if strings.HasPrefix(p, pre) {
			p = strings.TrimPrefix(p, pre)
			break
		}
	}
	if l, ok := exactFields[p]; ok {
		return l
	}
	for suffix, l := range suffixFields {
		if p == suffix || strings.HasSuffix(p, "/"+suffix) {
			return l
		}
	}
	return ""
}

// walk calls fn with the path (array indices dropped) of every string in
// v.
func walk(v any, p string, fn func(p, s string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			walk(x, join(p, k), fn)
		}
	case []any:
		for _, x := range v {
			walk(x, p, fn)
		}
	case string:
		fn(p, v)
	}
}

func join(p, k string) string {
	if p == "" {
		return k
	}
	return p + "/" + k
}
