package postgres

import (
	"context"

	"github.com/google/uuid"

	"hutong/domain"
)

// FindWishes lists wishes, newest first. The public sees published
// wishes (and those past publication); a station's staff listing their
// own station (StationID) see its drafts and wishes in review too.
func (s *WishService) FindWishes(ctx context.Context, actor *domain.Actor, f domain.WishFilter) ([]*domain.Wish, string, error) {
	if err := f.Page.Normalize(); err != nil {
		return nil, "", err
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return nil, "", domain.Invalid("kind", "must be goods, experience or cash")
	}
	q := s.db.conn(ctx)
	staff := f.StationID != nil && wishStaff(q, actor, *f.StationID)
	sql, args := wishSelect+` WHERE true`, []any{}
	if !staff {
		sql += ` AND w.status NOT IN ('draft', 'in_review')`
	}
	add := func(cond string, v any) { sql, args = sql+` AND `+cond, append(args, v) }
	if f.ProgrammeID != nil {
		add(`w.programme_id = ?`, *f.ProgrammeID)
	}
	if f.StationID != nil {
		add(`w.station_id = ?`, *f.StationID)
	}
	if f.Region != "" {
		add(`w.region_code LIKE ?`, regionPrefix(f.Region)+"%")
	}
	if f.Category != "" {
		add(`w.category = ?`, f.Category)
	}
	if f.Kind != "" {
		add(`w.kind = ?`, string(f.Kind))
	}
	if f.Status != "" {
		add(`w.status = ?`, string(f.Status))
	}
	if f.Page.Cursor != "" {
		c, err := domain.DecodeCursor(f.Page.Cursor)
		if err != nil {
			return nil, "", err
		}
		sql, args = sql+` AND (w.created_at, w.id) < (?, ?)`, append(args, c.Time, c.ID)
	}
	var rows []wishRow
	err := q.Raw(sql+` ORDER BY w.created_at DESC, w.id DESC LIMIT ?`, append(args, f.Page.Limit+1)...).Scan(&rows).Error
	if err != nil {
		return nil, "", mapError(err)
	}
	next := ""
	if len(rows) > f.Page.Limit {
		rows = rows[:f.Page.Limit]
		last := rows[len(rows)-1]
		next = domain.Cursor{Time: last.CreatedAt, ID: last.ID}.Encode()
	}
	out := make([]*domain.Wish, len(rows))
	for i := range rows {
		out[i] = rows[i].domain(staff)
	}
	return out, next, nil
}

// FindWishesByIDs loads the public wishes among ids in the order of ids,
// for search hits: a stale index never shows a wish no longer public.
func (s *WishService) FindWishesByIDs(ctx context.Context, ids []uuid.UUID) ([]*domain.Wish, error) {
	if len(ids) > domain.MaxPageLimit {
		return nil, domain.Invalid("ids", "must be at most 100 ids")
	}
	if len(ids) == 0 {
		return []*domain.Wish{}, nil
	}
	var rows []wishRow
	err := s.db.conn(ctx).Raw(wishSelect+` WHERE w.id IN ? AND w.status NOT IN ('draft', 'in_review')`, ids).Scan(&rows).Error
	if err != nil {
		return nil, mapError(err)
	}
	byID := make(map[uuid.UUID]*domain.Wish, len(rows))
	for i := range rows {
		byID[rows[i].ID] = rows[i].domain(false)
	}
	out := make([]*domain.Wish, 0, len(rows))
	for _, id := range ids {
		if w, ok := byID[id]; ok {
			out = append(out, w)
			delete(byID, id)
		}
	}
	return out, nil
}

// CountWishes counts the public wishes, for the search sync's progress.
func (s *WishService) CountWishes(ctx context.Context) (int, error) {
	var n int64
	err := s.db.conn(ctx).Raw(`SELECT count(*) FROM wishes WHERE status NOT IN ('draft', 'in_review')`).Scan(&n).Error
	return int(n), mapError(err)
}

// CountProgrammes counts the public programmes, for the search sync's
// progress.
func (s *ProgrammeService) CountProgrammes(ctx context.Context) (int, error) {
	var n int64
	err := s.db.conn(ctx).Raw(`SELECT count(*) FROM programmes WHERE status <> 'draft'`).Scan(&n).Error
	return int(n), mapError(err)
}
