package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// publicProjects is the condition for a project everyone may see; it
// matches domain.Project.Public.
const publicProjects = "projects.published_at IS NOT NULL AND projects.status <> 'draft'"

// FindProjectByID returns a project the actor may see; a draft is
// ENOTFOUND to anyone outside its bureau.
func (s *ProjectService) FindProjectByID(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Project, error) {
	p, err := findProject(s.db.conn(ctx), id, false)
	if err != nil {
		return nil, err
	}
	if !p.VisibleTo(actor) {
		return nil, domain.Errorf(domain.ENOTFOUND, "project not found")
	}
	return p, nil
}

// FindProjects lists projects newest first, by publication (drafts by
// creation), one page at a time on the (listed_at, id) keyset.
func (s *ProjectService) FindProjects(ctx context.Context, actor *domain.Actor, f domain.ProjectFilter) ([]*domain.Project, string, error) {
	if err := f.Normalize(); err != nil {
		return nil, "", err
	}
	q := filterProjects(projectSelect(s.db.conn(ctx)), actor, f)
	if f.Page.Cursor != "" {
		c, err := domain.DecodeCursor(f.Page.Cursor)
		if err != nil {
			return nil, "", err
		}
		q = q.Where("(projects.listed_at, projects.id) < (?, ?)", c.Time, c.ID)
	}
	var rows []projectRow
	err := q.Order("projects.listed_at DESC, projects.id DESC").Limit(f.Page.Limit + 1).Find(&rows).Error
	if err != nil {
		return nil, "", mapError(err)
	}
	next := ""
	if len(rows) > f.Page.Limit {
		rows = rows[:f.Page.Limit]
		last := rows[len(rows)-1]
		next = domain.Cursor{Time: last.ListedAt.UTC(), ID: last.ID}.Encode()
	}
	out := make([]*domain.Project, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, next, nil
}

// CountProjects counts what FindProjects would list, ignoring the page.
func (s *ProjectService) CountProjects(ctx context.Context, actor *domain.Actor, f domain.ProjectFilter) (int, error) {
	f.Page = domain.Page{}
	if err := f.Normalize(); err != nil {
		return 0, err
	}
	var n int64
	if err := filterProjects(s.db.conn(ctx).Table("projects"), actor, f).Count(&n).Error; err != nil {
		return 0, mapError(err)
	}
	return int(n), nil
}

// filterProjects applies visibility and a filter's conditions (not its
// page). Only with BureauID set do the bureau's members (and platform
// admins) see its drafts; every other list is public projects only.
func filterProjects(q *gorm.DB, actor *domain.Actor, f domain.ProjectFilter) *gorm.DB {
	if f.BureauID != uuid.Nil {
		q = q.Where("projects.bureau_id = ?", f.BureauID)
	}
	if f.BureauID == uuid.Nil || (actor.Membership(f.BureauID) == nil && !actor.PlatformAdmin()) {
		q = q.Where(publicProjects)
	}
	if f.Status != "" {
		q = q.Where("projects.status = ?", f.Status)
	}
	if f.RegionCode != "" {
		q = q.Where("projects.region_code LIKE ?", regionPrefix(f.RegionCode)+"%")
	}
	if f.Category != "" {
		q = q.Where("projects.category = ?", f.Category)
	}
	if f.Method != "" {
		q = q.Where("projects.method = ?", f.Method)
	}
	if f.BudgetMinFen > 0 {
		q = q.Where("projects.budget_fen >= ?", f.BudgetMinFen)
	}
	if f.BudgetMaxFen > 0 {
		q = q.Where("projects.budget_fen <= ?", f.BudgetMaxFen)
	}
	return q
}

// FindProjectsByIDs loads the public projects among ids in one query, in
// the order of ids, without repeats; search hits are hydrated here, so a
// stale index never shows a project that is not public.
func (s *ProjectService) FindProjectsByIDs(ctx context.Context, ids []uuid.UUID) ([]*domain.Project, error) {
	if len(ids) > domain.MaxPageLimit {
		return nil, domain.Invalid("ids", "must be at most 100 ids")
	}
	out := []*domain.Project{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []projectRow
	if err := projectSelect(s.db.conn(ctx)).Where("projects.id IN ?", ids).Where(publicProjects).Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	byID := make(map[uuid.UUID]*projectRow, len(rows))
	for i := range rows {
		byID[rows[i].ID] = &rows[i]
	}
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r.domain())
			delete(byID, id)
		}
	}
	return out, nil
}
