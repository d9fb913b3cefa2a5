package postgres

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"hutong/domain"
)

// DashboardService sums a bureau's tendering by month and district for
// the bureau dashboard (数据看板), in a few GROUP BY statements read from
// one snapshot.
type DashboardService struct {
	db *DB
}

var _ domain.DashboardService = (*DashboardService)(nil)

// NewDashboardService returns the dashboard service.
func NewDashboardService(db *DB) *DashboardService { return &DashboardService{db: db} }

// dashboardScope is what every statement filters on: the bureau, the
// projects' region prefix ("" for all) and the year's bounds.
type dashboardScope struct {
	bureau   string
	prefix   string
	from, to time.Time // the year in Asia/Shanghai, [from, to)
}

// BureauDashboard checks the reader and the filter, then reads the
// figures by month and district, and the outcomes by district.
func (s *DashboardService) BureauDashboard(ctx context.Context, actor *domain.Actor, q domain.DashboardQuery) (*domain.Dashboard, error) {
	bureau, err := findOrg(s.db.gorm.WithContext(ctx), q.BureauID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, domain.Errorf(domain.ENOTFOUND, "dashboard not found")
	} else if err != nil {
		return nil, err
	}
	if err := domain.CanViewDashboard(actor, bureau); err != nil {
		return nil, err
	}
	if err := domain.CheckDashboardYear(q.Year, s.db.now()); err != nil {
		return nil, err
	}
	if err := domain.CheckDashboardRegion(q.RegionCode); err != nil {
		return nil, err
	}
	d := domain.NewDashboard(bureau, q.Year)
	sc := dashboardScope{bureau: bureau.ID.String(),
		from: time.Date(q.Year, 1, 1, 0, 0, 0, 0, domain.Shanghai), to: time.Date(q.Year+1, 1, 1, 0, 0, 0, 0, domain.Shanghai)}
	tx, err := s.db.sql.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, mapError(err)
	}
	defer func() { _ = tx.Rollback() }()
	if q.RegionCode != "" {
		if d.RegionName, err = dashboardRegion(ctx, tx, q.RegionCode, bureau.RegionCode); err != nil {
			return nil, err
		}
		d.RegionCode, sc.prefix = q.RegionCode, regionPrefix(q.RegionCode)
	}
	districts := map[string]*domain.DashboardDistrict{}
	if err := readFigures(ctx, tx, sc, d, districts); err != nil {
		return nil, mapError(err)
	}
	if err := readOutcomes(ctx, tx, sc, districts); err != nil {
		return nil, mapError(err)
	}
	d.Districts = sortedDistricts(districts)
	for _, x := range d.Districts {
		d.Total.DashboardFigures.Add(x.DashboardFigures)
		d.Total.DashboardOutcomes.Add(x.DashboardOutcomes)
	}
	return d, nil
}

// dashboardRegion returns the name of the filter's region, which must
// exist and lie under the bureau's region.
func dashboardRegion(ctx context.Context, tx *sql.Tx, code, bureauRegion string) (string, error) {
	var name string
	err := tx.QueryRowContext(ctx, `SELECT name FROM regions WHERE code = $1`, code).Scan(&name)
	if err == sql.ErrNoRows || err == nil && !domain.RegionUnder(code, bureauRegion) {
		return "", domain.DashboardRegionOutside()
	}
	return name, mapError(err)
}

// district returns the row of region code, creating it.
func district(m map[string]*domain.DashboardDistrict, code, name string) *domain.DashboardDistrict {
	x, ok := m[code]
	if !ok {
		x = &domain.DashboardDistrict{RegionCode: code, RegionName: name}
		m[code] = x
	}
	return x
}

// sortedDistricts lists the districts by region code.
func sortedDistricts(m map[string]*domain.DashboardDistrict) []domain.DashboardDistrict {
	out := make([]domain.DashboardDistrict, 0, len(m))
	for _, x := range m {
		out = append(out, *x)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].RegionCode < out[j].RegionCode })
	return out
}
