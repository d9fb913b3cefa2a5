package postgres

import (
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
	"hutong/ocds"
)

// awardStatuses maps the awards table's statuses to awardStatus.csv: an
// award is pending during its complaint window (质疑期), active once
// final, cancelled when a complaint was upheld.
var awardStatuses = map[string]string{
	"pending":   ocds.AwardPending,
	"final":     ocds.AwardActive,
	"cancelled": ocds.AwardCancelled,
}

// contractStatuses maps the contracts table's statuses to
// contractStatus.csv: a completed contract is no longer in force,
// "terminated" (the codelist's word for an ended contract, whether it
// ended by completion or early).
var contractStatuses = map[string]string{
	"active":    ocds.ContractActive,
	"completed": ocds.ContractTerminated,
}

// loadAwardStates reads a project's awards, cancelled ones included: a
// cancelled award stays in the record, marked so.
func loadAwardStates(tx *gorm.DB, projectID uuid.UUID) ([]ocds.AwardState, error) {
	var rows []struct {
		ID               uuid.UUID
		Status           string
		PublishedAt      time.Time
		OrganizationID   uuid.UUID
		OrganizationName string
		PriceFen         int64
	}
	err := tx.Raw(`SELECT a.id, a.status, a.published_at, a.organization_id, o.name AS organization_name, a.price_fen
		FROM awards a JOIN organizations o ON o.id = a.organization_id
		WHERE a.project_id = ? ORDER BY a.published_at, a.id`, projectID).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]ocds.AwardState, 0, len(rows))
	for _, r := range rows {
		out = append(out, ocds.AwardState{ID: r.ID, Status: awardStatuses[r.Status], Date: r.PublishedAt.UTC(),
			SupplierID: r.OrganizationID, SupplierName: r.OrganizationName, PriceFen: r.PriceFen})
	}
	return out, nil
}

// loadContractStates reads a project's contract (one at most) with its
// payment milestones.
func loadContractStates(tx *gorm.DB, projectID uuid.UUID) ([]ocds.ContractState, error) {
	var rows []struct {
		ID           uuid.UUID
		AwardID      uuid.UUID
		Status       string
		SignedAt     time.Time
		PriceFen     int64
		ServiceStart *domain.Date
		ServiceEnd   *domain.Date
	}
	err := tx.Raw(`SELECT id, award_id, status, signed_at, price_fen, service_start, service_end
		FROM contracts WHERE project_id = ? ORDER BY signed_at, id`, projectID).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]ocds.ContractState, 0, len(rows))
	for _, r := range rows {
		c := ocds.ContractState{ID: r.ID, AwardID: r.AwardID, Status: contractStatuses[r.Status],
			SignedAt: r.SignedAt.UTC(), PriceFen: r.PriceFen}
		if r.ServiceStart != nil {
			c.ServiceStart = *r.ServiceStart
		}
		if r.ServiceEnd != nil {
			c.ServiceEnd = *r.ServiceEnd
		}
		if c.Milestones, err = loadContractMilestones(tx, r.ID); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func loadContractMilestones(tx *gorm.DB, contractID uuid.UUID) ([]ocds.ContractMilestone, error) {
	var rows []struct {
		Name       string
		Percent    int
		AmountFen  int64
		Due        *domain.Date
		ReleasedAt *time.Time
	}
	err := tx.Raw(`SELECT name, percent, amount_fen, due, released_at FROM contract_milestones
		WHERE contract_id = ? ORDER BY idx`, contractID).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]ocds.ContractMilestone, 0, len(rows))
	for _, r := range rows {
		m := ocds.ContractMilestone{Name: r.Name, Percent: r.Percent, AmountFen: r.AmountFen, ReleasedAt: utcPtr(r.ReleasedAt)}
		if r.Due != nil {
			m.Due = *r.Due
		}
		out = append(out, m)
	}
	return out, nil
}
