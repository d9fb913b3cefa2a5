package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/ocds"
)

// SubmitReport stores an outcome report for the contract's next milestone.
// The first report puts the project in service.
func (s *ContractService) SubmitReport(ctx context.Context, actor *domain.Actor, id uuid.UUID, in domain.ReportInput) (*domain.Report, error) {
	var out *domain.Report
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		c, err := lockContractFor(tx, actor, id, domain.ActionContractReport)
		if err != nil {
			return err
		}
		if c.Status != domain.ContractActive {
			return domain.Errorf(domain.ECONFLICT, "the contract is %s", c.Status)
		}
		m := c.NextMilestone()
		if m == nil {
			return domain.Errorf(domain.ECONFLICT, "every milestone of the contract is released")
		}
		if err := in.Normalize(c); err != nil {
			return err
		}
		var pending int64
		if err := tx.Model(&reportRow{}).Where("contract_id = ? AND status = ?", c.ID, domain.ReportSubmitted).Count(&pending).Error; err != nil {
			return err
		}
		if pending > 0 {
			return domain.Errorf(domain.ECONFLICT, "one report already awaits review: wait for the bureau to review it first")
		}
		var version int64
		if err := tx.Model(&reportRow{}).Where("contract_id = ? AND milestone_index = ?", c.ID, m.Index).Count(&version).Error; err != nil {
			return err
		}
		now := s.db.now()
		row := reportRow{ID: domain.NewID(), ContractID: c.ID, MilestoneIndex: m.Index, Version: int(version) + 1,
			PeriodStart: in.PeriodStart, PeriodEnd: in.PeriodEnd, Actuals: jsonb[[]domain.Actual]{in.Actuals},
			Persons: in.Beneficiaries.Persons, PersonTimes: in.Beneficiaries.PersonTimes, Narrative: in.Narrative,
			Evidence: jsonb[[]domain.Evidence]{in.Evidence}, Status: string(domain.ReportSubmitted), SubmittedAt: now,
			SubmittedBy: actorID(actor)}
		if err := tx.Create(&row).Error; err != nil {
			return mapError(err)
		}
		out = row.domain()
		data := map[string]any{"report_id": row.ID, "milestone": m.Index, "version": row.Version,
			"actuals": in.Actuals, "beneficiaries": in.Beneficiaries}
		if err := s.db.audit(tx, actor, ptr(c.OrganizationID), domain.AuditReportSubmitted, "contract", c.ID.String(), data); err != nil {
			return err
		}
		if err := s.startService(tx, c); err != nil {
			return err
		}
		return s.db.notifyMembers(tx, c.BureauID, true, domain.NotifyReportSubmitted,
			map[string]string{"project": c.ProjectTitle, "org": c.OrganizationName}, contractLink(c.ID))
	})
	return out, err
}

// startService moves a contracted project into service at its first
// report; later reports find it there already.
func (s *ContractService) startService(tx *gorm.DB, c *domain.Contract) error {
	res := tx.Exec(`UPDATE projects SET status = ?, updated_at = ? WHERE id = ? AND status = ?`,
		domain.StatusInService, s.db.now(), c.ProjectID, domain.StatusContracted)
	if res.Error != nil || res.RowsAffected == 0 {
		return mapError(res.Error)
	}
	if err := s.db.audit(tx, nil, ptr(c.BureauID), domain.AuditProjectInService, "project", c.ProjectID.String(), nil); err != nil {
		return err
	}
	if err := s.db.publishRelease(tx, c.ProjectID, ocds.TagContractUpdate); err != nil {
		return err
	}
	return s.db.reindex(tx, domain.SearchProjects, c.ProjectID.String())
}

// contractLink is the page of a contract, for notifications.
func contractLink(id uuid.UUID) string { return "/contracts/" + id.String() }

// ReviewReport accepts a report, releasing its milestone (and completing
// the contract and project with the last one), or returns it.
func (s *ContractService) ReviewReport(ctx context.Context, actor *domain.Actor, reportID uuid.UUID, in domain.ReportReview) (*domain.Report, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *domain.Report
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		var r reportRow
		if err := tx.Take(&r, "id = ?", reportID).Error; err != nil {
			return mapError(err)
		}
		c, err := lockContractFor(tx, actor, r.ContractID, domain.ActionContractReview)
		if domain.ErrorCode(err) == domain.EFORBIDDEN && !isContractParty(actor, c) {
			return domain.Errorf(domain.ENOTFOUND, "report not found")
		} else if err != nil {
			return err
		}
		if err := tx.Take(&r, "id = ?", reportID).Error; err != nil {
			return mapError(err)
		}
		if r.Status != string(domain.ReportSubmitted) {
			return domain.Errorf(domain.ECONFLICT, "the report is already %s", r.Status)
		}
		now := s.db.now()
		r.Status, r.Comment, r.ReviewedAt, r.ReviewedBy = string(domain.ReportReturned), in.Comment, &now, actorID(actor)
		if in.Accept {
			r.Status = string(domain.ReportAccepted)
		}
		if err := tx.Model(&reportRow{ID: r.ID}).Updates(map[string]any{"status": r.Status, "comment": r.Comment,
			"reviewed_at": now, "reviewed_by": r.ReviewedBy}).Error; err != nil {
			return mapError(err)
		}
		out = r.domain()
		if !in.Accept {
			if err := s.db.audit(tx, actor, ptr(c.BureauID), domain.AuditReportReturned, "contract", c.ID.String(),
				map[string]any{"report_id": r.ID, "comment": r.Comment}); err != nil {
				return err
			}
			return s.db.notifyMembers(tx, c.OrganizationID, true, domain.NotifyReportReturned,
				map[string]string{"project": c.ProjectTitle}, contractLink(c.ID))
		}
		return s.release(tx, actor, c, &r)
	})
	return out, err
}

