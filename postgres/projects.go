package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/ocds"
)

// ProjectService manages a bureau's projects: drafts, publication with
// its deadline job, cancellation and the public list.
type ProjectService struct {
	db    *DB
	rules domain.TenderRules
}

var _ domain.ProjectService = (*ProjectService)(nil)

// ProjectOption configures a ProjectService.
type ProjectOption func(*ProjectService)

// WithTenderRules replaces the statutory minimum periods, e.g. for a
// deployment whose procurement office sets longer ones.
func WithTenderRules(r domain.TenderRules) ProjectOption {
	return func(s *ProjectService) { s.rules = r }
}

// NewProjectService returns the project service with the statutory rules
// unless an option says otherwise.
func NewProjectService(db *DB, opts ...ProjectOption) *ProjectService {
	s := &ProjectService{db: db, rules: domain.DefaultTenderRules()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// projectSelect reads projects with their bureau's and region's names.
func projectSelect(q *gorm.DB) *gorm.DB {
	return q.Table("projects").
		Select("projects.*, organizations.name AS bureau_name, regions.name AS region_name").
		Joins("JOIN organizations ON organizations.id = projects.bureau_id").
		Joins("JOIN regions ON regions.code = projects.region_code")
}

// findProject loads one project; an unknown id is ENOTFOUND. With lock, the
// project's row stays locked until the transaction ends, which serialises
// every change of status.
func findProject(q *gorm.DB, id uuid.UUID, lock bool) (*domain.Project, error) {
	var row projectRow
	q = projectSelect(q).Where("projects.id = ?", id)
	if lock {
		q = q.Clauses(lockingOf("projects"))
	}
	if err := q.Take(&row).Error; err != nil {
		return nil, projectError(err)
	}
	return row.domain(), nil
}

func projectError(err error) error {
	err = mapError(err)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.Errorf(domain.ENOTFOUND, "project not found")
	}
	return err
}

// CreateProject creates a draft for a verified bureau whose owner, admin
// or staff the actor is, audited and queued for the index in one
// transaction.
func (s *ProjectService) CreateProject(ctx context.Context, actor *domain.Actor, bureauID uuid.UUID, in domain.ProjectInput) (*domain.Project, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var p *domain.Project
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		bureau, err := findOrg(tx, bureauID)
		if err != nil {
			return err
		}
		if err := domain.Can(actor, domain.ActionProjectCreate, bureau); err != nil {
			return err
		}
		if err := checkRegion(tx, in.RegionCode); err != nil {
			return err
		}
		row := newProjectRow(bureauID, in)
		if err := tx.Omit("bureau_name", "region_name", "listed_at").Create(&row).Error; err != nil {
			return err
		}
		if p, err = findProject(tx, row.ID, false); err != nil {
			return err
		}
		data := map[string]any{"title": p.Title, "method": p.Method, "budget_fen": p.BudgetFen}
		return s.record(tx, actor, p, domain.AuditProjectCreated, data)
	})
	return p, err
}

// record audits a change of p and queues its search document, the two
// things every change of a project does in its transaction.
func (s *ProjectService) record(tx *gorm.DB, actor *domain.Actor, p *domain.Project, action string, data map[string]any) error {
	if err := s.db.audit(tx, actor, ptr(p.BureauID), action, "project", p.ID.String(), data); err != nil {
		return err
	}
	return s.db.reindex(tx, domain.SearchProjects, p.ID.String())
}

// lockForAction locks a project and checks that actor may do action on
// it. A project the actor cannot even see is ENOTFOUND, so that a draft's
// existence does not leak.
func (s *ProjectService) lockForAction(tx *gorm.DB, actor *domain.Actor, id uuid.UUID, action domain.Action) (*domain.Project, error) {
	p, err := findProject(tx, id, true)
	if err != nil {
		return nil, err
	}
	if !p.VisibleTo(actor) {
		return nil, domain.Errorf(domain.ENOTFOUND, "project not found")
	}
	bureau, err := findOrg(tx, p.BureauID)
	if err != nil {
		return nil, err
	}
	return p, domain.Can(actor, action, bureau)
}

