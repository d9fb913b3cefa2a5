package demo

import (
	"context"
	"fmt"
	"slices"

	"hutong/domain"
)

// verifyNote is the admin's note on every demo verification.
const verifyNote = "演示数据:登记证书与统一社会信用代码已核验。"

// ensureOrgs creates each demo organisation that no organisation with its
// credit code exists for, with its owner as the creator.
func (sd *seeder) ensureOrgs(ctx context.Context) error {
	if err := sd.loadOrgs(ctx); err != nil {
		return err
	}
	for _, spec := range orgs {
		code, err := CreditCode(spec.Code17)
		if err != nil {
			return err
		}
		if o := sd.byCode[code]; o != nil {
			sd.orgs[spec.Key] = o
			continue
		}
		o, err := sd.createOrg(ctx, spec, code)
		if err != nil {
			return err
		}
		sd.orgs[spec.Key] = o
	}
	return nil
}

func (sd *seeder) createOrg(ctx context.Context, spec orgSpec, code string) (*domain.Organization, error) {
	if _, err := sd.s.Regions.FindRegion(ctx, spec.Input.RegionCode); err != nil {
		return nil, fmt.Errorf("region %s of %s: %w", spec.Input.RegionCode, spec.Input.Name, err)
	}
	owner, err := sd.actor(ctx, sd.users[spec.Owner])
	if err != nil {
		return nil, err
	}
	in := spec.Input
	in.CreditCode = code
	in.ServiceAreas = slices.Clone(in.ServiceAreas)
	o, err := sd.s.Orgs.CreateOrganization(ctx, owner, in)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		// Created meanwhile by another seed run: take that one.
		if err := sd.loadOrgs(ctx); err != nil {
			return nil, err
		}
		if o := sd.byCode[code]; o != nil {
			return o, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", in.Name, err)
	}
	sd.created++
	return o, nil
}

// loadOrgs indexes every existing organisation by credit code.
func (sd *seeder) loadOrgs(ctx context.Context) error {
	sd.byCode = map[string]*domain.Organization{}
	page := domain.Page{Limit: domain.MaxPageLimit}
	for {
		list, next, err := sd.s.Orgs.FindOrganizations(ctx, domain.OrganizationFilter{Page: page})
		if err != nil {
			return fmt.Errorf("list organisations: %w", err)
		}
		for _, o := range list {
			sd.byCode[o.CreditCode] = o
		}
		if next == "" {
			return nil
		}
		page.Cursor = next
	}
}

// ensureMembers adds each demo member an organisation does not have yet.
func (sd *seeder) ensureMembers(ctx context.Context) error {
	for _, spec := range orgs {
		if len(spec.Members) == 0 {
			continue
		}
		org := sd.orgs[spec.Key]
		owner, err := sd.actor(ctx, sd.users[spec.Owner])
		if err != nil {
			return err
		}
		have, err := sd.s.Members.FindMembers(ctx, owner, org.ID)
		if err != nil {
			return fmt.Errorf("members of %s: %w", org.Name, err)
		}
		for _, m := range spec.Members {
			if slices.ContainsFunc(have, func(x *domain.Member) bool { return x.UserID == sd.users[m.Who].ID }) {
				continue
			}
			in := domain.MemberInput{Login: people[m.Who].Email, Roles: slices.Clone(m.Roles)}
			_, err := sd.s.Members.AddMember(ctx, owner, org.ID, in)
			switch {
			case err == nil:
				sd.created++
			case domain.ErrorCode(err) != domain.ECONFLICT:
				return fmt.Errorf("add %s to %s: %w", in.Login, org.Name, err)
			}
		}
	}
	return nil
}

// ensureVerified has the admin verify every demo organisation not yet
// verified.
func (sd *seeder) ensureVerified(ctx context.Context) error {
	actor, err := sd.actor(ctx, sd.admin)
	if err != nil {
		return err
	}
	for _, spec := range orgs {
		o := sd.orgs[spec.Key]
		if o.Verified() {
			continue
		}
		v, err := sd.s.Orgs.VerifyOrganization(ctx, actor, o.ID, domain.VerificationVerified, verifyNote)
		if err != nil {
			return fmt.Errorf("verify %s: %w", o.Name, err)
		}
		sd.orgs[spec.Key] = v
		sd.created++
	}
	return nil
}
