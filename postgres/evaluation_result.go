package postgres

import (
	"context"
	"slices"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/ocds"
)

// FinalizeEvaluation combines every valid bid's sheets, prices the valid
// bids against the lowest valid price, ranks them and stores the outcome,
// moving the project to evaluated or failed, in one transaction.
func (s *EvaluationService) FinalizeEvaluation(ctx context.Context, actor *domain.Actor, projectID uuid.UUID) (*domain.Evaluation, error) {
	var out *domain.Evaluation
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		p, err := s.lockOpened(tx, actor, projectID, domain.ActionEvaluationManage)
		if err != nil {
			return err
		}
		valid, err := validOpenings(tx, p.ID)
		if err != nil {
			return err
		}
		bids, err := scoreBids(tx, p, valid)
		if err != nil {
			return err
		}
		o := domain.Outcome(p.Method, domain.WithPriceScores(bids, p.Criteria.PriceWeight))
		now := s.db.now()
		row := resultRow{ProjectID: p.ID, Status: string(o.Status), Outcome: jsonb[domain.EvaluationOutcome]{o}, FinalizedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return mapError(err)
		}
		if err := tx.Exec(`UPDATE projects SET status = ?, updated_at = ? WHERE id = ? AND status = ?`,
			o.Status, now, p.ID, domain.StatusOpened).Error; err != nil {
			return err
		}
		out = row.evaluation()
		data := map[string]any{"status": o.Status, "valid_bids": o.ValidBids, "ranking": o.Ranking}
		if err := s.db.audit(tx, actor, ptr(p.BureauID), domain.AuditEvaluationFinalized, "project", p.ID.String(), data); err != nil {
			return err
		}
		if err := s.db.publishRelease(tx, p.ID, ocds.TagTenderUpdate); err != nil {
			return err
		}
		return s.db.reindex(tx, domain.SearchProjects, p.ID.String())
	})
	return out, err
}

// scoreBids combines each valid bid's sheets into its technical score; a
// valid bid nobody scored is EINVALID on "scores".
func scoreBids(tx *gorm.DB, p *domain.Project, valid []openingRow) ([]domain.ScoredBid, error) {
	var sheets []scoreRow
	if err := tx.Where("project_id = ?", p.ID).Order("bid_id, evaluator_id").Find(&sheets).Error; err != nil {
		return nil, err
	}
	byBid := map[uuid.UUID][]domain.TechnicalScores{}
	for _, sh := range sheets {
		byBid[sh.BidID] = append(byBid[sh.BidID], sh.Scores.V)
	}
	out := make([]domain.ScoredBid, 0, len(valid))
	for _, v := range valid {
		if len(byBid[v.BidID]) == 0 {
			return nil, domain.Invalid("scores", "every valid bid must be scored by at least one evaluator; bid "+v.BidID.String()+" is not")
		}
		tech, err := domain.CombineTechnicalScores(p.Criteria.Technical, byBid[v.BidID])
		if err != nil {
			return nil, err
		}
		out = append(out, domain.ScoredBid{BidID: v.BidID, OrganizationID: v.OrganizationID, PriceFen: v.PriceFen,
			SubmittedAt: v.SubmittedAt.UTC(), TechnicalScore: tech})
	}
	return out, nil
}

func (r *resultRow) evaluation() *domain.Evaluation {
	at := r.FinalizedAt.UTC()
	o := r.Outcome.V
	return &domain.Evaluation{ProjectID: r.ProjectID, Finalized: true, FinalizedAt: &at, Outcome: &o}
}

// FindEvaluation returns the finalised outcome to anyone who may see the
// project, or the progress before then to the bureau's staff.
func (s *EvaluationService) FindEvaluation(ctx context.Context, actor *domain.Actor, projectID uuid.UUID) (*domain.Evaluation, error) {
	q := s.db.conn(ctx)
	p, err := findProject(q, projectID, false)
	if err != nil {
		return nil, err
	}
	if !p.VisibleTo(actor) {
		return nil, domain.Errorf(domain.ENOTFOUND, "project not found")
	}
	var rows []resultRow
	if err := q.Where("project_id = ?", projectID).Limit(1).Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 1 {
		return rows[0].evaluation(), nil
	}
	bureau, err := findOrg(q, p.BureauID)
	if err != nil {
		return nil, err
	}
	if p.Status != domain.StatusOpened || domain.Can(actor, domain.ActionEvaluationManage, bureau) != nil &&
		domain.Can(actor, domain.ActionEvaluationScore, bureau) != nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "no evaluation")
	}
	return s.progress(q, p.ID)
}

// progress counts the sheets of each valid bid.
func (s *EvaluationService) progress(q *gorm.DB, projectID uuid.UUID) (*domain.Evaluation, error) {
	valid, err := validOpenings(q, projectID)
	if err != nil {
		return nil, mapError(err)
	}
	var counts []struct {
		BidID uuid.UUID
		N     int
	}
	if err := q.Table("evaluation_scores").Select("bid_id, count(*) AS n").Where("project_id = ?", projectID).
		Group("bid_id").Scan(&counts).Error; err != nil {
		return nil, mapError(err)
	}
	out := &domain.Evaluation{ProjectID: projectID, Progress: make([]domain.BidProgress, 0, len(valid))}
	for _, v := range valid {
		i := slices.IndexFunc(counts, func(c struct {
			BidID uuid.UUID
			N     int
		}) bool {
			return c.BidID == v.BidID
		})
		n := 0
		if i >= 0 {
			n = counts[i].N
		}
		out.Progress = append(out.Progress, domain.BidProgress{BidID: v.BidID, Sheets: n})
	}
	return out, nil
}
