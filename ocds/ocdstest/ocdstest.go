// Package ocdstest checks OCDS documents in tests: against the official
// JSON schemas (draft-04, through santhosh-tekuri/jsonschema) and every
// coded field against its codelist CSV. Any package exporting OCDS runs
// its real exports through it.
package ocdstest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"hutong/ocds/schema"
)

var compiled struct {
	once                  sync.Once
	releasePkg, recordPkg *jsonschema.Schema
	release               *jsonschema.Schema
	codelists             map[string]map[string]bool
	err                   error
}

// load compiles the schemas and reads the codelists once per binary.
func load(tb testing.TB) {
	tb.Helper()
	compiled.once.Do(func() { compiled.err = compile() })
	if compiled.err != nil {
		tb.Fatalf("OCDS schemas: %v", compiled.err)
	}
}

func compile() error {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	files := map[string]string{
		schema.ReleaseURL: "release-schema.json", schema.ReleasePackageURL: "release-package-schema.json",
		schema.RecordPackageURL: "record-package-schema.json", schema.RecordURL: "record-schema.hutong.json",
	}
	for url, name := range files {
		b, err := schema.FS.ReadFile(name)
		if err != nil {
			return err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := c.AddResource(url, doc); err != nil {
			return err
		}
	}
	var err error
	if compiled.releasePkg, err = c.Compile(schema.ReleasePackageURL); err != nil {
		return err
	}
	if compiled.recordPkg, err = c.Compile(schema.RecordPackageURL); err != nil {
		return err
	}
	if compiled.release, err = c.Compile(schema.ReleaseURL); err != nil {
		return err
	}
	compiled.codelists, err = readCodelists()
	return err
}

// readCodelists reads each CSV's codes, leaving out the codes deprecated
// in 1.1 or earlier (a "Deprecated" of 1.2 is a future version's).
func readCodelists() (map[string]map[string]bool, error) {
	names, err := fs.Glob(schema.FS, "codelists/*.csv")
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]bool{}
	for _, name := range names {
		b, _ := schema.FS.ReadFile(name)
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		code, dep := column(rows[0], "Code"), column(rows[0], "Deprecated")
		codes := map[string]bool{}
		for _, r := range rows[1:] {
			if dep >= 0 && dep < len(r) && r[dep] != "" && r[dep] != "1.2" {
				continue
			}
			codes[r[code]] = true
		}
		out[strings.TrimSuffix(path.Base(name), ".csv")] = codes
	}
	return out, nil
}

func column(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	return -1
}

// ValidateReleasePackage fails the test unless body is a valid release
// package whose releases pass the release schema and the codelists.
func ValidateReleasePackage(tb testing.TB, body []byte) {
	tb.Helper()
	validate(tb, &compiled.releasePkg, body, "release package")
}

// ValidateRecordPackage fails the test unless body is a valid record
// package (its releases and compiled release checked by the release
// schema) whose coded values are all in their codelists.
func ValidateRecordPackage(tb testing.TB, body []byte) {
	tb.Helper()
	validate(tb, &compiled.recordPkg, body, "record package")
}

// ValidateRelease fails the test unless body is a valid release.
func ValidateRelease(tb testing.TB, body []byte) {
	tb.Helper()
	validate(tb, &compiled.release, body, "release")
}

func validate(tb testing.TB, sch **jsonschema.Schema, body []byte, what string) {
	tb.Helper()
	load(tb)
	doc, err := check(*sch, body)
	if err != nil {
		tb.Fatalf("%s does not validate against the OCDS schema: %v\n%s", what, err, body)
	}
	for _, bad := range CheckCodelists(tb, doc) {
		tb.Errorf("%s: %s", what, bad)
	}
}

// CheckRelease returns why body is not a valid release by the schema, or
// nil; codelists are CheckCodelists's job.
func CheckRelease(tb testing.TB, body []byte) error {
	tb.Helper()
	load(tb)
	_, err := check(compiled.release, body)
	return err
}

func check(sch *jsonschema.Schema, body []byte) (any, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	return doc, sch.Validate(doc)
}

// CheckCodelists returns one line per coded value of doc (a decoded
// release, package or record) that is not in its codelist, sorted.
func CheckCodelists(tb testing.TB, doc any) []string {
	tb.Helper()
	load(tb)
	var out []string
	walk(doc, "", func(p string, v string) {
		list := codelistOf(p)
		if list == "" {
			return
		}
		if !compiled.codelists[list][v] {
			out = append(out, fmt.Sprintf("%s = %q is not in %s.csv", p, v, list))
		}
	})
	sort.Strings(out)
	return out
}

// Coded lists the codelist of every coded path Hutong's exports contain
// in doc, so that a test can check the codelist check was not vacuous.
func Coded(doc any) map[string]bool {
	seen := map[string]bool{}
	walk(doc, "", func(p string, _ string) {
		if l := codelistOf(p); l != "" {
			seen[l] = true
		}
	})
	return seen
}
