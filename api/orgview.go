package api

import (
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

// organizationJSON is an organisation as the API shows it. It has the
// fields of domain.Organization (a conversion keeps the two in step) but
// leaves out contact fields the organisation left empty, and the
// verification note, which is only for its managers and platform admins.
type organizationJSON struct {
	ID                 uuid.UUID      `json:"id"`
	Kind               domain.OrgKind `json:"kind"`
	Name               string         `json:"name"`
	CreditCode         string         `json:"credit_code"`
	RegionCode         string         `json:"region_code"`
	RegionName         string         `json:"region_name"`
	ServiceAreas       []string       `json:"service_areas"`
	Rating             string         `json:"rating"`
	PublicFundraising  bool           `json:"public_fundraising"`
	Description        string         `json:"description"`
	Website            string         `json:"website"`
	ContactEmail       string         `json:"contact_email,omitempty"`
	ContactPhone       string         `json:"contact_phone,omitempty"`
	VerificationStatus string         `json:"verification_status"`
	VerificationNote   string         `json:"verification_note,omitempty"`
	VerifiedAt         *time.Time     `json:"verified_at"`
	CreatedAt          time.Time      `json:"created_at"`
	UpdatedAt          time.Time      `json:"updated_at"`
}

// orgView shows o to a: the note only when a manages o.
func orgView(a *domain.Actor, o *domain.Organization) *organizationJSON {
	v := organizationJSON(*o)
	if !manages(a, o) {
		v.VerificationNote = ""
	}
	if v.ServiceAreas == nil {
		v.ServiceAreas = []string{}
	}
	return &v
}

// orgViews shows a list of organisations to a.
func orgViews(a *domain.Actor, orgs []*domain.Organization) []*organizationJSON {
	out := make([]*organizationJSON, len(orgs))
	for i, o := range orgs {
		out[i] = orgView(a, o)
	}
	return out
}

// manages reports whether a may edit o or decides its verification; the
// policy itself is domain.Can.
func manages(a *domain.Actor, o *domain.Organization) bool {
	return domain.Can(a, domain.ActionOrgUpdate, o) == nil || a.PlatformAdmin()
}

// allianceMemberJSON is an alliance member with its organisation's public
// view.
type allianceMemberJSON struct {
	AllianceID   uuid.UUID         `json:"alliance_id"`
	Organization *organizationJSON `json:"organization"`
	Status       string            `json:"status"`
	InvitedAt    time.Time         `json:"invited_at"`
	ConfirmedAt  *time.Time        `json:"confirmed_at"`
}

func allianceMemberView(a *domain.Actor, m *domain.AllianceMember) *allianceMemberJSON {
	return &allianceMemberJSON{
		AllianceID:   m.AllianceID,
		Organization: orgView(a, m.Organization),
		Status:       m.Status,
		InvitedAt:    m.InvitedAt,
		ConfirmedAt:  m.ConfirmedAt,
	}
}
