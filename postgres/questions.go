package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// QuestionService keeps the questions bidders ask about published
// projects and the bureau's public answers and clarifications. The asker
// is stored for the asker's own view and notification only; the domain
// Question it returns has no field that could carry it.
type QuestionService struct{ db *DB }

var _ domain.QuestionService = (*QuestionService)(nil)

// NewQuestionService returns the question service.
func NewQuestionService(db *DB) *QuestionService { return &QuestionService{db: db} }

// questionRow mirrors project_questions of migrations/00007_questions.sql.
type questionRow struct {
	ID             uuid.UUID `gorm:"primaryKey"`
	ProjectID      uuid.UUID
	OrganizationID *uuid.UUID
	AskedBy        *uuid.UUID
	Text           string
	Answer         string
	AnsweredBy     *uuid.UUID
	AskedAt        time.Time
	AnsweredAt     *time.Time
}

// TableName names the table for GORM.
func (questionRow) TableName() string { return "project_questions" }

// domain converts a row for actor: Mine says whether one of actor's
// organisations asked it, and nothing else about the asker leaves.
func (r *questionRow) domain(actor *domain.Actor) *domain.Question {
	q := &domain.Question{ID: r.ID, ProjectID: r.ProjectID, Text: r.Text, Answer: r.Answer,
		Status: domain.QuestionPending, Clarification: r.OrganizationID == nil,
		AskedAt: r.AskedAt, AnsweredAt: r.AnsweredAt}
	if r.AnsweredAt != nil {
		q.Status = domain.QuestionAnswered
	}
	q.Mine = r.OrganizationID != nil && actor.Membership(*r.OrganizationID) != nil
	return q
}

// projectLink is the public page of a project, where questions show.
func projectLink(id uuid.UUID) string { return "/projects/" + id.String() }

// visibleProject loads a project the actor may see, locked so that a
// question and the close of bidding are serialised; anything else is
// ENOTFOUND.
func visibleProject(tx *gorm.DB, actor *domain.Actor, id uuid.UUID) (*domain.Project, error) {
	p, err := findProject(tx, id, true)
	if err != nil {
		return nil, err
	}
	if !p.VisibleTo(actor) {
		return nil, domain.Errorf(domain.ENOTFOUND, "project not found")
	}
	return p, nil
}

// AskQuestion records a question of orgID about a published project
// before its bid deadline, audits it by ids only and tells the bureau's
// staff, in one transaction.
func (s *QuestionService) AskQuestion(ctx context.Context, actor *domain.Actor, projectID, orgID uuid.UUID, text string) (*domain.Question, error) {
	var q *domain.Question
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		org, err := findOrg(tx, orgID)
		if err != nil {
			return err
		}
		if err := domain.Can(actor, domain.ActionQuestionAsk, org); err != nil {
			return err
		}
		p, err := visibleProject(tx, actor, projectID)
		if err != nil {
			return err
		}
		now := s.db.now()
		if err := domain.CanAsk(p, now); err != nil {
			return err
		}
		if text, err = domain.NormalizeQuestionText("text", text); err != nil {
			return err
		}
		row := questionRow{ID: domain.NewID(), ProjectID: p.ID, OrganizationID: &orgID,
			AskedBy: actorID(actor), Text: text, AskedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		data := map[string]any{"project_id": p.ID, "question_id": row.ID}
		if err := s.db.audit(tx, actor, &orgID, domain.AuditQuestionAsked, "question", row.ID.String(), data); err != nil {
			return err
		}
		params := map[string]string{"project": p.Title}
		if err := s.db.notifyMembers(tx, p.BureauID, true, domain.NotifyQuestionAsked, params, projectLink(p.ID)+"#questions"); err != nil {
			return err
		}
		q = row.domain(actor)
		return nil
	})
	return q, err
}

// lockBureauProject loads a visible project and checks that actor may
// answer for its bureau.
func lockBureauProject(tx *gorm.DB, actor *domain.Actor, id uuid.UUID) (*domain.Project, error) {
	p, err := visibleProject(tx, actor, id)
	if err != nil {
		return nil, err
	}
	bureau, err := findOrg(tx, p.BureauID)
	if err != nil {
		return nil, err
	}
	return p, domain.Can(actor, domain.ActionQuestionAnswer, bureau)
}

