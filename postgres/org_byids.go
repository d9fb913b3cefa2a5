package postgres

import (
	"context"

	"github.com/google/uuid"

	"hutong/domain"
)

// FindOrganizationsByIDs loads the verified organisations among ids in one
// query and returns them in the order of ids, without repeats. Unknown
// and unverified ids are skipped: search hydrates its hits here, so an
// index that has not yet caught up never shows a hidden organisation.
func (s *OrganizationService) FindOrganizationsByIDs(ctx context.Context, ids []uuid.UUID) ([]*domain.Organization, error) {
	if len(ids) > domain.MaxPageLimit {
		return nil, domain.Invalid("ids", "must be at most 100 ids")
	}
	out := []*domain.Organization{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []orgRow
	err := orgSelect(s.db.conn(ctx)).
		Where("organizations.id IN ? AND organizations.verification_status = ?", ids, domain.VerificationVerified).
		Find(&rows).Error
	if err != nil {
		return nil, mapError(err)
	}
	byID := make(map[uuid.UUID]*orgRow, len(rows))
	for i := range rows {
		byID[rows[i].ID] = &rows[i]
	}
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r.domain())
			delete(byID, id)
		}
	}
	return out, nil
}