// release releases the accepted report's milestone, completing the
// contract and the project when it was the last.
func (s *ContractService) release(tx *gorm.DB, actor *domain.Actor, c *domain.Contract, r *reportRow) error {
	now := *r.ReviewedAt
	if err := tx.Model(&milestoneRow{}).Where("contract_id = ? AND idx = ? AND status = ?", c.ID, r.MilestoneIndex, domain.MilestonePending).
		Updates(map[string]any{"status": domain.MilestoneReleased, "released_at": now, "report_id": r.ID}).Error; err != nil {
		return mapError(err)
	}
	m := c.Milestones[r.MilestoneIndex]
	data := map[string]any{"report_id": r.ID, "milestone": m.Index, "amount_fen": m.AmountFen}
	if err := s.db.audit(tx, actor, ptr(c.BureauID), domain.AuditReportAccepted, "contract", c.ID.String(), data); err != nil {
		return err
	}
	if err := s.db.audit(tx, actor, ptr(c.BureauID), domain.AuditMilestoneReleased, "contract", c.ID.String(), data); err != nil {
		return err
	}
	if err := s.db.notifyMembers(tx, c.OrganizationID, true, domain.NotifyReportAccepted,
		map[string]string{"project": c.ProjectTitle, "milestone": m.Name}, contractLink(c.ID)); err != nil {
		return err
	}
	if r.MilestoneIndex < len(c.Milestones)-1 {
		if err := s.db.publishRelease(tx, c.ProjectID, ocds.TagImplementation); err != nil {
			return err
		}
		return s.db.reindex(tx, domain.SearchProjects, c.ProjectID.String())
	}
	if err := tx.Model(&contractRow{}).Where("id = ?", c.ID).
		Updates(map[string]any{"status": domain.ContractCompleted, "completed_at": now}).Error; err != nil {
		return mapError(err)
	}
	if err := setProjectStatus(tx, c.ProjectID, domain.StatusInService, domain.StatusCompleted, now); err != nil {
		return err
	}
	if err := s.db.audit(tx, actor, ptr(c.BureauID), domain.AuditContractCompleted, "contract", c.ID.String(), nil); err != nil {
		return err
	}
	if err := s.db.publishRelease(tx, c.ProjectID, ocds.TagImplementation); err != nil {
		return err
	}
	return s.db.reindex(tx, domain.SearchProjects, c.ProjectID.String())
}

// FindReports lists a contract's reports: in full to its parties, the
// accepted figures to everyone else.
func (s *ContractService) FindReports(ctx context.Context, actor *domain.Actor, id uuid.UUID) ([]*domain.Report, error) {
	q := s.db.conn(ctx)
	c, err := findContract(q, id, false)
	if err != nil {
		return nil, err
	}
	var rows []reportRow
	if err := q.Where("contract_id = ?", id).Order("milestone_index, version").Find(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	party := isContractParty(actor, c)
	out := make([]*domain.Report, 0, len(rows))
	for i := range rows {
		switch r := rows[i].domain(); {
		case party:
			out = append(out, r)
		case r.Status == domain.ReportAccepted:
			out = append(out, r.Public())
		}
	}
	return out, nil
}

// FindReportByID returns one report under FindReports' rule.
func (s *ContractService) FindReportByID(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Report, error) {
	q := s.db.conn(ctx)
	var r reportRow
	if err := q.Take(&r, "id = ?", id).Error; err != nil {
		return nil, mapError(err)
	}
	c, err := findContract(q, r.ContractID, false)
	if err != nil {
		return nil, err
	}
	switch out := r.domain(); {
	case isContractParty(actor, c):
		return out, nil
	case out.Status == domain.ReportAccepted:
		return out.Public(), nil
	}
	return nil, domain.Errorf(domain.ENOTFOUND, "report not found")
}

// isContractParty reports whether the actor belongs to the contracted
// organisation or the bureau. Platform admins are not parties: a report's
// narrative may speak of children, and only the parties need it.
func isContractParty(actor *domain.Actor, c *domain.Contract) bool {
	return actor.Membership(c.OrganizationID) != nil || actor.Membership(c.BureauID) != nil
}
