package domain

import (
	"time"

	"github.com/google/uuid"
)

// ConflictDeclaration is an evaluator's declaration of interest (利益冲突
// 声明) on one project, made after the opening record names the bidders
// and before any score. Conflict is true when the evaluator declares a
// conflict, which bars them from scoring.
type ConflictDeclaration struct {
	ProjectID  uuid.UUID `json:"project_id"`
	UserID     uuid.UUID `json:"user_id"`
	Conflict   bool      `json:"conflict"`
	Note       string    `json:"note"`
	DeclaredAt time.Time `json:"declared_at"`
}

// BidderOrganizationIDs returns every organisation taking part in the
// opened bids: each bidder and each consortium member, once, in first
// appearance order. An evaluator from any of them has an interest.
func BidderOrganizationIDs(bids []*OpenedBid) []uuid.UUID {
	seen := map[uuid.UUID]bool{}
	var out []uuid.UUID
	add := func(id uuid.UUID) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, b := range bids {
		add(b.OrganizationID)
		for _, m := range b.ConsortiumMemberIDs {
			add(m)
		}
	}
	return out
}

// CheckEvaluatorConflict decides whether an evaluator may score a
// project's bids (政府采购法 art. 12 and 实施条例 art. 9: an evaluator
// with an interest in a supplier must withdraw). The evaluator must
// belong to none of the bidding organisations, consortium members
// included (bidderOrgIDs, see BidderOrganizationIDs), and must have
// declared no conflict; decl is nil when they have not declared yet. It
// returns nil or EFORBIDDEN naming the rule broken, without naming the
// organisation, so that the message itself leaks nothing.
func CheckEvaluatorConflict(memberships []*Membership, bidderOrgIDs []uuid.UUID, decl *ConflictDeclaration) error {
	bidders := make(map[uuid.UUID]bool, len(bidderOrgIDs))
	for _, id := range bidderOrgIDs {
		bidders[id] = true
	}
	for _, m := range memberships {
		if m != nil && bidders[m.OrganizationID] {
			return Errorf(EFORBIDDEN, "rule evaluator_independence: an evaluator may not belong to a bidding organisation")
		}
	}
	if decl == nil {
		return Errorf(EFORBIDDEN, "rule conflict_declaration: an evaluator must declare any conflict of interest before scoring")
	}
	if decl.Conflict {
		return Errorf(EFORBIDDEN, "rule conflict_of_interest: an evaluator who declared a conflict of interest may not score")
	}
	return nil
}
