package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/ocds"
)

// FinalizeAward makes a project's pending award final once its window
// has closed with nothing pending, under the project's row lock. The job
// scheduled at the deadline calls it; so does a late rejection. Only the
// first call acts.
func (s *AwardService) FinalizeAward(ctx context.Context, projectID uuid.UUID) (bool, error) {
	acted := false
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		p, err := findProject(tx, projectID, true)
		if err != nil {
			return err
		}
		acted, err = s.finalizeLocked(tx, p, s.db.now())
		return err
	})
	return acted, err
}

// finalizeLocked makes the award final and creates the contract when the
// project is awarded, the window has closed and no complaint is pending;
// otherwise it does nothing and answers false.
func (s *AwardService) finalizeLocked(tx *gorm.DB, p *domain.Project, now time.Time) (bool, error) {
	if p.Status != domain.StatusAwarded {
		return false, nil
	}
	a, err := latestAward(tx, p.ID)
	if err != nil || a.Status != string(domain.AwardPending) || now.Before(a.ComplaintDeadline) {
		return false, ignoreNotFound(err)
	}
	var pending int64
	if err := tx.Model(&complaintRow{}).Where("award_id = ? AND status = ?", a.ID, domain.ComplaintPending).
		Count(&pending).Error; err != nil {
		return false, err
	}
	if pending > 0 {
		return false, nil
	}
	if err := tx.Model(&awardRow{}).Where("id = ?", a.ID).
		Updates(map[string]any{"status": domain.AwardFinal, "finalized_at": now}).Error; err != nil {
		return false, mapError(err)
	}
	c, err := createContract(tx, p, a, now)
	if err != nil {
		return false, err
	}
	if err := setProjectStatus(tx, p.ID, domain.StatusAwarded, domain.StatusContracted, now); err != nil {
		return false, err
	}
	if err := s.db.audit(tx, nil, ptr(p.BureauID), domain.AuditAwardFinalized, "project", p.ID.String(),
		map[string]any{"award_id": a.ID}); err != nil {
		return false, err
	}
	data := map[string]any{"project_id": p.ID, "organization_id": c.OrganizationID, "price_fen": c.PriceFen}
	if err := s.db.audit(tx, nil, ptr(p.BureauID), domain.AuditContractCreated, "contract", c.ID.String(), data); err != nil {
		return false, err
	}
	if err := s.notifyBidders(tx, p, domain.NotifyAwardFinal, map[string]string{"winner": a.OrganizationName}); err != nil {
		return false, err
	}
	if err := s.db.publishRelease(tx, p.ID, ocds.TagAwardUpdate, ocds.TagContract); err != nil {
		return false, err
	}
	return true, s.db.reindex(tx, domain.SearchProjects, p.ID.String())
}

// ignoreNotFound turns ENOTFOUND into nil.
func ignoreNotFound(err error) error {
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil
	}
	return err
}

// createContract writes the contract of a final award and its milestones,
// splitting the awarded price by the project's percents.
func createContract(tx *gorm.DB, p *domain.Project, a *awardRow, now time.Time) (*contractRow, error) {
	c := contractRow{ID: domain.NewID(), ProjectID: p.ID, AwardID: a.ID, BureauID: p.BureauID, OrganizationID: a.OrganizationID,
		PriceFen: a.PriceFen, Currency: domain.CurrencyCNY, ServiceStart: datePtr(p.ServiceStart), ServiceEnd: datePtr(p.ServiceEnd),
		Targets: jsonb[[]domain.Target]{p.Targets}, Status: string(domain.ContractActive), SignedAt: now}
	if err := tx.Omit(contractReadOnly...).Create(&c).Error; err != nil {
		return nil, mapError(err)
	}
	for _, m := range domain.NewContractMilestones(p.Milestones, a.PriceFen) {
		row := milestoneRow{ContractID: c.ID, Idx: m.Index, Name: m.Name, Percent: m.Percent, AmountFen: m.AmountFen,
			Due: datePtr(m.Due), Status: string(m.Status)}
		if err := tx.Create(&row).Error; err != nil {
			return nil, mapError(err)
		}
	}
	return &c, nil
}

// datePtr is nil for the zero date, for optional date columns.
func datePtr(d domain.Date) *domain.Date {
	if d.IsZero() {
		return nil
	}
	return &d
}
