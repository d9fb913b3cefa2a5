package api_test

import (
	"strings"
	"testing"
)

func TestOrganizations(t *testing.T) {
	t.Parallel()
	t.Run("CreateAndPublicProfile", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		owner := h.signUp("Owner")
		o := owner.createOrg("social_org", "无锡市星火青少年社会心理服务中心", map[string]any{"contact_phone": "0510-12345678"})
		if o.Kind != "social_org" || o.RegionName != "梁溪区" || o.VerificationStatus != "pending" {
			t.Fatalf("created %+v", o)
		}
		var public org
		res := h.anon().do("GET", "/api/v1/organizations/"+o.ID, nil).want(200)
		res.decode(&public)
		if public.Name != o.Name || public.ContactPhone == nil || *public.ContactPhone != "0510-12345678" {
			t.Fatalf("public profile %+v", public)
		}
		if strings.Contains(string(res.Body), "contact_email") {
			t.Fatalf("public profile shows the empty contact_email: %s", res.Body)
		}
		var me struct {
			Memberships []struct {
				OrganizationID string `json:"organization_id"`
				Roles          []string
			}
		}
		owner.do("GET", "/api/v1/me", nil).want(200).decode(&me)
		if len(me.Memberships) != 1 || me.Memberships[0].OrganizationID != o.ID || me.Memberships[0].Roles[0] != "owner" {
			t.Fatalf("creator's memberships = %+v, want owner of %s", me.Memberships, o.ID)
		}
	})
	t.Run("ErrBadCreditCode", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		u := h.signUp("Bad")
		before := h.rowCounts()
		code := creditCode()
		bad := code[:17] + map[bool]string{true: "1", false: "0"}[code[17] == '0']
		u.do("POST", "/api/v1/organizations", map[string]any{
			"kind": "station", "name": "梁溪区关爱之家", "credit_code": bad, "region_code": "320213",
		}).problem(422).field(t, "credit_code")
		h.unchanged(before)
	})
	t.Run("ErrDuplicateCreditCode", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		u := h.signUp("Twice")
		code := creditCode()
		body := map[string]any{"kind": "station", "name": "梁溪区关爱之家", "credit_code": code, "region_code": "320213"}
		u.do("POST", "/api/v1/organizations", body).want(201)
		before := h.rowCounts()
		u.do("POST", "/api/v1/organizations", body).problem(409)
		h.unchanged(before)
	})
	t.Run("ErrUnknownRegion", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		u := h.signUp("Nowhere")
		u.do("POST", "/api/v1/organizations", map[string]any{
			"kind": "station", "name": "无名站", "credit_code": creditCode(), "region_code": "999999",
		}).problem(422).field(t, "region_code")
	})
	t.Run("ErrAnonymousCreate", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.anon().do("POST", "/api/v1/organizations", map[string]any{"kind": "station"}).problem(401)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.anon().do("GET", "/api/v1/organizations/not-a-uuid", nil).problem(404)
		h.anon().do("GET", "/api/v1/organizations/0192f0c4-4e0e-7000-8000-000000000000", nil).problem(404)
	})
}

func TestPatchOrganization(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	owner := h.signUp("Owner")
	t.Run("OnlyGivenFieldsChange", func(t *testing.T) {
		t.Parallel()
		o := owner.createOrg("social_org", "锡山区乐助社工事务所", map[string]any{
			"description": "专业社工服务", "public_fundraising": true, "contact_email": "info@lezhu.example.org",
		})
		var got org
		owner.do("PATCH", "/api/v1/organizations/"+o.ID, map[string]any{"name": "锡山区乐助社会工作服务社"}).want(200).decode(&got)
		if got.Name != "锡山区乐助社会工作服务社" || got.Description != "专业社工服务" || !got.PublicFundraising ||
			got.ContactEmail == nil || *got.ContactEmail != "info@lezhu.example.org" || len(got.ServiceAreas) != 2 {
			t.Fatalf("after PATCH of name only: %+v", got)
		}
		got = org{}
		owner.do("PATCH", "/api/v1/organizations/"+o.ID, map[string]any{"public_fundraising": false, "contact_email": ""}).want(200).decode(&got)
		if got.PublicFundraising || got.ContactEmail != nil || got.Name != "锡山区乐助社会工作服务社" {
			t.Fatalf("after PATCH of public_fundraising and contact_email: %+v", got)
		}
	})
	t.Run("ErrInvalidWritesNothing", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t) // its own database, so siblings' writes do not count
		owner := h.signUp("Owner")
		o := owner.createOrg("social_org", "禾雨社会服务中心", nil)
		before := h.rowCounts()
		owner.do("PATCH", "/api/v1/organizations/"+o.ID, map[string]any{"name": "禾雨", "website": "javascript:alert(1)"}).
			problem(422).field(t, "website")
		h.unchanged(before)
		var got org
		h.anon().do("GET", "/api/v1/organizations/"+o.ID, nil).want(200).decode(&got)
		if got.Name != "禾雨社会服务中心" {
			t.Fatalf("name changed by a failed PATCH: %q", got.Name)
		}
	})
	t.Run("ErrImmutableFields", func(t *testing.T) {
		t.Parallel()
		o := owner.createOrg("social_org", "不可改机构", nil)
		owner.do("PATCH", "/api/v1/organizations/"+o.ID, map[string]any{"kind": "bureau"}).problem(400).field(t, "kind")
		owner.do("PATCH", "/api/v1/organizations/"+o.ID, map[string]any{"credit_code": creditCode()}).problem(400).field(t, "credit_code")
	})
}

