package postgres

import (
	"context"
	"database/sql"

	"hutong/domain"
)

// dashboardProjects is the bureau's projects in scope, with their
// region's name: $1 the bureau, $2 the region prefix ("" for all).
const dashboardProjects = `
dp AS (
    SELECT p.id, p.budget_fen, p.published_at, p.region_code::text AS region_code, g.name AS region_name
    FROM projects p JOIN regions g ON g.code = p.region_code
    WHERE p.bureau_id = $1 AND p.region_code::text LIKE $2::text || '%'
)`

// dashboardFiguresSQL dates every event of the year ($3 <= at < $4) —
// publication, award, signature, release, the end of an accepted report's
// period — and sums them by Shanghai month and by region in one pass
// (GROUPING SETS). n is the event's amount: a budget, a price, a released
// sum or person-times; extra is an award's saving or 1 for a completed
// contract.
const dashboardFiguresSQL = `WITH` + dashboardProjects + `,
ev AS (
    SELECT 'project' AS kind, dp.published_at AS at, dp.region_code, dp.region_name, dp.budget_fen AS n, 0::bigint AS extra
    FROM dp WHERE dp.published_at >= $3 AND dp.published_at < $4
    UNION ALL
    SELECT 'award', a.published_at, dp.region_code, dp.region_name, a.price_fen, dp.budget_fen - a.price_fen
    FROM awards a JOIN dp ON dp.id = a.project_id
    WHERE a.status <> 'cancelled' AND a.published_at >= $3 AND a.published_at < $4
    UNION ALL
    SELECT 'contract', c.signed_at, dp.region_code, dp.region_name, c.price_fen, (c.status = 'completed')::int
    FROM contracts c JOIN dp ON dp.id = c.project_id
    WHERE c.signed_at >= $3 AND c.signed_at < $4
    UNION ALL
    SELECT 'release', m.released_at, dp.region_code, dp.region_name, m.amount_fen, 0
    FROM contract_milestones m JOIN contracts c ON c.id = m.contract_id JOIN dp ON dp.id = c.project_id
    WHERE m.status = 'released' AND m.released_at >= $3 AND m.released_at < $4
    UNION ALL
    SELECT 'report', r.period_end::timestamp AT TIME ZONE 'Asia/Shanghai', dp.region_code, dp.region_name, r.person_times, 0
    FROM contract_reports r JOIN contracts c ON c.id = r.contract_id JOIN dp ON dp.id = c.project_id
    WHERE r.status = 'accepted' AND r.period_end >= ($3::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
      AND r.period_end < ($4::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
),
m AS (SELECT ev.*, extract(month FROM ev.at AT TIME ZONE 'Asia/Shanghai')::int AS month FROM ev)
SELECT GROUPING(month) = 0 AS by_month, COALESCE(month, 0), COALESCE(region_code, ''), COALESCE(region_name, ''),
    count(*) FILTER (WHERE kind = 'project'), COALESCE(sum(n) FILTER (WHERE kind = 'project'), 0),
    count(*) FILTER (WHERE kind = 'award'), COALESCE(sum(n) FILTER (WHERE kind = 'award'), 0),
    COALESCE(sum(extra) FILTER (WHERE kind = 'award'), 0),
    count(*) FILTER (WHERE kind = 'contract'), COALESCE(sum(extra) FILTER (WHERE kind = 'contract'), 0),
    COALESCE(sum(n) FILTER (WHERE kind = 'contract'), 0),
    count(*) FILTER (WHERE kind = 'release'), COALESCE(sum(n) FILTER (WHERE kind = 'release'), 0),
    count(*) FILTER (WHERE kind = 'report'), COALESCE(sum(n) FILTER (WHERE kind = 'report'), 0)
FROM m
GROUP BY GROUPING SETS ((month), (region_code, region_name))`

