package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/ocds"
)

// FileComplaint records a bidder's complaint while the award's window is
// open. The unique (award, organisation) constraint keeps it to one.
func (s *AwardService) FileComplaint(ctx context.Context, actor *domain.Actor, projectID uuid.UUID, in domain.ComplaintInput) (*domain.Complaint, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *domain.Complaint
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		p, err := findProject(tx, projectID, true)
		if err != nil {
			return err
		}
		if !p.VisibleTo(actor) {
			return domain.Errorf(domain.ENOTFOUND, "project not found")
		}
		org, err := findOrg(tx, in.OrganizationID)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return domain.Invalid("organization_id", "no such organization")
		} else if err != nil {
			return err
		}
		if err := domain.Can(actor, domain.ActionComplaintFile, org); err != nil {
			return err
		}
		a, err := latestAward(tx, p.ID)
		if domain.ErrorCode(err) == domain.ENOTFOUND || err == nil && a.Status != string(domain.AwardPending) {
			return domain.Errorf(domain.ECONFLICT, "there is no award open to complaints on this project")
		} else if err != nil {
			return err
		}
		now := s.db.now()
		if !now.Before(a.ComplaintDeadline) {
			return domain.Errorf(domain.ECONFLICT, "the complaint window closed at %s", a.ComplaintDeadline.In(domain.Shanghai).Format("2006-01-02 15:04"))
		}
		var n int64
		if err := tx.Model(&openingRow{}).Where("project_id = ? AND organization_id = ?", p.ID, org.ID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return domain.Errorf(domain.EFORBIDDEN, "rule bidder: only an organisation whose bid was opened may complain")
		}
		row := complaintRow{ID: domain.NewID(), ProjectID: p.ID, AwardID: a.ID, OrganizationID: org.ID, Grounds: in.Grounds,
			Status: string(domain.ComplaintPending), FiledAt: now, FiledBy: actorID(actor)}
		if err := tx.Omit("OrganizationName").Create(&row).Error; err != nil {
			return mapError(err)
		}
		row.OrganizationName = org.Name
		out = row.domain()
		data := map[string]any{"complaint_id": row.ID, "award_id": a.ID, "organization_id": org.ID}
		if err := s.db.audit(tx, actor, ptr(p.BureauID), domain.AuditComplaintFiled, "project", p.ID.String(), data); err != nil {
			return err
		}
		return s.db.notifyMembers(tx, p.BureauID, true, domain.NotifyComplaintFiled,
			map[string]string{"project": p.Title, "org": org.Name}, projectLink(p.ID))
	})
	return out, err
}

// AnswerComplaint records the bureau's answer. Upheld, it cancels the
// award, supersedes the other pending complaints and sends the project
// back to evaluation; rejected after the window, it makes the award
// final when nothing else is pending.
func (s *AwardService) AnswerComplaint(ctx context.Context, actor *domain.Actor, complaintID uuid.UUID, in domain.ComplaintAnswer) (*domain.Complaint, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var out *domain.Complaint
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		var c complaintRow
		if err := tx.Raw(complaintSelect+` WHERE c.id = ?`, complaintID).Scan(&c).Error; err != nil {
			return mapError(err)
		}
		if c.ID == uuid.Nil {
			return domain.Errorf(domain.ENOTFOUND, "complaint not found")
		}
		p, _, err := lockProjectFor(tx, actor, c.ProjectID, domain.ActionAwardManage)
		if domain.ErrorCode(err) == domain.EFORBIDDEN && !s.mayReadComplaint(actor, &c) {
			return domain.Errorf(domain.ENOTFOUND, "complaint not found")
		} else if err != nil {
			return err
		}
		// Re-read under the project lock: another answer may have landed.
		if err := tx.Raw(complaintSelect+` WHERE c.id = ?`, complaintID).Scan(&c).Error; err != nil {
			return mapError(err)
		}
		if c.Status != string(domain.ComplaintPending) {
			return domain.Errorf(domain.ECONFLICT, "the complaint is already %s", c.Status)
		}
		now := s.db.now()
		c.Status, c.Response, c.AnsweredAt, c.AnsweredBy = string(domain.ComplaintRejected), in.Response, &now, actorID(actor)
		if in.Upheld {
			c.Status = string(domain.ComplaintUpheld)
		}
		if err := tx.Model(&complaintRow{ID: c.ID}).Updates(map[string]any{"status": c.Status, "response": c.Response,
			"answered_at": now, "answered_by": c.AnsweredBy}).Error; err != nil {
			return mapError(err)
		}
		out = c.domain()
		data := map[string]any{"complaint_id": c.ID, "upheld": in.Upheld}
		if err := s.db.audit(tx, actor, ptr(p.BureauID), domain.AuditComplaintAnswered, "project", p.ID.String(), data); err != nil {
			return err
		}
		if err := s.db.notifyMembers(tx, c.OrganizationID, true, domain.NotifyComplaintAnswered,
			map[string]string{"project": p.Title}, projectLink(p.ID)); err != nil {
			return err
		}
		if in.Upheld {
			return s.cancelAward(tx, actor, p, c.AwardID, now)
		}
		_, err = s.finalizeLocked(tx, p, now)
		return err
	})
	return out, err
}

