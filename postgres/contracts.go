package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// ContractService keeps the contracts final awards create: their outcome
// reports, the milestones accepted reports release, and their grades.
// Each write locks the contract row, so two reviews or two reports of one
// contract are applied one at a time.
type ContractService struct{ db *DB }

var _ domain.ContractService = (*ContractService)(nil)

// NewContractService returns the contract service.
func NewContractService(db *DB) *ContractService { return &ContractService{db: db} }

// findContract reads a contract with its milestones and grades; lock
// takes the contract's row lock first.
func findContract(q *gorm.DB, id uuid.UUID, lock bool) (*domain.Contract, error) {
	if lock {
		var ids []uuid.UUID
		if err := q.Raw(`SELECT id FROM contracts WHERE id = ? FOR UPDATE`, id).Scan(&ids).Error; err != nil {
			return nil, mapError(err)
		}
	}
	var rows []contractRow
	if err := q.Raw(contractSelect+` WHERE c.id = ?`, id).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "contract not found")
	}
	out, err := withParts(q, rows)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// withParts loads the milestones and grades of contracts in two queries.
func withParts(q *gorm.DB, rows []contractRow) ([]*domain.Contract, error) {
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var ms []milestoneRow
	if err := q.Where("contract_id IN ?", ids).Order("contract_id, idx").Find(&ms).Error; err != nil {
		return nil, mapError(err)
	}
	var gs []gradeRow
	if err := q.Where("contract_id IN ?", ids).Order("contract_id, graded_at").Find(&gs).Error; err != nil {
		return nil, mapError(err)
	}
	out := make([]*domain.Contract, len(rows))
	for i := range rows {
		var mine []milestoneRow
		for _, m := range ms {
			if m.ContractID == rows[i].ID {
				mine = append(mine, m)
			}
		}
		var grades []gradeRow
		for _, g := range gs {
			if g.ContractID == rows[i].ID {
				grades = append(grades, g)
			}
		}
		out[i] = rows[i].domain(mine, grades)
	}
	return out, nil
}

// FindContractByID returns a contract; its terms are public.
func (s *ContractService) FindContractByID(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Contract, error) {
	return findContract(s.db.conn(ctx), id, false)
}

// FindContracts lists one organisation's or one bureau's contracts,
// newest first, at most MaxPageLimit.
func (s *ContractService) FindContracts(ctx context.Context, actor *domain.Actor, f domain.ContractFilter) ([]*domain.Contract, error) {
	q := s.db.conn(ctx)
	sql, args := contractSelect+` WHERE true`, []any{}
	if f.OrganizationID == nil && f.BureauID == nil {
		return nil, domain.Invalid("organization_id", "name an organization or a bureau")
	}
	if f.OrganizationID != nil {
		sql, args = sql+` AND c.organization_id = ?`, append(args, *f.OrganizationID)
	}
	if f.BureauID != nil {
		sql, args = sql+` AND c.bureau_id = ?`, append(args, *f.BureauID)
	}
	var rows []contractRow
	if err := q.Raw(sql+` ORDER BY c.signed_at DESC, c.id LIMIT ?`, append(args, domain.MaxPageLimit)...).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return []*domain.Contract{}, nil
	}
	return withParts(q, rows)
}

// lockContractFor locks a contract and checks action on the party it
// names: the organisation reports, the bureau reviews.
func lockContractFor(tx *gorm.DB, actor *domain.Actor, id uuid.UUID, action domain.Action) (*domain.Contract, error) {
	c, err := findContract(tx, id, true)
	if err != nil {
		return nil, err
	}
	party := c.OrganizationID
	if action == domain.ActionContractReview {
		party = c.BureauID
	}
	org, err := findOrg(tx, party)
	if err != nil {
		return nil, err
	}
	return c, domain.Can(actor, action, org)
}

// GradeContract records a grade for a stage once.
func (s *ContractService) GradeContract(ctx context.Context, actor *domain.Actor, id uuid.UUID, in domain.GradeInput) (*domain.Grade, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out domain.Grade
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		c, err := lockContractFor(tx, actor, id, domain.ActionContractReview)
		if err != nil {
			return err
		}
		row := gradeRow{ContractID: c.ID, Stage: string(in.Stage), Grade: string(in.Grade), Comment: in.Comment,
			GradedAt: s.db.now(), GradedBy: actorID(actor)}
		if err := tx.Create(&row).Error; err != nil {
			return mapError(err)
		}
		out = row.domain()
		data := map[string]any{"stage": in.Stage, "grade": in.Grade, "organization_id": c.OrganizationID}
		return s.db.audit(tx, actor, ptr(c.BureauID), domain.AuditContractGraded, "contract", c.ID.String(), data)
	})
	return &out, err
}

// failedGradeNames returns the names of the organisations among ids graded
// 不合格 (at any stage) since since.
func failedGradeNames(q *gorm.DB, ids []uuid.UUID, since time.Time) ([]string, error) {
	var names []string
	err := q.Raw(`SELECT DISTINCT o.name FROM contract_grades g JOIN contracts c ON c.id = g.contract_id
		JOIN organizations o ON o.id = c.organization_id
		WHERE g.grade = 'fail' AND g.graded_at >= ? AND c.organization_id IN ? ORDER BY o.name`, since, ids).Scan(&names).Error
	return names, mapError(err)
}

// checkFailedGrades applies the project's ExcludeFailedGrade rule to the
// bidder and its consortium members.
func checkFailedGrades(tx *gorm.DB, p *domain.Project, org *domain.Organization, members []*domain.Organization, now time.Time) error {
	if !p.Eligibility.ExcludeFailedGrade {
		return nil
	}
	ids := []uuid.UUID{org.ID}
	for _, m := range members {
		ids = append(ids, m.ID)
	}
	failed, err := failedGradeNames(tx, ids, now.Add(-domain.FailedGradeLookback))
	if err != nil {
		return err
	}
	return domain.CheckFailedGrades(p, failed)
}
