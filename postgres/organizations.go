package postgres

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// OrganizationService manages organisations and their verification.
type OrganizationService struct{ db *DB }

var _ domain.OrganizationService = (*OrganizationService)(nil)

// NewOrganizationService returns the organisation service.
func NewOrganizationService(db *DB) *OrganizationService { return &OrganizationService{db: db} }

// orgSelect reads organisations with their region's name.
func orgSelect(q *gorm.DB) *gorm.DB {
	return q.Table("organizations").Select("organizations.*, regions.name AS region_name").
		Joins("JOIN regions ON regions.code = organizations.region_code")
}

// findOrg loads one organisation; an unknown id is ENOTFOUND.
func findOrg(q *gorm.DB, id uuid.UUID) (*domain.Organization, error) {
	var row orgRow
	if err := orgSelect(q).Where("organizations.id = ?", id).Take(&row).Error; err != nil {
		return nil, orgError(err)
	}
	return row.domain(), nil
}

// lockOrg loads an organisation and locks its row until the transaction
// ends, which serialises changes to it and to its members (the last-owner
// rule depends on that).
func lockOrg(tx *gorm.DB, id uuid.UUID) (*domain.Organization, error) {
	var row orgRow
	err := orgSelect(tx).Where("organizations.id = ?", id).Clauses(lockingOf("organizations")).Take(&row).Error
	if err != nil {
		return nil, orgError(err)
	}
	return row.domain(), nil
}

func orgError(err error) error {
	err = mapError(err)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.Errorf(domain.ENOTFOUND, "organization not found")
	}
	return err
}

// CreateOrganization creates an organisation, pending verification, with
// the actor as its owner, and audits it, in one transaction.
func (s *OrganizationService) CreateOrganization(ctx context.Context, actor *domain.Actor, in domain.OrganizationInput) (*domain.Organization, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	if err := domain.Can(actor, domain.ActionOrgCreate, nil); err != nil {
		return nil, err
	}
	var org *domain.Organization
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		if err := checkRegion(tx, in.RegionCode); err != nil {
			return err
		}
		row := newOrgRow(in)
		if err := tx.Omit("region_name").Create(&row).Error; err != nil {
			return err
		}
		owner := membershipRow{OrganizationID: row.ID, UserID: actor.User.ID, Roles: textArray{string(domain.RoleOwner)}}
		if err := tx.Create(&owner).Error; err != nil {
			return err
		}
		data := map[string]any{"kind": in.Kind, "name": in.Name, "credit_code": in.CreditCode, "region_code": in.RegionCode}
		if err := s.db.audit(tx, actor, ptr(row.ID), domain.AuditOrgCreated, "organization", row.ID.String(), data); err != nil {
			return err
		}
		if err := s.db.reindex(tx, domain.SearchOrganizations, row.ID.String()); err != nil {
			return err
		}
		var err error
		org, err = findOrg(tx, row.ID)
		return err
	})
	return org, err
}

func newOrgRow(in domain.OrganizationInput) orgRow {
	return orgRow{
		ID: domain.NewID(), Kind: string(in.Kind), Name: in.Name, CreditCode: in.CreditCode,
		RegionCode: in.RegionCode, ServiceAreas: in.ServiceAreas, Rating: in.Rating,
		PublicFundraising: in.PublicFundraising, Description: in.Description, Website: in.Website,
		ContactEmail: in.ContactEmail, ContactPhone: in.ContactPhone,
		VerificationStatus: domain.VerificationPending,
	}
}

// checkRegion answers EINVALID on region_code for a code not in the table.
func checkRegion(tx *gorm.DB, code string) error {
	var n int64
	if err := tx.Model(&regionRow{}).Where("code = ?", code).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return domain.Invalid("region_code", "unknown region")
	}
	return nil
}

// UpdateOrganization changes the editable profile; kind and credit code
// stay as created. Only the organisation's owners and admins may.
func (s *OrganizationService) UpdateOrganization(ctx context.Context, actor *domain.Actor, id uuid.UUID, in domain.OrganizationInput) (*domain.Organization, error) {
	if err := in.NormalizeUpdate(); err != nil {
		return nil, err
	}
	var org *domain.Organization
	err := s.db.tx(ctx, func(tx *gorm.DB) error {
		old, err := lockOrg(tx, id)
		if err != nil {
			return err
		}
		if err := domain.Can(actor, domain.ActionOrgUpdate, old); err != nil {
			return err
		}
		if err := checkRegion(tx, in.RegionCode); err != nil {
			return err
		}
		changes := orgChanges(in)
		if err := tx.Model(&orgRow{ID: id}).Updates(changes).Error; err != nil {
			return err
		}
		if org, err = findOrg(tx, id); err != nil {
			return err
		}
		data := map[string]any{"changed": changedFields(old, org)}
		if err := s.db.audit(tx, actor, ptr(id), domain.AuditOrgUpdated, "organization", id.String(), data); err != nil {
			return err
		}
		return s.db.reindex(tx, domain.SearchOrganizations, id.String())
	})
	return org, err
}

func orgChanges(in domain.OrganizationInput) map[string]any {
	return map[string]any{
		"name": in.Name, "region_code": in.RegionCode, "service_areas": textArray(in.ServiceAreas),
		"rating": in.Rating, "public_fundraising": in.PublicFundraising, "description": in.Description,
		"website": in.Website, "contact_email": in.ContactEmail, "contact_phone": in.ContactPhone,
	}
}

// changedFields names the fields an update changed, for the audit entry.
func changedFields(a, b *domain.Organization) []string {
	out := []string{}
	add := func(changed bool, name string) {
		if changed {
			out = append(out, name)
		}
	}
	add(a.Name != b.Name, "name")
	add(a.RegionCode != b.RegionCode, "region_code")
	add(!equalStrings(a.ServiceAreas, b.ServiceAreas), "service_areas")
	add(a.Rating != b.Rating, "rating")
	add(a.PublicFundraising != b.PublicFundraising, "public_fundraising")
	add(a.Description != b.Description, "description")
	add(a.Website != b.Website, "website")
	add(a.ContactEmail != b.ContactEmail, "contact_email")
	add(a.ContactPhone != b.ContactPhone, "contact_phone")
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FindOrganizationByID returns the public profile of an organisation.
func (s *OrganizationService) FindOrganizationByID(ctx context.Context, id uuid.UUID) (*domain.Organization, error) {
	return findOrg(s.db.conn(ctx), id)
}