// mayReadComplaint reports whether the actor filed the complaint, for
// telling a forbidden answer from a complaint the actor cannot see.
func (s *AwardService) mayReadComplaint(actor *domain.Actor, c *complaintRow) bool {
	return actor.Membership(c.OrganizationID) != nil
}

// cancelAward cancels an award after an upheld complaint: its pending
// complaints are superseded, the evaluation result is cleared (the award
// keeps the outcome it followed) and the project returns to opened, for
// the evaluators to score again.
func (s *AwardService) cancelAward(tx *gorm.DB, actor *domain.Actor, p *domain.Project, awardID uuid.UUID, now time.Time) error {
	if err := tx.Model(&awardRow{}).Where("id = ? AND status = ?", awardID, domain.AwardPending).
		Updates(map[string]any{"status": domain.AwardCancelled, "cancelled_at": now}).Error; err != nil {
		return mapError(err)
	}
	if err := tx.Model(&complaintRow{}).Where("award_id = ? AND status = ?", awardID, domain.ComplaintPending).
		Updates(map[string]any{"status": domain.ComplaintSuperseded, "answered_at": now}).Error; err != nil {
		return mapError(err)
	}
	if err := tx.Where("project_id = ?", p.ID).Delete(&resultRow{}).Error; err != nil {
		return mapError(err)
	}
	if err := setProjectStatus(tx, p.ID, domain.StatusAwarded, domain.StatusOpened, now); err != nil {
		return err
	}
	data := map[string]any{"award_id": awardID}
	if err := s.db.audit(tx, actor, ptr(p.BureauID), domain.AuditAwardCancelled, "project", p.ID.String(), data); err != nil {
		return err
	}
	if err := s.notifyBidders(tx, p, domain.NotifyAwardCancelled, nil); err != nil {
		return err
	}
	if err := s.db.publishRelease(tx, p.ID, ocds.TagAwardCancellation); err != nil {
		return err
	}
	return s.db.reindex(tx, domain.SearchProjects, p.ID.String())
}

// FindComplaints lists a project's complaints as the actor may see them.
func (s *AwardService) FindComplaints(ctx context.Context, actor *domain.Actor, projectID uuid.UUID) ([]*domain.Complaint, error) {
	q := s.db.conn(ctx)
	p, err := findProject(q, projectID, false)
	if err != nil {
		return nil, err
	}
	if !p.VisibleTo(actor) {
		return nil, domain.Errorf(domain.ENOTFOUND, "project not found")
	}
	bureau, err := findOrg(q, p.BureauID)
	if err != nil {
		return nil, err
	}
	var rows []complaintRow
	if err := q.Raw(complaintSelect+` WHERE c.project_id = ? ORDER BY c.filed_at, c.id`, projectID).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	all := domain.Can(actor, domain.ActionAwardManage, bureau) == nil
	out := make([]*domain.Complaint, 0, len(rows))
	for i := range rows {
		c := rows[i].domain()
		switch {
		case all || actor.Membership(rows[i].OrganizationID) != nil:
			out = append(out, c)
		case c.Status != domain.ComplaintPending:
			out = append(out, c.Anonymous())
		}
	}
	return out, nil
}
