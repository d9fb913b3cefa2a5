package postgres

import (
	"context"
	"net/url"

	"hutong/domain"
	"hutong/ocds"
)

// OCDSService serves the stored OCDS releases: the public feed of release
// packages and one record per contracting process. Everything in the
// table is public by construction (publishRelease writes only public
// state), so no actor is needed.
type OCDSService struct {
	db  *DB
	pub ocds.Publisher
}

var _ ocds.Service = (*OCDSService)(nil)

// NewOCDSService returns the service naming pub as the publisher; pub.URI
// is the platform's base URL (HUTONG_BASE_URL).
func NewOCDSService(db *DB, pub ocds.Publisher) *OCDSService {
	return &OCDSService{db: db, pub: pub}
}

// Publisher names the publisher of every package.
func (s *OCDSService) Publisher() ocds.Publisher { return s.pub }

// ReleasePackage returns one page of the releases dated after q.Since,
// oldest first by (date, id), so that a consumer can follow the feed
// with the last page's cursor. Releases are appended in transactions
// that already queue on the audit log's head row, so they commit in the
// order of their dates.
func (s *OCDSService) ReleasePackage(ctx context.Context, q ocds.ReleaseQuery) (*ocds.ReleasePackage, string, error) {
	if err := q.Page.Normalize(); err != nil {
		return nil, "", err
	}
	db := s.db.conn(ctx).Table("ocds_releases").Select("id, release_id, ocid, date, release::text AS release").
		Where("date > ?", q.Since.UTC())
	if q.Page.Cursor != "" {
		c, err := domain.DecodeCursor(q.Page.Cursor)
		if err != nil {
			return nil, "", err
		}
		db = db.Where("(date, id) > (?, ?)", c.Time, c.ID)
	}
	var rows []releaseRow
	if err := db.Order("date, id").Limit(q.Page.Limit + 1).Scan(&rows).Error; err != nil {
		return nil, "", mapError(err)
	}
	next := ""
	if len(rows) > q.Page.Limit {
		rows = rows[:q.Page.Limit]
		last := rows[len(rows)-1]
		next = domain.Cursor{Time: last.Date, ID: last.ID}.Encode()
	}
	out := make([]ocds.StoredRelease, len(rows))
	for i := range rows {
		out[i] = rows[i].stored()
	}
	pkg := ocds.NewReleasePackage(s.pub, out, s.db.now())
	pkg.URI = s.pub.URI + "/api/v1/ocds/release-packages"
	return pkg, next, nil
}

// RecordPackage returns the record of one process: its releases, oldest
// first, and the compiled release; an unknown ocid is ENOTFOUND.
func (s *OCDSService) RecordPackage(ctx context.Context, ocid string) (*ocds.RecordPackage, error) {
	var rows []releaseRow
	err := s.db.conn(ctx).Table("ocds_releases").Select("id, release_id, ocid, date, release::text AS release").
		Where("ocid = ?", ocid).Order("date, id").Scan(&rows).Error
	if err != nil {
		return nil, mapError(err)
	}
	out := make([]ocds.StoredRelease, len(rows))
	for i := range rows {
		out[i] = rows[i].stored()
	}
	pkg, err := ocds.NewRecordPackage(s.pub, ocid, out)
	if err != nil {
		return nil, err
	}
	pkg.URI = s.pub.URI + "/api/v1/ocds/records/" + url.PathEscape(ocid)
	return pkg, nil
}
