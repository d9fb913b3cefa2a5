package postgres

import (
	"context"

	"github.com/google/uuid"

	"hutong/domain"
)

// maxProjectTitle is the longest title ProjectInput.Normalize accepts.
const maxProjectTitle = 200

// CopyProject creates a draft re-tendering a failed project with the same
// content; the draft is created, validated and audited exactly as any
// other draft, through the project service.
func (s *EvaluationService) CopyProject(ctx context.Context, actor *domain.Actor, projectID uuid.UUID) (*domain.Project, error) {
	p, err := findProject(s.db.conn(ctx), projectID, false)
	if err != nil {
		return nil, err
	}
	if !p.VisibleTo(actor) {
		return nil, domain.Errorf(domain.ENOTFOUND, "project not found")
	}
	if p.Status != domain.StatusFailed {
		return nil, domain.Errorf(domain.ECONFLICT, "the project is %s: only a failed project is re-tendered", p.Status)
	}
	in := domain.ProjectInput{
		Title: domain.RetenderTitle(p.Title, maxProjectTitle), Description: p.Description, Category: p.Category,
		RegionCode: p.RegionCode, BudgetFen: p.BudgetFen, Method: p.Method, Eligibility: p.Eligibility,
		Criteria: p.Criteria, Targets: p.Targets, Milestones: p.Milestones,
		ServiceStart: p.ServiceStart, ServiceEnd: p.ServiceEnd,
	}
	return NewProjectService(s.db).CreateProject(ctx, actor, p.BureauID, in)
}
