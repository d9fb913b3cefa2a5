package postgres

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"hutong/domain"
)

// FindOrganizations lists organisations newest first, one page at a time.
// A region filter matches the region and everything under it: a province
// code matches all its cities and districts.
func (s *OrganizationService) FindOrganizations(ctx context.Context, f domain.OrganizationFilter) ([]*domain.Organization, string, error) {
	if err := validateOrgFilter(&f); err != nil {
		return nil, "", err
	}
	q, err := afterCursor(filterOrgs(orgSelect(s.db.conn(ctx)), f), "organizations", f.Page.Cursor)
	if err != nil {
		return nil, "", err
	}
	var rows []orgRow
	err = q.Order("organizations.created_at DESC, organizations.id DESC").Limit(f.Page.Limit + 1).Find(&rows).Error
	if err != nil {
		return nil, "", mapError(err)
	}
	next := ""
	if len(rows) > f.Page.Limit {
		rows = rows[:f.Page.Limit]
		last := rows[len(rows)-1]
		next = domain.Cursor{Time: last.CreatedAt.UTC(), ID: last.ID}.Encode()
	}
	out := make([]*domain.Organization, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, next, nil
}

// CountOrganizations counts the organisations a filter selects, ignoring
// its page; reindexing uses it to show progress.
func (s *OrganizationService) CountOrganizations(ctx context.Context, f domain.OrganizationFilter) (int, error) {
	if err := validateOrgFilter(&f); err != nil {
		return 0, err
	}
	var n int64
	if err := filterOrgs(s.db.conn(ctx).Model(&orgRow{}), f).Count(&n).Error; err != nil {
		return 0, mapError(err)
	}
	return int(n), nil
}

// filterOrgs applies a filter's conditions (not its page) to q.
func filterOrgs(q *gorm.DB, f domain.OrganizationFilter) *gorm.DB {
	if f.Kind != "" {
		q = q.Where("organizations.kind = ?", f.Kind)
	}
	if f.VerificationStatus != "" {
		q = q.Where("organizations.verification_status = ?", f.VerificationStatus)
	}
	if f.RegionCode != "" {
		q = q.Where("organizations.region_code LIKE ?", regionPrefix(f.RegionCode)+"%")
	}
	return q
}

func validateOrgFilter(f *domain.OrganizationFilter) error {
	if err := f.Page.Normalize(); err != nil {
		return err
	}
	var v domain.Validation
	v.Check(f.Kind == "" || f.Kind.Valid(), "kind", "unknown organization kind")
	v.Check(f.RegionCode == "" || validRegionCode(f.RegionCode), "region_code", "must be a 6-digit administrative division code")
	switch f.VerificationStatus {
	case "", domain.VerificationPending, domain.VerificationVerified, domain.VerificationRejected:
	default:
		v.Add("verification_status", "must be pending, verified or rejected")
	}
	return v.Err()
}

// maxNoteLength bounds a verification note, which the owners receive.
const maxNoteLength = 1000

// VerifyOrganization records a platform admin's decision on an
// organisation, audits it and tells the organisation's owners.
func (s *OrganizationService) VerifyOrganization(ctx context.Context, actor *domain.Actor, id uuid.UUID, status, note string) (*domain.Organization, error) {
	note = strings.TrimSpace(note)
	var v domain.Validation
	v.Check(status == domain.VerificationVerified || status == domain.VerificationRejected, "status", "must be verified or rejected")
	v.Check(utf8.RuneCountInString(note) <= maxNoteLength, "note", "must be at most 1000 characters")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := domain.Can(actor, domain.ActionOrgVerify, nil); err != nil {
		return nil, err
	}
	var org *domain.Organization
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		old, err := lockOrg(tx, id)
		if err != nil {
			return err
		}
		changes := map[string]any{"verification_status": status, "verification_note": note, "verified_at": nil}
		if status == domain.VerificationVerified {
			changes["verified_at"] = s.db.now()
		}
		if err := tx.Model(&orgRow{ID: id}).Updates(changes).Error; err != nil {
			return err
		}
		data := map[string]any{"status": status, "previous_status": old.VerificationStatus, "note": note}
		if err := s.db.audit(tx, actor, ptr(id), domain.AuditOrgVerified, "organization", id.String(), data); err != nil {
			return err
		}
		// Verification decides whether the organisation is public in search.
		if err := s.db.reindex(tx, domain.SearchOrganizations, id.String()); err != nil {
			return err
		}
		kind := domain.NotifyOrgVerified
		if status == domain.VerificationRejected {
			kind = domain.NotifyOrgRejected
		}
		params := map[string]string{"org": old.Name, "note": note}
		if err := s.db.notifyOwners(tx, id, kind, params, orgLink(id)); err != nil {
			return err
		}
		org, err = findOrg(tx, id)
		return err
	})
	return org, err
}

// orgLink is the page of an organisation, for notifications.
func orgLink(id uuid.UUID) string { return "/org/" + id.String() }

// lockingOf locks only the rows of table in a joined query, so that the
// regions a query joins are not locked with it.
func lockingOf(table string) clause.Locking {
	return clause.Locking{Strength: "UPDATE", Table: clause.Table{Name: table}}
}