// readFigures fills the months and the districts' additive figures.
func readFigures(ctx context.Context, tx *sql.Tx, sc dashboardScope, d *domain.Dashboard, districts map[string]*domain.DashboardDistrict) error {
	rows, err := tx.QueryContext(ctx, dashboardFiguresSQL, sc.bureau, sc.prefix, sc.from, sc.to)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var byMonth bool
		var month int
		var code, name string
		var f domain.DashboardFigures
		var completed int64
		if err := rows.Scan(&byMonth, &month, &code, &name,
			&f.ProjectsPublished, &f.BudgetFen, &f.Awards, &f.AwardedFen, &f.SavingsFen,
			&f.ContractsSigned, &completed, &f.ContractFen,
			&f.MilestonesReleased, &f.ReleasedFen, &f.ReportsAccepted, &f.PersonTimes); err != nil {
			return err
		}
		f.ContractsCompleted, f.ContractsActive = completed, f.ContractsSigned-completed
		switch {
		case byMonth && month >= 1 && month <= 12:
			d.Months[month-1].DashboardFigures = f
		case !byMonth:
			district(districts, code, name).DashboardFigures = f
		}
	}
	return rows.Err()
}

// dashboardTargetsSQL reads, for each contract in scope whose latest
// accepted report up to the year's end falls in the year, its unique
// persons and, per target, the sum of the reported actuals over all its
// accepted reports to then and the latest one: one row per (contract,
// target), which domain.TargetMet judges. A contract with no targets
// still gives one row, for its persons.
const dashboardTargetsSQL = `WITH` + dashboardProjects + `,
r AS (
    SELECT r.contract_id, r.persons, r.actuals, r.period_end, dp.region_code, dp.region_name,
        row_number() OVER (PARTITION BY r.contract_id ORDER BY r.period_end DESC, r.milestone_index DESC) AS rn
    FROM contract_reports r JOIN contracts c ON c.id = r.contract_id JOIN dp ON dp.id = c.project_id
    WHERE r.status = 'accepted' AND r.period_end < ($4::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
),
cur AS (SELECT * FROM r WHERE rn = 1 AND period_end >= ($3::timestamptz AT TIME ZONE 'Asia/Shanghai')::date),
t AS (
    SELECT cur.contract_id, cur.region_code, cur.region_name, cur.persons, tg.i, tg.el ->> 'indicator' AS indicator,
        COALESCE(tg.el ->> 'kind', '') AS kind, COALESCE((tg.el ->> 'target')::float8, 0) AS target
    FROM cur JOIN contracts c ON c.id = cur.contract_id
    LEFT JOIN LATERAL jsonb_array_elements(c.targets) WITH ORDINALITY AS tg(el, i) ON true
)
SELECT t.contract_id, t.region_code, t.region_name, t.persons, t.indicator IS NOT NULL, t.kind, t.target,
    COALESCE(sum((a.el ->> 'actual')::float8), 0), COALESCE(max((a.el ->> 'actual')::float8) FILTER (WHERE r.rn = 1), 0)
FROM t
LEFT JOIN r ON r.contract_id = t.contract_id AND t.indicator IS NOT NULL
LEFT JOIN LATERAL jsonb_array_elements(r.actuals) AS a(el) ON a.el ->> 'indicator' = t.indicator
GROUP BY t.contract_id, t.region_code, t.region_name, t.persons, t.i, t.indicator, t.kind, t.target
ORDER BY t.contract_id, t.i`

// readOutcomes adds each district's unique persons (once per contract)
// and its targets met and not met.
func readOutcomes(ctx context.Context, tx *sql.Tx, sc dashboardScope, districts map[string]*domain.DashboardDistrict) error {
	rows, err := tx.QueryContext(ctx, dashboardTargetsSQL, sc.bureau, sc.prefix, sc.from, sc.to)
	if err != nil {
		return err
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var contract, code, name, kind string
		var persons int64
		var hasTarget bool
		var target, sum, latest float64
		if err := rows.Scan(&contract, &code, &name, &persons, &hasTarget, &kind, &target, &sum, &latest); err != nil {
			return err
		}
		x := district(districts, code, name)
		if !seen[contract] {
			seen[contract] = true
			x.Persons += persons
		}
		if !hasTarget {
			continue
		}
		if domain.TargetMet(domain.TargetKind(kind), target, sum, latest) {
			x.TargetsMet++
		} else {
			x.TargetsNotMet++
		}
	}
	return rows.Err()
}