// UpdateProject replaces the content of a draft. A published project is
// ECONFLICT here: it changes through AmendProject instead.
func (s *ProjectService) UpdateProject(ctx context.Context, actor *domain.Actor, id uuid.UUID, in domain.ProjectInput) (*domain.Project, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var p *domain.Project
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		old, err := s.lockForAction(tx, actor, id, domain.ActionProjectEdit)
		if err != nil {
			return err
		}
		if old.Status != domain.StatusDraft {
			return domain.Errorf(domain.ECONFLICT, "only a draft can be edited")
		}
		if err := checkRegion(tx, in.RegionCode); err != nil {
			return err
		}
		var row projectRow
		row.setInput(in)
		changes := row.inputChanges()
		changes["updated_at"] = s.db.now()
		if err := tx.Model(&projectRow{ID: id}).Updates(changes).Error; err != nil {
			return err
		}
		if p, err = findProject(tx, id, false); err != nil {
			return err
		}
		return s.record(tx, actor, p, domain.AuditProjectUpdated, map[string]any{"changed": projectChanges(old, p)})
	})
	return p, err
}

// PublishProject publishes a draft: the timeline is checked against the
// minimum periods on the calendar in the database, and the job that
// closes bidding is scheduled at the deadline in the same transaction.
func (s *ProjectService) PublishProject(ctx context.Context, actor *domain.Actor, id uuid.UUID, bidDeadline, openingAt time.Time) (*domain.Project, error) {
	bidDeadline, openingAt = bidDeadline.UTC().Truncate(time.Microsecond), openingAt.UTC().Truncate(time.Microsecond)
	var p *domain.Project
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		old, err := s.lockForAction(tx, actor, id, domain.ActionProjectPublish)
		if err != nil {
			return err
		}
		if err := domain.CheckTransition(old.Status, domain.StatusPublished); err != nil {
			return err
		}
		cal, err := loadCalendar(tx)
		if err != nil {
			return err
		}
		now := s.db.now()
		if err := s.rules.CheckPublish(cal, old, now, bidDeadline, openingAt); err != nil {
			return err
		}
		changes := map[string]any{"status": domain.StatusPublished, "published_at": now,
			"bid_deadline": bidDeadline, "opening_at": openingAt, "updated_at": now}
		if err := tx.Model(&projectRow{ID: id}).Updates(changes).Error; err != nil {
			return err
		}
		if p, err = findProject(tx, id, false); err != nil {
			return err
		}
		data := map[string]any{"bid_deadline": bidDeadline, "opening_at": openingAt}
		if err := s.record(tx, actor, p, domain.AuditProjectPublished, data); err != nil {
			return err
		}
		if err := s.db.publishRelease(tx, id, ocds.TagTender); err != nil {
			return err
		}
		return s.db.scheduleDeadline(tx, id, bidDeadline)
	})
	return p, err
}

// CancelProject cancels a project with a public reason. Its pending
// deadline job, if any, then finds it no longer published and does
// nothing.
func (s *ProjectService) CancelProject(ctx context.Context, actor *domain.Actor, id uuid.UUID, reason string) (*domain.Project, error) {
	reason, err := domain.NormalizeCancelReason(reason)
	if err != nil {
		return nil, err
	}
	var p *domain.Project
	err = s.db.tx(ctx, func(tx *gorm.DB) error {
		old, err := s.lockForAction(tx, actor, id, domain.ActionProjectCancel)
		if err != nil {
			return err
		}
		if err := domain.CheckTransition(old.Status, domain.StatusCancelled); err != nil {
			return err
		}
		changes := map[string]any{"status": domain.StatusCancelled, "cancel_reason": reason, "updated_at": s.db.now()}
		if err := tx.Model(&projectRow{ID: id}).Updates(changes).Error; err != nil {
			return err
		}
		if p, err = findProject(tx, id, false); err != nil {
			return err
		}
		data := map[string]any{"reason": reason, "previous_status": old.Status}
		if err := s.record(tx, actor, p, domain.AuditProjectCancelled, data); err != nil {
			return err
		}
		return s.db.publishRelease(tx, id, ocds.TagTenderCancellation)
	})
	return p, err
}
