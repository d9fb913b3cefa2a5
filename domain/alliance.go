package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Alliance membership states. An alliance invites; the member organisation
// confirms. Only confirmed memberships are shown publicly.
const (
	AllianceInvited   = "invited"
	AllianceConfirmed = "confirmed"
)

// AllianceMember is an organisation in an alliance.
type AllianceMember struct {
	AllianceID   uuid.UUID     `json:"alliance_id"`
	Organization *Organization `json:"organization"`
	Status       string        `json:"status"`
	InvitedAt    time.Time     `json:"invited_at"`
	ConfirmedAt  *time.Time    `json:"confirmed_at"`
}

// AllianceService manages alliances' member organisations.
type AllianceService interface {
	// InviteToAlliance is done by the alliance's owners or admins.
	InviteToAlliance(ctx context.Context, actor *Actor, allianceID, orgID uuid.UUID) (*AllianceMember, error)
	// ConfirmAllianceMembership is done by the invited organisation's owners
	// or admins.
	ConfirmAllianceMembership(ctx context.Context, actor *Actor, allianceID, orgID uuid.UUID) (*AllianceMember, error)
	// LeaveAlliance removes the link; either side's owners or admins may.
	LeaveAlliance(ctx context.Context, actor *Actor, allianceID, orgID uuid.UUID) error
	// FindAllianceMembers lists members; invitations only when
	// includeInvited is set, which the service allows only for managers of
	// the alliance.
	FindAllianceMembers(ctx context.Context, actor *Actor, allianceID uuid.UUID, includeInvited bool) ([]*AllianceMember, error)
	// FindMemberAlliances lists the alliances an organisation has
	// confirmed joining, which are public; in each AllianceMember the
	// Organization is the alliance. An unknown organisation belongs to
	// none, so callers that must tell it apart look it up first.
	FindMemberAlliances(ctx context.Context, orgID uuid.UUID) ([]*AllianceMember, error)
	// FindAllianceInvitations lists the open invitations an organisation
	// has received, with the inviting alliance as Organization; only the
	// organisation's owners and admins, who decide on them, may see them.
	FindAllianceInvitations(ctx context.Context, actor *Actor, orgID uuid.UUID) ([]*AllianceMember, error)
}
