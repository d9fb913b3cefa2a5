// Package schema embeds the official OCDS 1.1.5 JSON schemas and
// codelists that Hutong's exports are validated against in tests, so
// that the tests need nothing outside the repository. See README.md for
// where the files come from.
package schema

import "embed"

// FS holds release-schema.json, release-package-schema.json,
// record-package-schema.json, record-schema.hutong.json and
// codelists/*.csv.
//
//go:embed *.json codelists/*.csv
var FS embed.FS

// Schema URLs, as the official files name each other.
const (
	ReleaseURL        = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
	ReleasePackageURL = "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json"
	RecordPackageURL  = "https://standard.open-contracting.org/schema/1__1__5/record-package-schema.json"
	// RecordURL is what record-package-schema.json refers to for its
	// records, a file the 1.1.5 release does not ship; the local
	// record-schema.hutong.json stands in for it.
	RecordURL = "https://standard.open-contracting.org/schema/1__2__0/record-schema.json"
)
