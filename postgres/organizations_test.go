package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hutong/domain"
)

func TestCreateOrganization(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	owner := e.actor(t, e.register(t, "Owner"))

	t.Run("OK", func(t *testing.T) {
		in := orgInput(domain.KindSocialOrg, " 无锡市星火青少年社会心理服务中心 ", "320213")
		in.CreditCode = " " + strings.ToLower(in.CreditCode) + " "
		org, err := e.orgs.CreateOrganization(ctx, owner, in)
		must(t, err)
		if org.Name != "无锡市星火青少年社会心理服务中心" || org.RegionName != "梁溪区" || org.VerificationStatus != domain.VerificationPending ||
			len(org.ServiceAreas) != 2 || org.Rating != "4A" {
			t.Fatalf("org = %+v", org)
		}
		ms, err := e.members.FindMemberships(ctx, owner.User.ID)
		must(t, err)
		if len(ms) != 1 || ms[0].OrganizationID != org.ID || !ms[0].Has(domain.RoleOwner) || ms[0].OrganizationName != org.Name {
			t.Fatalf("memberships = %+v", ms)
		}
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'organization.created' AND organization_id = $1`, org.ID); n != 1 {
			t.Fatalf("audit rows = %d", n)
		}
		got, err := e.orgs.FindOrganizationByID(ctx, org.ID)
		must(t, err)
		if got.RegionName != "梁溪区" || got.CreditCode != org.CreditCode {
			t.Fatalf("found %+v", got)
		}
	})

	t.Run("ErrInvalidCreditCode", func(t *testing.T) {
		in := orgInput(domain.KindStation, "关爱之家", "320213")
		in.CreditCode = "52320200000000000X"
		_, err := e.orgs.CreateOrganization(ctx, owner, in)
		wantField(t, err, domain.EINVALID, "credit_code")
	})

	t.Run("ErrUnknownRegion", func(t *testing.T) {
		_, err := e.orgs.CreateOrganization(ctx, owner, orgInput(domain.KindStation, "关爱之家", "999999"))
		wantField(t, err, domain.EINVALID, "region_code")
	})

	t.Run("ErrAnonymous", func(t *testing.T) {
		_, err := e.orgs.CreateOrganization(ctx, nil, orgInput(domain.KindStation, "关爱之家", "320213"))
		wantCode(t, err, domain.EUNAUTHORIZED)
	})

	t.Run("ErrDuplicateCreditCodeWritesNothing", func(t *testing.T) {
		first := e.createOrg(t, owner, domain.KindStation, "第一家", "320213")
		totals := func() [4]int {
			return [4]int{
				e.count(t, `SELECT count(*) FROM audit_log`), e.count(t, `SELECT count(*) FROM organizations`),
				e.count(t, `SELECT count(*) FROM memberships`), e.count(t, `SELECT count(*) FROM river_job`),
			}
		}
		before := totals()
		in := orgInput(domain.KindStation, "第二家", "320213")
		in.CreditCode = first.CreditCode
		_, err := e.orgs.CreateOrganization(ctx, owner, in)
		wantField(t, err, domain.ECONFLICT, "credit_code")
		if after := totals(); after != before {
			t.Fatalf("rows before %v, after %v", before, after)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := e.orgs.FindOrganizationByID(ctx, domain.NewID())
		wantCode(t, err, domain.ENOTFOUND)
	})
}

func TestUpdateOrganization(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	alice := e.actor(t, e.register(t, "Alice"))
	bob := e.actor(t, e.register(t, "Bob"))
	orgA := e.createOrg(t, alice, domain.KindSocialOrg, "甲机构", "320213")
	orgB := e.createOrg(t, bob, domain.KindSocialOrg, "乙机构", "610502")
	alice, bob = e.actor(t, alice.User), e.actor(t, bob.User)

	t.Run("OK", func(t *testing.T) {
		in := orgInput(orgA.Kind, "甲机构（更新）", "320205")
		in.Description, in.Rating, in.ServiceAreas = "为儿童服务", "5A", []string{"legal_aid"}
		e.clock.Advance(time.Minute)
		got, err := e.orgs.UpdateOrganization(ctx, alice, orgA.ID, in)
		must(t, err)
		if got.Name != "甲机构（更新）" || got.RegionName != "锡山区" || got.Rating != "5A" ||
			got.CreditCode != orgA.CreditCode || got.Kind != orgA.Kind || len(got.ServiceAreas) != 1 {
			t.Fatalf("updated = %+v", got)
		}
		if !got.UpdatedAt.Equal(e.clock.Now()) || !got.CreatedAt.Equal(orgA.CreatedAt) {
			t.Fatalf("updated_at = %v", got.UpdatedAt)
		}
		var data string
		must(t, e.db.SQL().QueryRow(`SELECT data::text FROM audit_log WHERE action = 'organization.updated' AND organization_id = $1`, orgA.ID).Scan(&data))
		if data != `{"changed": ["name", "region_code", "service_areas", "rating", "description"]}` {
			t.Fatalf("audit data = %s", data)
		}
	})

	t.Run("ErrOtherOrganization", func(t *testing.T) {
		_, err := e.orgs.UpdateOrganization(ctx, alice, orgB.ID, orgInput(orgB.Kind, "被篡改", "610502"))
		wantCode(t, err, domain.EFORBIDDEN)
		got, err := e.orgs.FindOrganizationByID(ctx, orgB.ID)
		must(t, err)
		if got.Name != "乙机构" {
			t.Fatalf("name = %q", got.Name)
		}
	})

	t.Run("ErrStaff", func(t *testing.T) {
		carol := e.register(t, "Carol")
		_, err := e.members.AddMember(ctx, alice, orgA.ID, domain.MemberInput{Login: carol.Email, Roles: []domain.Role{domain.RoleStaff}})
		must(t, err)
		_, err = e.orgs.UpdateOrganization(ctx, e.actor(t, carol), orgA.ID, orgInput(orgA.Kind, "员工改名", "320213"))
		wantCode(t, err, domain.EFORBIDDEN)
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := e.orgs.UpdateOrganization(ctx, alice, orgA.ID, orgInput(orgA.Kind, "x", "320213"))
		wantField(t, err, domain.EINVALID, "name")
	})
}

func TestFindOrganizations(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	owner := e.actor(t, e.register(t, "Lister"))
	var ids []string
	for _, o := range []struct {
		kind   domain.OrgKind
		region string
	}{
		{domain.KindSocialOrg, "320213"}, {domain.KindStation, "320205"}, {domain.KindSocialOrg, "320506"},
		{domain.KindBureau, "370102"}, {domain.KindSocialOrg, "320200"},
	} {
		ids = append(ids, e.createOrg(t, owner, o.kind, "机构"+o.region, o.region).ID.String())
		e.clock.Advance(1) // distinct created_at; ids break ties anyway
	}

	find := func(t *testing.T, f domain.OrganizationFilter) []string {
		t.Helper()
		var out []string
		for {
			orgs, next, err := e.orgs.FindOrganizations(ctx, f)
			must(t, err)
			for _, o := range orgs {
				out = append(out, o.ID.String())
			}
			if next == "" {
				return out
			}
			f.Page.Cursor = next
		}
	}
	for _, tc := range []struct {
		name string
		f    domain.OrganizationFilter
		want []string
	}{
		{"All", domain.OrganizationFilter{}, []string{ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{"PagesOfTwo", domain.OrganizationFilter{Page: domain.Page{Limit: 2}}, []string{ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{"Province", domain.OrganizationFilter{RegionCode: "320000", Page: domain.Page{Limit: 1}}, []string{ids[4], ids[2], ids[1], ids[0]}},
		{"City", domain.OrganizationFilter{RegionCode: "320200"}, []string{ids[4], ids[1], ids[0]}},
		{"District", domain.OrganizationFilter{RegionCode: "320213"}, []string{ids[0]}},
		{"Kind", domain.OrganizationFilter{Kind: domain.KindSocialOrg, RegionCode: "320200"}, []string{ids[4], ids[0]}},
		{"Status", domain.OrganizationFilter{VerificationStatus: domain.VerificationVerified}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := find(t, tc.f); !equal(got, tc.want) {
				t.Fatalf("found %v, want %v", got, tc.want)
			}
			if n, err := e.orgs.CountOrganizations(ctx, tc.f); err != nil || n != len(tc.want) {
				t.Fatalf("counted %d (%v), want %d", n, err, len(tc.want))
			}
		})
	}

	t.Run("ErrInvalid", func(t *testing.T) {
		for field, f := range map[string]domain.OrganizationFilter{
			"kind":                {Kind: "club"},
			"region_code":         {RegionCode: "32"},
			"verification_status": {VerificationStatus: "maybe"},
			"limit":               {Page: domain.Page{Limit: 1000}},
			"cursor":              {Page: domain.Page{Cursor: "!!"}},
		} {
			_, _, err := e.orgs.FindOrganizations(ctx, f)
			wantField(t, err, domain.EINVALID, field)
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestVerifyOrganization(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	owner := e.actor(t, e.register(t, "Owner"))
	org := e.createOrg(t, owner, domain.KindSocialOrg, "锡山区乐助社工事务所", "320205")
	owner = e.actor(t, owner.User)
	admin := e.admin(t)

	t.Run("ErrNotAdmin", func(t *testing.T) {
		_, err := e.orgs.VerifyOrganization(ctx, owner, org.ID, domain.VerificationVerified, "")
		wantCode(t, err, domain.EFORBIDDEN)
	})

	t.Run("ErrStatus", func(t *testing.T) {
		_, err := e.orgs.VerifyOrganization(ctx, admin, org.ID, domain.VerificationPending, "")
		wantField(t, err, domain.EINVALID, "status")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := e.orgs.VerifyOrganization(ctx, admin, domain.NewID(), domain.VerificationVerified, "")
		wantCode(t, err, domain.ENOTFOUND)
	})

	t.Run("Rejected", func(t *testing.T) {
		got, err := e.orgs.VerifyOrganization(ctx, admin, org.ID, domain.VerificationRejected, " 请补充登记证书 ")
		must(t, err)
		if got.VerificationStatus != domain.VerificationRejected || got.VerificationNote != "请补充登记证书" || got.VerifiedAt != nil {
			t.Fatalf("org = %+v", got)
		}
		ns := e.notifications(t, owner.User.ID)
		last := ns[0]
		if last.Kind != domain.NotifyOrgRejected || last.Params["org"] != org.Name || last.Params["note"] != "请补充登记证书" ||
			last.Link != "/org/"+org.ID.String() {
			t.Fatalf("notification = %+v", last)
		}
	})

	t.Run("Verified", func(t *testing.T) {
		got, err := e.orgs.VerifyOrganization(ctx, admin, org.ID, domain.VerificationVerified, "")
		must(t, err)
		if !got.Verified() || got.VerifiedAt == nil || !got.VerifiedAt.Equal(e.clock.Now()) {
			t.Fatalf("org = %+v", got)
		}
		if ns := e.notifications(t, owner.User.ID); ns[0].Kind != domain.NotifyOrgVerified {
			t.Fatalf("notification = %+v", ns[0])
		}
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'organization.verified' AND organization_id = $1 AND actor_id = $2`,
			org.ID, admin.User.ID); n != 2 {
			t.Fatalf("audit rows = %d", n)
		}
		orgs, _, err := e.orgs.FindOrganizations(ctx, domain.OrganizationFilter{VerificationStatus: domain.VerificationVerified})
		must(t, err)
		if len(orgs) != 1 || orgs[0].ID != org.ID {
			t.Fatalf("verified list = %v", orgs)
		}
	})
}
