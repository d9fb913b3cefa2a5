package demo

import (
	"context"
	"fmt"

	"hutong/domain"
)

// ensureAlliance invites the demo members into the alliance and has each
// confirm, skipping whatever step is already done.
func (sd *seeder) ensureAlliance(ctx context.Context) error {
	alliance := sd.orgs[allianceKey]
	manager, err := sd.actor(ctx, sd.users[ownerOf(allianceKey)])
	if err != nil {
		return err
	}
	list, err := sd.s.Alliances.FindAllianceMembers(ctx, manager, alliance.ID, true)
	if err != nil {
		return fmt.Errorf("members of %s: %w", alliance.Name, err)
	}
	status := map[string]string{}
	for _, m := range list {
		status[m.Organization.ID.String()] = m.Status
	}
	for _, key := range allianceMembers {
		if err := sd.joinAlliance(ctx, manager, alliance, key, status[sd.orgs[key].ID.String()]); err != nil {
			return err
		}
	}
	return nil
}

// joinAlliance takes one organisation from its current status (""
// when not invited) to confirmed.
func (sd *seeder) joinAlliance(ctx context.Context, manager *domain.Actor, alliance *domain.Organization, key, status string) error {
	org := sd.orgs[key]
	if status == domain.AllianceConfirmed {
		return nil
	}
	if status == "" {
		if _, err := sd.s.Alliances.InviteToAlliance(ctx, manager, alliance.ID, org.ID); err != nil {
			return fmt.Errorf("invite %s to %s: %w", org.Name, alliance.Name, err)
		}
		sd.created++
	}
	owner, err := sd.actor(ctx, sd.users[ownerOf(key)])
	if err != nil {
		return err
	}
	if _, err := sd.s.Alliances.ConfirmAllianceMembership(ctx, owner, alliance.ID, org.ID); err != nil {
		return fmt.Errorf("%s confirms %s: %w", org.Name, alliance.Name, err)
	}
	sd.created++
	return nil
}

// ownerOf names the owner of the demo organisation key.
func ownerOf(key string) string {
	for _, s := range orgs {
		if s.Key == key {
			return s.Owner
		}
	}
	return ""
}
