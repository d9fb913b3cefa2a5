package domain_test

import (
	"testing"
	"time"

	"hutong/domain"
)

func TestParseDashboardYear(t *testing.T) {
	t.Parallel()
	// 2025-12-31 17:00 UTC is already 2026 in Beijing.
	now := time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC)
	for in, want := range map[string]int{"": 2026, " 2024 ": 2024, "2000": 2000, "2027": 2027} {
		got, err := domain.ParseDashboardYear(in, now)
		if err != nil || got != want {
			t.Errorf("ParseDashboardYear(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"1999", "2028", "二〇二五", "2025.5", "-2025"} {
		_, err := domain.ParseDashboardYear(in, now)
		if e := domain.AsError(err); e == nil || e.Code != domain.EMALFORMED || e.Fields[0].Field != "year" {
			t.Errorf("ParseDashboardYear(%q) = %v, want EMALFORMED year", in, err)
		}
	}
}

func TestCheckDashboardRegion(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"", "320213"} {
		if err := domain.CheckDashboardRegion(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"3202", "32021x", "3202130", "３２０２１３"} {
		if domain.ErrorCode(domain.CheckDashboardRegion(bad)) != domain.EMALFORMED {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestTargetMet(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind                domain.TargetKind
		target, sum, latest float64
		want                bool
	}{
		{domain.TargetPersonTimes, 5000, 5140, 3000, true}, // 人次 add up over periods
		{domain.TargetPersonTimes, 5000, 4280, 2140, false},
		{domain.TargetCount, 24, 24, 12, true},
		{domain.TargetPersonCount, 400, 762, 312, false}, // 人数 is cumulative: the latest counts
		{domain.TargetPersonCount, 400, 762, 450, true},
		{domain.TargetPercent, 95, 193, 96.5, true}, // a rate never sums
		{domain.TargetPercent, 95, 190, 94, false},
	} {
		if got := domain.TargetMet(c.kind, c.target, c.sum, c.latest); got != c.want {
			t.Errorf("TargetMet(%+v) = %v", c, got)
		}
	}
}

func TestCanViewDashboard(t *testing.T) {
	t.Parallel()
	bureau := &domain.Organization{ID: domain.NewID(), Kind: domain.KindBureau}
	org := &domain.Organization{ID: domain.NewID(), Kind: domain.KindSocialOrg}
	actor := func(org *domain.Organization, roles ...domain.Role) *domain.Actor {
		return &domain.Actor{User: &domain.User{ID: domain.NewID()},
			Memberships: []*domain.Membership{{OrganizationID: org.ID, Roles: roles}}}
	}
	for _, r := range domain.DashboardRoles {
		if err := domain.CanViewDashboard(actor(bureau, r), bureau); err != nil {
			t.Errorf("%s: %v", r, err)
		}
	}
	for name, a := range map[string]*domain.Actor{
		"anonymous":      nil,
		"child director": actor(bureau, domain.RoleChildDirector),
		"platform admin": {User: &domain.User{ID: domain.NewID(), IsPlatformAdmin: true}},
	} {
		if domain.ErrorCode(domain.CanViewDashboard(a, bureau)) != domain.ENOTFOUND {
			t.Errorf("%s allowed", name)
		}
	}
	if domain.ErrorCode(domain.CanViewDashboard(actor(org, domain.RoleOwner), org)) != domain.ENOTFOUND {
		t.Error("a social organisation has no dashboard")
	}
}
