package domain

import (
	"slices"
	"strings"
	"time"
)

// Actions on bids, decided by Can on the bidding organisation.
const (
	ActionBidSubmit   Action = "bid.submit"
	ActionBidWithdraw Action = "bid.withdraw"
	ActionBidView     Action = "bid.view"
)

// bidAllowed decides the bid actions: the bidding organisation's owners,
// admins and staff act for it. Nobody else — not the bureau, not a
// platform admin — may even view a bid, which is sealed.
func bidAllowed(a *Actor, action Action, org *Organization) bool {
	switch action {
	case ActionBidSubmit, ActionBidWithdraw, ActionBidView:
		return org != nil && a.HasRole(org.ID, RoleOwner, RoleAdmin, RoleStaff)
	}
	return false
}

// bidderKinds are the kinds of organisation that may bid; a bureau buys
// and never bids.
var bidderKinds = []OrgKind{KindSocialOrg, KindStation, KindFoundation, KindAlliance}

// CheckBidEligibility checks a bidder, and a consortium's members, against
// a project's eligibility. It returns nil or EFORBIDDEN naming the rule
// broken. Consortium members must be verified bidders of their own; the
// rating and region rules apply to the bidder, which answers for the
// consortium.
func CheckBidEligibility(p *Project, org *Organization, members []*Organization) error {
	if !slices.Contains(bidderKinds, org.Kind) {
		return Errorf(EFORBIDDEN, "rule kind: a %s may not bid; only social organisations, stations, foundations and alliances may", org.Kind)
	}
	if !org.Verified() {
		return Errorf(EFORBIDDEN, "rule verified: %s is not verified by the platform", org.Name)
	}
	if len(members) > 0 && org.Kind != KindAlliance {
		return Errorf(EFORBIDDEN, "rule consortium: only an alliance may bid for a consortium")
	}
	for _, m := range members {
		if !slices.Contains(bidderKinds, m.Kind) || m.Kind == KindAlliance || !m.Verified() {
			return Errorf(EFORBIDDEN, "rule consortium: member %s must be a verified social organisation, station or foundation", m.Name)
		}
	}
	e := p.Eligibility
	if e.MinRating != "" && ratingRank(org.Rating) < ratingRank(e.MinRating) {
		return Errorf(EFORBIDDEN, "rule min_rating: the project requires a rating of at least %s", e.MinRating)
	}
	if len(e.RegionCodes) > 0 && !slices.ContainsFunc(e.RegionCodes, func(c string) bool { return RegionUnder(org.RegionCode, c) }) {
		return Errorf(EFORBIDDEN, "rule region_codes: the project admits organisations from %s only", strings.Join(e.RegionCodes, ", "))
	}
	return nil
}

// ratingRank orders ratings: 0 for none, 1 for 1A up to 5 for 5A.
func ratingRank(r string) int { return max(slices.Index(Ratings, r), 0) }

// RegionUnder reports whether code is the region parent or lies under it
// (a province "320000" holds "320213"; a city "320200" holds its
// districts).
func RegionUnder(code, parent string) bool {
	prefix := parent
	switch {
	case strings.HasSuffix(parent, "0000"):
		prefix = parent[:2]
	case strings.HasSuffix(parent, "00"):
		prefix = parent[:4]
	}
	return strings.HasPrefix(code, prefix)
}

// CheckBiddingOpen returns nil while a project takes bids — published and
// before its deadline — and ECONFLICT otherwise.
func CheckBiddingOpen(p *Project, now time.Time) error {
	if p.Status != StatusPublished || p.Timeline.BidDeadline == nil || !now.Before(*p.Timeline.BidDeadline) {
		return Errorf(ECONFLICT, "bidding on this project is closed")
	}
	return nil
}
