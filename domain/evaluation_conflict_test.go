package domain_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
)

func TestBidderOrganizationIDs(t *testing.T) {
	t.Parallel()
	a, b, c, d := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	bids := []*domain.OpenedBid{
		{OrganizationID: a},
		{OrganizationID: b, ConsortiumMemberIDs: []uuid.UUID{c, d}},
		{OrganizationID: c}, // also a consortium member above: listed once
	}
	got := domain.BidderOrganizationIDs(bids)
	if want := []uuid.UUID{a, b, c, d}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := domain.BidderOrganizationIDs(nil); len(got) != 0 {
		t.Errorf("no bids: got %v", got)
	}
}

func TestCheckEvaluatorConflict(t *testing.T) {
	t.Parallel()
	bureau, bidder, alliance, consortiumMember, other := uuid.New(), uuid.New(), uuid.New(), uuid.New(), uuid.New()
	bidders := domain.BidderOrganizationIDs([]*domain.OpenedBid{
		{OrganizationID: bidder},
		{OrganizationID: alliance, ConsortiumMemberIDs: []uuid.UUID{consortiumMember}},
	})
	member := func(ids ...uuid.UUID) []*domain.Membership {
		var ms []*domain.Membership
		for _, id := range ids {
			ms = append(ms, &domain.Membership{OrganizationID: id, Roles: []domain.Role{domain.RoleStaff}})
		}
		return ms
	}
	noConflict := &domain.ConflictDeclaration{Conflict: false}
	conflict := &domain.ConflictDeclaration{Conflict: true, Note: "配偶任职于投标机构"}
	cases := []struct {
		name        string
		memberships []*domain.Membership
		decl        *domain.ConflictDeclaration
		rule        string // "" for allowed
	}{
		{"OKBureauOnlyDeclaredNoConflict", member(bureau), noConflict, ""},
		{"OKOtherOrganisationDeclaredNoConflict", member(bureau, other), noConflict, ""},
		{"OKNilMembershipSkipped", append(member(bureau), nil), noConflict, ""},
		{"ErrMemberOfBidder", member(bureau, bidder), noConflict, "evaluator_independence"},
		{"ErrMemberOfConsortiumBidder", member(bureau, alliance), noConflict, "evaluator_independence"},
		{"ErrMemberOfConsortiumMember", member(bureau, consortiumMember), noConflict, "evaluator_independence"},
		{"ErrBidderMembershipEvenWithoutDeclaration", member(bidder), nil, "evaluator_independence"},
		{"ErrNoDeclaration", member(bureau), nil, "conflict_declaration"},
		{"ErrDeclaredConflict", member(bureau), conflict, "conflict_of_interest"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := domain.CheckEvaluatorConflict(tc.memberships, bidders, tc.decl)
			if tc.rule == "" {
				if err != nil {
					t.Fatalf("got %v, want allowed", err)
				}
				return
			}
			e := domain.AsError(err)
			if e == nil || e.Code != domain.EFORBIDDEN || !strings.Contains(e.Message, "rule "+tc.rule+":") {
				t.Fatalf("got %v, want EFORBIDDEN naming rule %s", err, tc.rule)
			}
			for _, id := range []uuid.UUID{bidder, alliance, consortiumMember} {
				if strings.Contains(e.Message, id.String()) {
					t.Errorf("message %q names an organisation", e.Message)
				}
			}
		})
	}
}
