package domain_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

func bidInput() domain.BidInput {
	return domain.BidInput{
		OrganizationID: uuid.New(), PriceFen: 45_000_000,
		TechnicalProposal: "  以个案管理为主线，入户走访与心理疏导相结合。 ",
		Team:              []domain.TeamMember{{Name: " 王芳 ", Role: "项目主管", Qualification: "中级社工师"}},
	}
}

func TestBidInputNormalize(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		change func(*domain.BidInput)
		field  string
	}{
		{"ErrPriceZero", func(in *domain.BidInput) { in.PriceFen = 0 }, "price_fen"},
		{"ErrPriceAboveBudget", func(in *domain.BidInput) { in.PriceFen = 50_000_001 }, "price_fen"},
		{"ErrProposalShort", func(in *domain.BidInput) { in.TechnicalProposal = "太短" }, "technical_proposal"},
		{"ErrProposalLong", func(in *domain.BidInput) { in.TechnicalProposal = strings.Repeat("案", 50001) }, "technical_proposal"},
		{"ErrTeamTooLarge", func(in *domain.BidInput) { in.Team = make([]domain.TeamMember, 51) }, "team"},
		{"ErrTeamNameMissing", func(in *domain.BidInput) { in.Team[0].Name = " " }, "team.name"},
		{"ErrConsortiumSelf", func(in *domain.BidInput) { in.ConsortiumMemberIDs = []uuid.UUID{in.OrganizationID} }, "consortium_member_ids"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := bidInput()
			tc.change(&in)
			e := domain.AsError(in.Normalize(50_000_000))
			if e == nil || e.Code != domain.EINVALID || !hasField(e, tc.field) {
				t.Fatalf("got %+v, want EINVALID on %s", e, tc.field)
			}
		})
	}
	t.Run("OKPriceAtBudgetTrimmed", func(t *testing.T) {
		t.Parallel()
		in := bidInput()
		in.PriceFen = 50_000_000
		if err := in.Normalize(50_000_000); err != nil {
			t.Fatal(err)
		}
		if in.Team[0].Name != "王芳" || strings.HasPrefix(in.TechnicalProposal, " ") {
			t.Errorf("not trimmed: %+v", in)
		}
	})
}

func hasField(e *domain.Error, f string) bool {
	for _, x := range e.Fields {
		if x.Field == f {
			return true
		}
	}
	return false
}

func TestCanonicalBidContent(t *testing.T) {
	t.Parallel()
	a, b := uuid.New(), uuid.New()
	in := bidInput()
	c := in.Content()
	bid := &domain.Bid{ID: uuid.New(), ProjectID: uuid.New(), OrganizationID: in.OrganizationID,
		ConsortiumMemberIDs: []uuid.UUID{a, b}, Content: &c,
		Receipt: domain.BidReceipt{SubmittedAt: time.Date(2026, 1, 5, 10, 0, 0, 123000, time.FixedZone("CST", 8*3600))}}
	raw, sum, err := domain.CanonicalBidContent(bid)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("StableUnderMemberOrder", func(t *testing.T) {
		t.Parallel()
		other := *bid
		other.ConsortiumMemberIDs = []uuid.UUID{b, a, b}
		raw2, sum2, _ := domain.CanonicalBidContent(&other)
		if sum2 != sum || string(raw2) != string(raw) {
			t.Errorf("hash changed with member order")
		}
	})
	t.Run("ChangesWithPrice", func(t *testing.T) {
		t.Parallel()
		other, c2 := *bid, c
		c2.PriceFen++
		other.Content = &c2
		if _, sum2, _ := domain.CanonicalBidContent(&other); sum2 == sum || len(sum2) != 64 {
			t.Errorf("hash %q did not change with the price", sum2)
		}
	})
	t.Run("SortedKeysUTCRoundTrip", func(t *testing.T) {
		t.Parallel()
		s := string(raw)
		if !strings.HasPrefix(s, `{"bid_id":`) || !strings.Contains(s, `"submitted_at":"2026-01-05T02:00:00.000123Z"`) ||
			strings.Index(s, `"price_fen"`) > strings.Index(s, `"project_id"`) || strings.Contains(s, "\n") {
			t.Errorf("not canonical: %s", s)
		}
		back, err := domain.ParseCanonicalBid(raw)
		if err != nil || back.PriceFen != c.PriceFen || back.Team[0] != c.Team[0] {
			t.Errorf("round trip: %+v, %v", back, err)
		}
	})
	t.Run("ErrWithoutContent", func(t *testing.T) {
		t.Parallel()
		if _, _, err := domain.CanonicalBidContent(&domain.Bid{}); err == nil {
			t.Error("no error")
		}
	})
}