// AnswerQuestion answers a pending question publicly, audits it and tells
// the asking organisation's members, in one transaction.
func (s *QuestionService) AnswerQuestion(ctx context.Context, actor *domain.Actor, projectID, questionID uuid.UUID, answer string) (*domain.Question, error) {
	var q *domain.Question
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		p, err := lockBureauProject(tx, actor, projectID)
		if err != nil {
			return err
		}
		var row questionRow
		err = tx.Clauses(lockingOf("project_questions")).
			Where("id = ? AND project_id = ?", questionID, projectID).Take(&row).Error
		if err != nil {
			if domain.ErrorCode(mapError(err)) == domain.ENOTFOUND {
				return domain.Errorf(domain.ENOTFOUND, "question not found")
			}
			return err
		}
		if row.AnsweredAt != nil {
			return domain.Errorf(domain.ECONFLICT, "the question is already answered")
		}
		if answer, err = domain.NormalizeQuestionText("answer", answer); err != nil {
			return err
		}
		now := s.db.now()
		row.Answer, row.AnsweredAt, row.AnsweredBy = answer, &now, actorID(actor)
		changes := map[string]any{"answer": answer, "answered_at": now, "answered_by": row.AnsweredBy}
		if err := tx.Model(&questionRow{ID: row.ID}).Updates(changes).Error; err != nil {
			return err
		}
		data := map[string]any{"project_id": p.ID, "question_id": row.ID}
		if err := s.db.audit(tx, actor, ptr(p.BureauID), domain.AuditQuestionAnswered, "question", row.ID.String(), data); err != nil {
			return err
		}
		params := map[string]string{"project": p.Title}
		if err := s.db.notifyMembers(tx, *row.OrganizationID, false, domain.NotifyQuestionAnswered, params, projectLink(p.ID)); err != nil {
			return err
		}
		q = row.domain(actor)
		return nil
	})
	return q, err
}

// PublishClarification publishes a clarification without a question
// while bidding is open, audited in the same transaction.
func (s *QuestionService) PublishClarification(ctx context.Context, actor *domain.Actor, projectID uuid.UUID, text string) (*domain.Question, error) {
	var q *domain.Question
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		p, err := lockBureauProject(tx, actor, projectID)
		if err != nil {
			return err
		}
		now := s.db.now()
		if err := domain.CanAsk(p, now); err != nil {
			return err
		}
		if text, err = domain.NormalizeQuestionText("text", text); err != nil {
			return err
		}
		row := questionRow{ID: domain.NewID(), ProjectID: p.ID, Text: text, Answer: text,
			AnsweredBy: actorID(actor), AskedAt: now, AnsweredAt: &now}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		data := map[string]any{"project_id": p.ID, "question_id": row.ID}
		if err := s.db.audit(tx, actor, ptr(p.BureauID), domain.AuditClarificationMade, "question", row.ID.String(), data); err != nil {
			return err
		}
		q = row.domain(actor)
		return nil
	})
	return q, err
}

// FindQuestions lists what actor may read of a visible project's
// questions, oldest first: answered ones for everyone, pending ones for
// the bureau's members and for the organisations that asked them.
func (s *QuestionService) FindQuestions(ctx context.Context, actor *domain.Actor, projectID uuid.UUID) ([]*domain.Question, error) {
	conn := s.db.conn(ctx)
	p, err := findProject(conn, projectID, false)
	if err != nil {
		return nil, err
	}
	if !p.VisibleTo(actor) {
		return nil, domain.Errorf(domain.ENOTFOUND, "project not found")
	}
	q := conn.Where("project_id = ?", projectID).Order("asked_at, id")
	if actor.Membership(p.BureauID) == nil {
		q = q.Where("answered_at IS NOT NULL OR organization_id IN ?", memberOrgs(actor))
	}
	var rows []questionRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]*domain.Question, len(rows))
	for i := range rows {
		out[i] = rows[i].domain(actor)
	}
	return out, nil
}

// memberOrgs lists the actor's organisations, with the nil id for an
// anonymous actor so that an IN list is never empty.
func memberOrgs(actor *domain.Actor) []uuid.UUID {
	ids := []uuid.UUID{uuid.Nil}
	if actor.Anonymous() {
		return ids
	}
	for _, m := range actor.Memberships {
		ids = append(ids, m.OrganizationID)
	}
	return ids
}

// notifyMembers notifies the members of an organisation: with staffOnly,
// those who act for it (owners, admins and staff), not its evaluators or
// finance officers alone.
func (db *DB) notifyMembers(tx *gorm.DB, orgID uuid.UUID, staffOnly bool, kind string, params map[string]string, link string) error {
	q := tx.Model(&membershipRow{}).Where("organization_id = ?", orgID)
	if staffOnly {
		q = q.Where("roles && ARRAY['owner', 'admin', 'staff']::text[]")
	}
	var users []uuid.UUID
	if err := q.Order("created_at").Pluck("user_id", &users).Error; err != nil {
		return err
	}
	for _, id := range users {
		if err := db.notify(tx, id, kind, params, link); err != nil {
			return err
		}
	}
	return nil
}
