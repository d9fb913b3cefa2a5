package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/ocds"
)

// AwardService publishes awards, takes complaints during the complaint
// window (质疑期) and makes awards final, creating the contract. Every
// step locks the project row, so an answer, a complaint and the closing
// of the window are applied one at a time.
type AwardService struct {
	db    *DB
	rules domain.TenderRules
}

var _ domain.AwardService = (*AwardService)(nil)

// NewAwardService returns the award service with the statutory complaint
// window, or the rules given.
func NewAwardService(db *DB, rules ...domain.TenderRules) *AwardService {
	s := &AwardService{db: db, rules: domain.DefaultTenderRules()}
	if len(rules) > 0 {
		s.rules = rules[0]
	}
	return s
}

// lockProjectFor locks a project the actor may see and checks action on
// its bureau.
func lockProjectFor(tx *gorm.DB, actor *domain.Actor, projectID uuid.UUID, action domain.Action) (*domain.Project, *domain.Organization, error) {
	p, err := findProject(tx, projectID, true)
	if err != nil {
		return nil, nil, err
	}
	if !p.VisibleTo(actor) {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, "project not found")
	}
	bureau, err := findOrg(tx, p.BureauID)
	if err != nil {
		return nil, nil, err
	}
	return p, bureau, domain.Can(actor, action, bureau)
}

// PublishAward awards an evaluated project to the first-ranked bid and
// opens the complaint window, scheduling the job that closes it.
func (s *AwardService) PublishAward(ctx context.Context, actor *domain.Actor, projectID uuid.UUID, in domain.AwardInput) (*domain.Award, error) {
	var out *domain.Award
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		p, _, err := lockProjectFor(tx, actor, projectID, domain.ActionAwardManage)
		if err != nil {
			return err
		}
		if p.Status == domain.StatusAwarded || p.Status == domain.StatusContracted ||
			p.Status == domain.StatusInService || p.Status == domain.StatusCompleted {
			return domain.Errorf(domain.ECONFLICT, "the project is already awarded")
		}
		if err := domain.CheckTransition(p.Status, domain.StatusAwarded); err != nil {
			return err
		}
		var res resultRow
		if err := tx.Where("project_id = ?", p.ID).Take(&res).Error; err != nil {
			return mapError(err)
		}
		win := res.Outcome.V.Winner
		if win == nil {
			return domain.Errorf(domain.ECONFLICT, "the evaluation recommended no winner")
		}
		if in.BidID != nil && *in.BidID != win.BidID {
			return domain.Invalid("bid_id", "must be the first-ranked bid of the evaluation")
		}
		cal, err := loadCalendar(tx)
		if err != nil {
			return err
		}
		now := s.db.now()
		row := awardRow{ID: domain.NewID(), ProjectID: p.ID, BidID: win.BidID, OrganizationID: win.OrganizationID,
			PriceFen: win.PriceFen, TotalScore: int64(win.TotalScore), Outcome: res.Outcome, Status: string(domain.AwardPending),
			PublishedAt: now, ComplaintDeadline: s.rules.ComplaintWindowEnd(cal, now), PublishedBy: actorID(actor)}
		if err := tx.Omit("OrganizationName", "ContractID").Create(&row).Error; err != nil {
			return mapError(err)
		}
		if err := setProjectStatus(tx, p.ID, domain.StatusEvaluated, domain.StatusAwarded, now); err != nil {
			return err
		}
		if out, err = findAward(tx, row.ID); err != nil {
			return err
		}
		data := map[string]any{"award_id": row.ID, "bid_id": row.BidID, "organization_id": row.OrganizationID,
			"price_fen": row.PriceFen, "total_score": row.TotalScore, "complaint_deadline": row.ComplaintDeadline}
		if err := s.db.audit(tx, actor, ptr(p.BureauID), domain.AuditAwardPublished, "project", p.ID.String(), data); err != nil {
			return err
		}
		if err := s.notifyBidders(tx, p, domain.NotifyAwardPublished, map[string]string{"winner": out.OrganizationName}); err != nil {
			return err
		}
		if err := s.db.scheduleAwardFinal(tx, row); err != nil {
			return err
		}
		if err := s.db.publishRelease(tx, p.ID, ocds.TagAward); err != nil {
			return err
		}
		return s.db.reindex(tx, domain.SearchProjects, p.ID.String())
	})
	return out, err
}

// setProjectStatus moves a locked project from one status to another,
// ECONFLICT when it is no longer in from.
func setProjectStatus(tx *gorm.DB, id uuid.UUID, from, to domain.ProjectStatus, now time.Time) error {
	res := tx.Exec(`UPDATE projects SET status = ?, updated_at = ? WHERE id = ? AND status = ?`, to, now, id, from)
	if res.Error != nil {
		return mapError(res.Error)
	}
	if res.RowsAffected != 1 {
		return domain.Errorf(domain.ECONFLICT, "the project is no longer %s", from)
	}
	return nil
}

// notifyBidders notifies the staff of every organisation whose bid was
// opened on the project.
func (s *AwardService) notifyBidders(tx *gorm.DB, p *domain.Project, kind string, extra map[string]string) error {
	var orgs []uuid.UUID
	if err := tx.Model(&openingRow{}).Where("project_id = ?", p.ID).Order("submitted_at").
		Pluck("organization_id", &orgs).Error; err != nil {
		return err
	}
	params := map[string]string{"project": p.Title}
	for k, v := range extra {
		params[k] = v
	}
	for _, org := range orgs {
		if err := s.db.notifyMembers(tx, org, true, kind, params, projectLink(p.ID)); err != nil {
			return err
		}
	}
	return nil
}

// scheduleAwardFinal inserts the job that makes the award final when its
// complaint window closes.
func (db *DB) scheduleAwardFinal(tx *gorm.DB, a awardRow) error {
	stx, err := sqlTx(tx)
	if err != nil {
		return err
	}
	args := domain.AwardFinalizeArgs{ProjectID: a.ProjectID, AwardID: a.ID, Deadline: a.ComplaintDeadline}
	if _, err := db.river.InsertTx(tx.Statement.Context, stx, args, &river.InsertOpts{ScheduledAt: a.ComplaintDeadline}); err != nil {
		return fmt.Errorf("insert award_finalize job: %w", err)
	}
	return nil
}

// findAward reads one award with its winner's name and contract.
func findAward(q *gorm.DB, id uuid.UUID) (*domain.Award, error) {
	var rows []awardRow
	if err := q.Raw(awardSelect+` WHERE a.id = ?`, id).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "award not found")
	}
	return rows[0].domain(), nil
}

// latestAward reads a project's live award, or else its latest cancelled one.
func latestAward(q *gorm.DB, projectID uuid.UUID) (*awardRow, error) {
	var rows []awardRow
	if err := q.Raw(awardSelect+` WHERE a.project_id = ? ORDER BY a.status = 'cancelled', a.published_at DESC, a.id LIMIT 1`, projectID).
		Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "the project has no award")
	}
	return &rows[0], nil
}

// FindAward returns the project's latest award to anyone who may see the
// project.
func (s *AwardService) FindAward(ctx context.Context, actor *domain.Actor, projectID uuid.UUID) (*domain.Award, error) {
	q := s.db.conn(ctx)
	p, err := findProject(q, projectID, false)
	if err != nil {
		return nil, err
	}
	if !p.VisibleTo(actor) {
		return nil, domain.Errorf(domain.ENOTFOUND, "project not found")
	}
	row, err := latestAward(q, projectID)
	if err != nil {
		return nil, err
	}
	return row.domain(), nil
}
