package postgres

import (
	"context"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// EvaluationService runs the evaluation of opened projects: declarations,
// score sheets and the final ranking, each step under the project's row
// lock so that no sheet slips in after the result is computed.
type EvaluationService struct{ db *DB }

var _ domain.EvaluationService = (*EvaluationService)(nil)

// NewEvaluationService returns the evaluation service.
func NewEvaluationService(db *DB) *EvaluationService { return &EvaluationService{db: db} }

type declarationRow struct {
	ProjectID  uuid.UUID `gorm:"primaryKey"`
	UserID     uuid.UUID `gorm:"primaryKey"`
	Conflict   bool
	Note       string
	DeclaredAt time.Time
}

func (declarationRow) TableName() string { return "evaluation_declarations" }

func (r *declarationRow) domain() *domain.ConflictDeclaration {
	return &domain.ConflictDeclaration{ProjectID: r.ProjectID, UserID: r.UserID, Conflict: r.Conflict,
		Note: r.Note, DeclaredAt: r.DeclaredAt.UTC()}
}

type scoreRow struct {
	BidID       uuid.UUID `gorm:"primaryKey"`
	EvaluatorID uuid.UUID `gorm:"primaryKey"`
	ProjectID   uuid.UUID
	Scores      jsonb[domain.TechnicalScores]
	SubmittedAt time.Time
}

func (scoreRow) TableName() string { return "evaluation_scores" }

type resultRow struct {
	ProjectID   uuid.UUID `gorm:"primaryKey"`
	Status      string
	Outcome     jsonb[domain.EvaluationOutcome]
	FinalizedAt time.Time
}

func (resultRow) TableName() string { return "evaluation_results" }

// lockOpened locks a project the actor may see, checks action on its
// bureau, and requires it to be opened and not yet evaluated.
func (s *EvaluationService) lockOpened(tx *gorm.DB, actor *domain.Actor, projectID uuid.UUID, action domain.Action) (*domain.Project, error) {
	p, err := findProject(tx, projectID, true)
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
	if err := domain.Can(actor, action, bureau); err != nil {
		return nil, err
	}
	if p.Status != domain.StatusOpened {
		return nil, domain.Errorf(domain.ECONFLICT, "the project is %s: only an opened project is evaluated", p.Status)
	}
	return p, nil
}

// DeclareConflicts records the evaluator's declaration, once.
func (s *EvaluationService) DeclareConflicts(ctx context.Context, actor *domain.Actor, projectID uuid.UUID, in domain.DeclarationInput) (*domain.ConflictDeclaration, error) {
	if utf8.RuneCountInString(in.Note) > domain.MaxDeclarationNote {
		return nil, domain.Invalid("note", "is too long")
	}
	var out *domain.ConflictDeclaration
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		p, err := s.lockOpened(tx, actor, projectID, domain.ActionEvaluationScore)
		if err != nil {
			return err
		}
		row := declarationRow{ProjectID: p.ID, UserID: actor.User.ID, Conflict: in.Conflict, Note: in.Note, DeclaredAt: s.db.now()}
		res := tx.Exec(`INSERT INTO evaluation_declarations (project_id, user_id, conflict, note, declared_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, row.ProjectID, row.UserID, row.Conflict, row.Note, row.DeclaredAt)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return domain.Errorf(domain.ECONFLICT, "you have already declared on this project")
		}
		out = row.domain()
		data := map[string]any{"conflict": in.Conflict, "note": in.Note}
		return s.db.audit(tx, actor, ptr(p.BureauID), domain.AuditEvaluationDeclared, "project", p.ID.String(), data)
	})
	return out, err
}

// FindMyDeclaration returns the actor's own declaration on a project.
func (s *EvaluationService) FindMyDeclaration(ctx context.Context, actor *domain.Actor, projectID uuid.UUID) (*domain.ConflictDeclaration, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.ENOTFOUND, "no declaration")
	}
	var rows []declarationRow
	if err := s.db.conn(ctx).Where("project_id = ? AND user_id = ?", projectID, actor.User.ID).Limit(1).Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "no declaration")
	}
	return rows[0].domain(), nil
}

// validOpenings returns the opening record's bids still valid: opened and
// not since marked invalid.
func validOpenings(tx *gorm.DB, projectID uuid.UUID) ([]openingRow, error) {
	var rows []openingRow
	err := tx.Table("bid_openings o").Select("o.*").Joins("JOIN bids b ON b.id = o.bid_id").
		Where("o.project_id = ? AND b.status <> ?", projectID, domain.BidInvalid).
		Order("o.submitted_at, o.bid_id").Find(&rows).Error
	return rows, err
}

func openedBids(rows []openingRow) []*domain.OpenedBid {
	out := make([]*domain.OpenedBid, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out
}

// SubmitScores stores the evaluator's sheet for one valid bid.
func (s *EvaluationService) SubmitScores(ctx context.Context, actor *domain.Actor, projectID, bidID uuid.UUID, scores domain.TechnicalScores) (*domain.ScoreSheet, error) {
	var out *domain.ScoreSheet
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		p, err := s.lockOpened(tx, actor, projectID, domain.ActionEvaluationScore)
		if err != nil {
			return err
		}
		valid, err := validOpenings(tx, p.ID)
		if err != nil {
			return err
		}
		if err := s.checkEvaluator(tx, actor, p.ID, valid); err != nil {
			return err
		}
		if !slices.ContainsFunc(valid, func(r openingRow) bool { return r.BidID == bidID }) {
			return domain.Invalid("bid_id", "is not a valid opened bid of this project")
		}
		if err := domain.CheckTechnicalScores(p.Criteria.Technical, scores); err != nil {
			return err
		}
		now := s.db.now()
		row := scoreRow{BidID: bidID, EvaluatorID: actor.User.ID, ProjectID: p.ID, Scores: jsonb[domain.TechnicalScores]{scores}, SubmittedAt: now}
		if err := tx.Exec(`INSERT INTO evaluation_scores (bid_id, evaluator_id, project_id, scores, submitted_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (bid_id, evaluator_id) DO UPDATE SET scores = EXCLUDED.scores,
			submitted_at = EXCLUDED.submitted_at`, row.BidID, row.EvaluatorID, row.ProjectID, row.Scores, row.SubmittedAt).Error; err != nil {
			return err
		}
		out = &domain.ScoreSheet{ProjectID: p.ID, BidID: bidID, EvaluatorID: actor.User.ID, Scores: scores, SubmittedAt: now.UTC()}
		data := map[string]any{"bid_id": bidID, "scores": scores}
		return s.db.audit(tx, actor, ptr(p.BureauID), domain.AuditEvaluationScored, "bid", bidID.String(), data)
	})
	return out, err
}

// checkEvaluator applies CheckEvaluatorConflict with the actor's
// memberships and declaration.
func (s *EvaluationService) checkEvaluator(tx *gorm.DB, actor *domain.Actor, projectID uuid.UUID, valid []openingRow) error {
	var rows []declarationRow
	if err := tx.Where("project_id = ? AND user_id = ?", projectID, actor.User.ID).Limit(1).Find(&rows).Error; err != nil {
		return err
	}
	var decl *domain.ConflictDeclaration
	if len(rows) == 1 {
		decl = rows[0].domain()
	}
	return domain.CheckEvaluatorConflict(actor.Memberships, domain.BidderOrganizationIDs(openedBids(valid)), decl)
}
