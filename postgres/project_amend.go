package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/ocds"
)

var (
	_ domain.ProjectAmender = (*ProjectService)(nil)
	_ domain.BidConfirmer   = (*BidService)(nil)
)

// AmendProject amends a published project before its deadline. In one
// transaction it writes the content and timeline, audits the change,
// queues the index, and, for a substantive change, reschedules the
// deadline job (the old one then finds the later deadline and does
// nothing), marks the live bids needs_confirmation and notifies their
// organisations.
func (s *ProjectService) AmendProject(ctx context.Context, actor *domain.Actor, id uuid.UUID, a domain.ProjectAmendment) (*domain.Project, error) {
	reason, err := domain.NormalizeAmendmentReason(a.Reason)
	if err != nil {
		return nil, err
	}
	var p *domain.Project
	err = s.db.tx(ctx, func(tx *gorm.DB) error {
		old, err := s.lockForAction(tx, actor, id, domain.ActionProjectEdit)
		if err != nil {
			return err
		}
		now := s.db.now()
		if err := domain.CheckBiddingOpen(old, now); err != nil {
			return domain.Errorf(domain.ECONFLICT, "only a published project still open for bids can be amended")
		}
		in := a.Input(old)
		if err := in.Normalize(); err != nil {
			return err
		}
		plan, err := s.planAmendment(tx, old, a, in, now)
		if err != nil {
			return err
		}
		if p, err = s.writeAmendment(tx, old, in, plan, now); err != nil {
			return err
		}
		data := map[string]any{"changed": plan.Changed, "substantive": plan.Substantive, "reason": reason,
			"old_bid_deadline": old.Timeline.BidDeadline.UTC(), "new_bid_deadline": plan.BidDeadline}
		if err := s.record(tx, actor, p, domain.AuditProjectAmended, data); err != nil {
			return err
		}
		if err := s.db.publishRelease(tx, id, ocds.TagTenderAmendment); err != nil {
			return err
		}
		if !plan.BidDeadline.Equal(*old.Timeline.BidDeadline) {
			if err := s.db.scheduleDeadline(tx, id, plan.BidDeadline); err != nil {
				return err
			}
		}
		if !plan.Substantive {
			return nil
		}
		return s.askBiddersToConfirm(tx, p, now)
	})
	return p, err
}

// planAmendment fills in the timeline the amendment asks for and lets the
// domain decide.
func (s *ProjectService) planAmendment(tx *gorm.DB, old *domain.Project, a domain.ProjectAmendment, in domain.ProjectInput, now time.Time) (domain.AmendmentPlan, error) {
	deadline, opening := *old.Timeline.BidDeadline, *old.Timeline.OpeningAt
	if a.BidDeadline != nil {
		deadline = a.BidDeadline.UTC().Truncate(time.Microsecond)
	}
	if a.OpeningAt != nil {
		opening = a.OpeningAt.UTC().Truncate(time.Microsecond)
	}
	cal, err := loadCalendar(tx)
	if err != nil {
		return domain.AmendmentPlan{}, err
	}
	return s.rules.PlanAmendment(cal, old, in, deadline, opening, now)
}

// writeAmendment writes the new content and timeline and reloads the
// project.
func (s *ProjectService) writeAmendment(tx *gorm.DB, old *domain.Project, in domain.ProjectInput, plan domain.AmendmentPlan, now time.Time) (*domain.Project, error) {
	var row projectRow
	row.setInput(in)
	changes := row.inputChanges()
	changes["bid_deadline"], changes["opening_at"], changes["updated_at"] = plan.BidDeadline, plan.OpeningAt, now
	if err := tx.Model(&projectRow{ID: old.ID}).Updates(changes).Error; err != nil {
		return nil, err
	}
	return findProject(tx, old.ID, false)
}

// askBiddersToConfirm marks every live bid of the project as needing
// confirmation and notifies the acting members of each bidder. The
// notification names the project and its new deadline, never the bids.
func (s *ProjectService) askBiddersToConfirm(tx *gorm.DB, p *domain.Project, now time.Time) error {
	var orgs []uuid.UUID
	err := tx.Raw(`UPDATE bids SET status = ?, updated_at = ? WHERE project_id = ? AND status IN ?
		RETURNING organization_id`, domain.BidNeedsConfirmation, now, p.ID,
		[]string{string(domain.BidSubmitted), string(domain.BidNeedsConfirmation)}).Scan(&orgs).Error
	if err != nil {
		return err
	}
	params := map[string]string{"project": p.Title,
		"deadline": p.Timeline.BidDeadline.In(domain.Shanghai).Format("2006-01-02 15:04")}
	for _, org := range orgs {
		if err := s.db.notifyMembers(tx, org, true, domain.NotifyProjectAmended, params, "/bids"); err != nil {
			return err
		}
	}
	return nil
}
