package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// MatchPledge is a foundation's pledge to match gifts to a programme
// (配捐): RatioPct fen for every 100 fen given, until CapFen is matched.
type MatchPledge struct {
	ID             uuid.UUID `json:"id"`
	ProgrammeID    uuid.UUID `json:"programme_id"`
	FoundationID   uuid.UUID `json:"foundation_id"`
	FoundationName string    `json:"foundation_name"`
	RatioPct       int       `json:"ratio_pct"`
	CapFen         int64     `json:"cap_fen"`
	MatchedFen     int64     `json:"matched_fen"`
	CreatedAt      time.Time `json:"created_at"`
}

// MatchPledgeInput is a foundation's pledge.
type MatchPledgeInput struct {
	FoundationID uuid.UUID `json:"foundation_id"`
	RatioPct     int       `json:"ratio_pct"`
	CapFen       int64     `json:"cap_fen"`
}

// Normalize checks the pledge, naming each field.
func (in *MatchPledgeInput) Normalize() error {
	var v Validation
	v.Check(in.FoundationID != uuid.Nil, "foundation_id", "is required")
	v.Check(in.RatioPct >= 1 && in.RatioPct <= 300, "ratio_pct", "must be 1 to 300 (percent of each gift)")
	v.Check(in.CapFen >= MinDonationFen, "cap_fen", "must be at least 100 fen (¥1)")
	return v.Err()
}

// MatchAmount is what a pledge adds to a gift of giftFen: the ratio of
// the gift, rounded down to the fen, at most what is left under the cap
// and at most room (what the wish still needs; a negative room means no
// limit).
func MatchAmount(p MatchPledge, giftFen, room int64) int64 {
	m := giftFen * int64(p.RatioPct) / 100
	m = min(m, p.CapFen-p.MatchedFen)
	if room >= 0 {
		m = min(m, room)
	}
	return max(m, 0)
}

// ActionMatchPledge is pledging matching funds for a foundation: its
// owners, admins and finance staff; the foundation must be licensed for
// public fundraising, as the matched money is public giving too.
const ActionMatchPledge Action = "match.pledge"

func matchAllowed(a *Actor, org *Organization) bool {
	return org != nil && org.Kind == KindFoundation && org.PublicFundraising &&
		a.HasRole(org.ID, RoleOwner, RoleAdmin, RoleFinance)
}

// AuditMatchPledged records a pledge.
const AuditMatchPledged = "match.pledged"

// MatchingService keeps the matching pledges of programmes.
type MatchingService interface {
	Pledge(ctx context.Context, actor *Actor, programmeID uuid.UUID, in MatchPledgeInput) (*MatchPledge, error)
	FindPledges(ctx context.Context, programmeID uuid.UUID) ([]*MatchPledge, error)
}