func TestListOrganizations(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.signUp("Lister")
	for _, name := range []string{"站点一", "站点二", "站点三"} {
		u.createOrg("station", name, nil)
	}
	u.createOrg("bureau", "梁溪区民政局", nil)
	t.Run("FilterAndPage", func(t *testing.T) {
		t.Parallel()
		var page struct {
			Items      []org
			NextCursor string `json:"next_cursor"`
		}
		h.anon().do("GET", "/api/v1/organizations?kind=station&region=320200&limit=2", nil).want(200).decode(&page)
		if len(page.Items) != 2 || page.NextCursor == "" {
			t.Fatalf("first page = %d items, cursor %q", len(page.Items), page.NextCursor)
		}
		var rest struct {
			Items      []org
			NextCursor string `json:"next_cursor"`
		}
		h.anon().do("GET", "/api/v1/organizations?kind=station&region=320200&limit=2&cursor="+page.NextCursor, nil).want(200).decode(&rest)
		if len(rest.Items) != 1 || rest.NextCursor != "" || rest.Items[0].ID == page.Items[0].ID || rest.Items[0].ID == page.Items[1].ID {
			t.Fatalf("second page = %+v after %+v", rest, page)
		}
	})
	t.Run("EmptyIsArray", func(t *testing.T) {
		t.Parallel()
		res := h.anon().do("GET", "/api/v1/organizations?verification_status=verified", nil).want(200)
		if !strings.Contains(string(res.Body), `"items":[]`) {
			t.Fatalf("empty list = %s", res.Body)
		}
	})
	for name, q := range map[string]string{
		"ErrKind":   "kind=church",
		"ErrRegion": "region=32",
		"ErrStatus": "verification_status=maybe",
		"ErrLimit":  "limit=1000",
		"ErrNaN":    "limit=ten",
		"ErrCursor": "cursor=%21%21",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			field, _, _ := strings.Cut(q, "=")
			h.anon().do("GET", "/api/v1/organizations?"+q, nil).problem(422).field(t, field)
		})
	}
}

func TestVerification(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	owner := h.signUp("Owner")
	admin := h.admin()
	stranger := h.signUp("Stranger")
	t.Run("RejectedNoteOnlyForManagers", func(t *testing.T) {
		t.Parallel()
		o := owner.createOrg("social_org", "待补材料机构", nil)
		var got org
		admin.do("POST", "/api/v1/organizations/"+o.ID+"/verification", map[string]any{"status": "rejected", "note": "请补充登记证书"}).
			want(200).decode(&got)
		if got.VerificationStatus != "rejected" || got.VerificationNote == nil || *got.VerificationNote != "请补充登记证书" {
			t.Fatalf("after rejection: %+v", got)
		}
		for name, c := range map[string]*client{"anonymous": h.anon(), "stranger": stranger.client} {
			res := c.do("GET", "/api/v1/organizations/"+o.ID, nil).want(200)
			if strings.Contains(string(res.Body), "请补充登记证书") || strings.Contains(string(res.Body), "verification_note") {
				t.Fatalf("%s sees the verification note: %s", name, res.Body)
			}
		}
		owner.do("GET", "/api/v1/organizations/"+o.ID, nil).want(200).decode(&got)
		if got.VerificationNote == nil || *got.VerificationNote != "请补充登记证书" {
			t.Fatalf("owner does not see the note: %+v", got)
		}
	})
	t.Run("Verified", func(t *testing.T) {
		t.Parallel()
		o := owner.createOrg("social_org", "合格机构", nil)
		admin.do("POST", "/api/v1/organizations/"+o.ID+"/verification", map[string]any{"status": "verified"}).want(200)
		var page struct{ Items []org }
		h.anon().do("GET", "/api/v1/organizations?verification_status=verified", nil).want(200).decode(&page)
		if len(page.Items) != 1 || page.Items[0].ID != o.ID {
			t.Fatalf("verified list = %+v", page.Items)
		}
	})
	t.Run("ErrNotPlatformAdmin", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t) // its own database, so siblings' writes do not count
		owner := h.signUp("Owner")
		o := owner.createOrg("social_org", "自我认证机构", nil)
		before := h.rowCounts()
		owner.do("POST", "/api/v1/organizations/"+o.ID+"/verification", map[string]any{"status": "verified"}).problem(403)
		h.unchanged(before)
	})
	t.Run("ErrBadStatus", func(t *testing.T) {
		t.Parallel()
		o := owner.createOrg("social_org", "状态机构", nil)
		admin.do("POST", "/api/v1/organizations/"+o.ID+"/verification", map[string]any{"status": "pending"}).
			problem(422).field(t, "status")
	})
}
