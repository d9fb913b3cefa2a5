package api_test

import (
	"strings"
	"testing"
)

// TestCrossTenant proves a member of one organisation can neither change
// another's profile or members nor read its members' contact details.
func TestCrossTenant(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	alice := h.signUp("Alice") // owner of A
	bob := h.signUp("Bob")     // owner of B
	carol := h.signUp("Carol") // staff of B, with contact details to protect
	a := alice.createOrg("social_org", "甲机构", nil)
	b := bob.createOrg("social_org", "乙机构", nil)
	bob.do("POST", "/api/v1/organizations/"+b.ID+"/members", map[string]any{"login": carol.Email, "roles": []string{"staff"}}).want(201)
	_ = a

	t.Run("ErrPatchOther", func(t *testing.T) {
		t.Parallel()
		before := h.rowCounts()
		alice.do("PATCH", "/api/v1/organizations/"+b.ID, map[string]any{"name": "被篡改"}).problem(403)
		h.unchanged(before)
		var got org
		h.anon().do("GET", "/api/v1/organizations/"+b.ID, nil).want(200).decode(&got)
		if got.Name != "乙机构" {
			t.Fatalf("B renamed to %q by a stranger", got.Name)
		}
	})
	t.Run("ErrListOtherMembers", func(t *testing.T) {
		t.Parallel()
		res := alice.do("GET", "/api/v1/organizations/"+b.ID+"/members", nil)
		res.problem(403)
		if strings.Contains(string(res.Body), carol.Email) {
			t.Fatalf("403 answer leaks a member's email: %s", res.Body)
		}
	})
	t.Run("ErrStaffListsMembers", func(t *testing.T) {
		t.Parallel()
		carol.do("GET", "/api/v1/organizations/"+b.ID+"/members", nil).problem(403)
	})
	t.Run("ErrAddMemberToOther", func(t *testing.T) {
		t.Parallel()
		before := h.rowCounts()
		alice.do("POST", "/api/v1/organizations/"+b.ID+"/members", map[string]any{"login": alice.Email, "roles": []string{"owner"}}).problem(403)
		h.unchanged(before)
	})
	t.Run("ErrChangeOtherMember", func(t *testing.T) {
		t.Parallel()
		alice.do("PATCH", "/api/v1/organizations/"+b.ID+"/members/"+carol.ID, map[string]any{"roles": []string{"admin"}}).problem(403)
		alice.do("DELETE", "/api/v1/organizations/"+b.ID+"/members/"+carol.ID, nil).problem(403)
	})
	t.Run("ErrOtherAudit", func(t *testing.T) {
		t.Parallel()
		alice.do("GET", "/api/v1/audit?organization_id="+b.ID, nil).problem(403)
		alice.do("GET", "/api/v1/audit", nil).problem(403)
	})
	t.Run("NoContactDetailsInPublicViews", func(t *testing.T) {
		t.Parallel()
		for _, path := range []string{"/api/v1/organizations/" + b.ID, "/api/v1/organizations"} {
			res := alice.do("GET", path, nil).want(200)
			if strings.Contains(string(res.Body), carol.Email) || strings.Contains(string(res.Body), bob.Email) {
				t.Fatalf("%s shows a member's email: %s", path, res.Body)
			}
		}
	})
	t.Run("OwnerSeesContactDetails", func(t *testing.T) {
		t.Parallel()
		res := bob.do("GET", "/api/v1/organizations/"+b.ID+"/members", nil).want(200)
		if !strings.Contains(string(res.Body), carol.Email) {
			t.Fatalf("owner's member list lacks the member's email: %s", res.Body)
		}
	})
}

// TestMassAssignment proves fields a caller may not set are refused
// outright and change nothing.
func TestMassAssignment(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	owner := h.signUp("Owner")
	o := owner.createOrg("social_org", "自封认证机构", nil)
	cases := map[string]struct {
		method, path string
		body         map[string]any
		field        string
	}{
		"ErrCreateVerified": {"POST", "/api/v1/organizations", map[string]any{
			"kind": "station", "name": "自封站", "credit_code": creditCode(), "region_code": "320213",
			"verification_status": "verified"}, "verification_status"},
		"ErrPatchVerified":   {"PATCH", "/api/v1/organizations/" + o.ID, map[string]any{"verified": true}, "verified"},
		"ErrPatchStatus":     {"PATCH", "/api/v1/organizations/" + o.ID, map[string]any{"name": "新名", "verification_status": "verified"}, "verification_status"},
		"ErrPatchVerifiedAt": {"PATCH", "/api/v1/organizations/" + o.ID, map[string]any{"verified_at": "2026-01-01T00:00:00Z"}, "verified_at"},
		"ErrRegisterAdmin":   {"POST", "/api/v1/auth/register", map[string]any{"email": "x@example.com", "password": password, "display_name": "X", "is_platform_admin": true}, "is_platform_admin"},
		"ErrMemberUserID":    {"POST", "/api/v1/organizations/" + o.ID + "/members", map[string]any{"login": owner.Email, "roles": []string{"staff"}, "user_id": owner.ID}, "user_id"},
		"ErrPatchID":         {"PATCH", "/api/v1/organizations/" + o.ID, map[string]any{"id": o.ID}, "id"},
	}
	// The group returns only when every refused request has run, so the
	// state is checked after all of them.
	t.Run("Refused", func(t *testing.T) {
		for name, tc := range cases {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				before := h.rowCounts()
				owner.do(tc.method, tc.path, tc.body).problem(400).field(t, tc.field)
				h.unchanged(before)
			})
		}
	})
	t.Run("StatusUnchanged", func(t *testing.T) {
		var got org
		owner.do("GET", "/api/v1/organizations/"+o.ID, nil).want(200).decode(&got)
		if got.VerificationStatus != "pending" || got.Name != "自封认证机构" {
			t.Fatalf("organisation changed by refused requests: %+v", got)
		}
	})
}
