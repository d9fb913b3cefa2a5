package postgres

import (
	"context"
	"strings"

	"hutong/domain"
)

// RegionService reads the administrative-division table.
type RegionService struct{ db *DB }

var _ domain.RegionService = (*RegionService)(nil)

// NewRegionService returns the region reader.
func NewRegionService(db *DB) *RegionService { return &RegionService{db: db} }

// FindRegion returns a region by its six-digit code.
func (s *RegionService) FindRegion(ctx context.Context, code string) (*domain.Region, error) {
	if !validRegionCode(code) {
		return nil, domain.Errorf(domain.ENOTFOUND, "region not found")
	}
	var row regionRow
	if err := s.db.conn(ctx).Where("code = ?", code).Take(&row).Error; err != nil {
		return nil, mapError(err)
	}
	return row.domain(), nil
}

// FindRegions lists the regions directly under parent, or the provinces
// when parent is empty, in code order.
func (s *RegionService) FindRegions(ctx context.Context, parent string) ([]*domain.Region, error) {
	q := s.db.conn(ctx)
	if parent == "" {
		q = q.Where("parent_code IS NULL")
	} else {
		q = q.Where("parent_code = ?", parent)
	}
	var rows []regionRow
	if err := q.Order("code").Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	out := make([]*domain.Region, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

func (r *regionRow) domain() *domain.Region {
	return &domain.Region{Code: r.Code, Name: r.Name, ParentCode: deref(r.ParentCode), Level: r.Level}
}

func validRegionCode(code string) bool {
	return len(code) == 6 && strings.Trim(code, "0123456789") == ""
}

// regionPrefix is the code prefix shared by a region and everything under
// it: "32" for the province 320000, "3202" for the city 320200, and the
// whole code for a district.
func regionPrefix(code string) string {
	switch {
	case strings.HasSuffix(code, "0000"):
		return code[:2]
	case strings.HasSuffix(code, "00"):
		return code[:4]
	}
	return code
}
