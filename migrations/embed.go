// Package migrations holds Hutong's schema as goose SQL files, embedded in
// the binary so that `hutong migrate` and `serve` need nothing on disk.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