func TestCheckBidEligibility(t *testing.T) {
	t.Parallel()
	p := &domain.Project{Eligibility: domain.Eligibility{MinRating: "3A", RegionCodes: []string{"320200"}, VerifiedOnly: true}}
	org := func(change func(*domain.Organization)) *domain.Organization {
		o := &domain.Organization{Name: "梁溪社工", Kind: domain.KindSocialOrg, Rating: "4A", RegionCode: "320213",
			VerificationStatus: domain.VerificationVerified}
		if change != nil {
			change(o)
		}
		return o
	}
	cases := []struct {
		name    string
		org     *domain.Organization
		members []*domain.Organization
		rule    string
	}{
		{"OKEligible", org(nil), nil, ""},
		{"OKAllianceConsortium", org(func(o *domain.Organization) { o.Kind = domain.KindAlliance }), []*domain.Organization{org(nil)}, ""},
		{"ErrBureau", org(func(o *domain.Organization) { o.Kind = domain.KindBureau }), nil, "rule kind"},
		{"ErrUnverified", org(func(o *domain.Organization) { o.VerificationStatus = domain.VerificationPending }), nil, "rule verified"},
		{"ErrRatingBelow", org(func(o *domain.Organization) { o.Rating = "2A" }), nil, "rule min_rating"},
		{"ErrUnrated", org(func(o *domain.Organization) { o.Rating = "" }), nil, "rule min_rating"},
		{"ErrRegion", org(func(o *domain.Organization) { o.RegionCode = "320102" }), nil, "rule region_codes"},
		{"ErrConsortiumNotAlliance", org(nil), []*domain.Organization{org(nil)}, "rule consortium"},
		{"ErrConsortiumMemberUnverified", org(func(o *domain.Organization) { o.Kind = domain.KindAlliance }),
			[]*domain.Organization{org(func(o *domain.Organization) { o.VerificationStatus = "" })}, "rule consortium"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := domain.CheckBidEligibility(p, tc.org, tc.members)
			if tc.rule == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if domain.ErrorCode(err) != domain.EFORBIDDEN || !strings.Contains(domain.ErrorMessage(err), tc.rule) {
				t.Fatalf("got %v, want EFORBIDDEN %s", err, tc.rule)
			}
		})
	}
}

func TestBidPolicy(t *testing.T) {
	t.Parallel()
	org := &domain.Organization{ID: uuid.New(), Kind: domain.KindSocialOrg}
	staff := &domain.Actor{User: &domain.User{ID: uuid.New()}, Memberships: []*domain.Membership{
		{OrganizationID: org.ID, Roles: []domain.Role{domain.RoleStaff}}}}
	admin := &domain.Actor{User: &domain.User{ID: uuid.New(), IsPlatformAdmin: true}}
	for _, a := range []domain.Action{domain.ActionBidSubmit, domain.ActionBidWithdraw, domain.ActionBidView} {
		if err := domain.Can(staff, a, org); err != nil {
			t.Errorf("staff %s: %v", a, err)
		}
		if domain.ErrorCode(domain.Can(admin, a, org)) != domain.EFORBIDDEN {
			t.Errorf("platform admin may %s", a)
		}
	}
}

func TestCheckBiddingOpen(t *testing.T) {
	t.Parallel()
	deadline := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	p := &domain.Project{Status: domain.StatusPublished, Timeline: domain.Timeline{BidDeadline: &deadline}}
	if err := domain.CheckBiddingOpen(p, deadline.Add(-time.Microsecond)); err != nil {
		t.Errorf("before the deadline: %v", err)
	}
	if domain.ErrorCode(domain.CheckBiddingOpen(p, deadline)) != domain.ECONFLICT {
		t.Error("open at the deadline")
	}
}
