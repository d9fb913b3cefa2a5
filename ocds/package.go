package ocds

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

// DefaultPrefix is the ocid prefix used when HUTONG_OCDS_PREFIX is not
// set. A real publisher registers its own prefix (ocds-xxxxxx) with the
// Open Contracting Partnership and configures it, so that its ocids are
// unique in the world; the default keeps Hutong's apart from registered
// ones by not having the registered six-character form.
const DefaultPrefix = "ocds-hutong"

// NewOCID returns the ocid of a project: the prefix, a hyphen, the
// project's id.
func NewOCID(prefix string, projectID uuid.UUID) string {
	return strings.TrimRight(prefix, "-") + "-" + projectID.String()
}

// Publisher names who publishes the data.
type Publisher struct {
	Name string `json:"name"`
	URI  string `json:"uri,omitempty"`
}

// StoredRelease is a release as stored when it was published.
type StoredRelease struct {
	ID   string
	OCID string
	Date time.Time
	JSON json.RawMessage
}

// ReleasePackage wraps releases for publication (release-package-schema).
type ReleasePackage struct {
	URI           string            `json:"uri"`
	Version       string            `json:"version"`
	Extensions    []string          `json:"extensions"`
	PublishedDate Time              `json:"publishedDate"`
	Publisher     Publisher         `json:"publisher"`
	Releases      []json.RawMessage `json:"releases"`
	// Links.Next is the next page, as the OCDS pagination extension has
	// it; absent on the last page.
	Links *Links `json:"links,omitempty"`
}

// Links points at the next page of a paged package.
type Links struct {
	Next string `json:"next"`
}

// Record is a process's releases and the compiled release merged from
// them.
type Record struct {
	OCID            string            `json:"ocid"`
	Releases        []json.RawMessage `json:"releases"`
	CompiledRelease json.RawMessage   `json:"compiledRelease"`
}

// RecordPackage wraps records for publication (record-package-schema).
type RecordPackage struct {
	URI           string    `json:"uri"`
	Version       string    `json:"version"`
	Extensions    []string  `json:"extensions"`
	PublishedDate Time      `json:"publishedDate"`
	Publisher     Publisher `json:"publisher"`
	Records       []Record  `json:"records"`
}

// NewReleasePackage wraps releases, oldest first. Its publishedDate is
// the latest release's date (the package is generated on demand, and the
// schema asks for the last change to its contents), or now for an empty
// page.
func NewReleasePackage(pub Publisher, releases []StoredRelease, now time.Time) *ReleasePackage {
	p := &ReleasePackage{Version: Version, Extensions: []string{BidExtension},
		PublishedDate: Time{latest(releases, now)}, Publisher: pub, Releases: make([]json.RawMessage, 0, len(releases))}
	for _, r := range releases {
		p.Releases = append(p.Releases, r.JSON)
	}
	return p
}

// NewRecordPackage builds the record of one process from its releases,
// oldest first; none is ENOTFOUND.
func NewRecordPackage(pub Publisher, ocid string, releases []StoredRelease) (*RecordPackage, error) {
	if len(releases) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "no OCDS record for this ocid")
	}
	rec := Record{OCID: ocid, Releases: make([]json.RawMessage, 0, len(releases))}
	for _, r := range releases {
		rec.Releases = append(rec.Releases, r.JSON)
	}
	compiled, err := Compile(rec.Releases)
	if err != nil {
		return nil, err
	}
	rec.CompiledRelease = compiled
	return &RecordPackage{Version: Version, Extensions: []string{BidExtension},
		PublishedDate: Time{latest(releases, time.Time{})}, Publisher: pub, Records: []Record{rec}}, nil
}

func latest(releases []StoredRelease, def time.Time) time.Time {
	for _, r := range releases {
		if r.Date.After(def) {
			def = r.Date
		}
	}
	return def
}

// ReleaseQuery asks for one page of the releases published after Since.
type ReleaseQuery struct {
	Since time.Time
	Page  domain.Page
}

// Service serves the published OCDS data: the feed of release packages
// and one record per process. The postgres package implements it over
// the append-only table of releases. Packages come back without uri and
// links, which depend on the request; Publisher().URI is the base they
// hang from.
type Service interface {
	// Publisher is who the packages name as publisher; its URI is the
	// platform's base URL.
	Publisher() Publisher
	// ReleasePackage returns the releases published after q.Since, oldest
	// first, one page at a time, with the next page's cursor ("" on the
	// last). A bad cursor or limit is EINVALID.
	ReleasePackage(ctx context.Context, q ReleaseQuery) (*ReleasePackage, string, error)
	// RecordPackage returns the record of the process ocid; an unknown
	// ocid is ENOTFOUND.
	RecordPackage(ctx context.Context, ocid string) (*RecordPackage, error)
}
