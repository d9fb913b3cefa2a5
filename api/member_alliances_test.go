package api_test

import "testing"

func TestMemberAlliances(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	lead := h.signUp("Lead")
	member := h.signUp("Member")
	joined := lead.createOrg("alliance", "无锡市未成年人保护社会组织联盟", nil)
	pending := lead.createOrg("alliance", "梁溪区社工联盟", nil)
	o := member.createOrg("social_org", "星火中心", nil)
	for _, a := range []org{joined, pending} {
		lead.do("POST", "/api/v1/organizations/"+a.ID+"/alliance-members", map[string]any{"organization_id": o.ID}).want(201)
	}
	member.do("POST", "/api/v1/organizations/"+joined.ID+"/alliance-members/"+o.ID+"/confirm", nil).want(200)

	t.Run("ConfirmedAlliancesOnly", func(t *testing.T) {
		t.Parallel()
		var list struct {
			Items []struct {
				AllianceID   string `json:"alliance_id"`
				Status       string
				Organization org
			}
			NextCursor *string `json:"next_cursor"`
		}
		h.anon().do("GET", "/api/v1/organizations/"+o.ID+"/alliances", nil).want(200).decode(&list)
		if len(list.Items) != 1 || list.NextCursor == nil || *list.NextCursor != "" {
			t.Fatalf("alliances = %+v, want the confirmed one only and an empty cursor", list)
		}
		it := list.Items[0]
		if it.AllianceID != joined.ID || it.Status != "confirmed" || it.Organization.ID != joined.ID ||
			it.Organization.Name != "无锡市未成年人保护社会组织联盟" {
			t.Fatalf("item = %+v, want the alliance %s", it, joined.ID)
		}
	})
	t.Run("EmptyListNotNull", func(t *testing.T) {
		t.Parallel()
		res := h.anon().do("GET", "/api/v1/organizations/"+pending.ID+"/alliances", nil).want(200)
		if string(res.Body) != `{"items":[],"next_cursor":""}` {
			t.Fatalf("body = %s", res.Body)
		}
	})
	t.Run("ErrUnknownOrganization", func(t *testing.T) {
		t.Parallel()
		h.anon().do("GET", "/api/v1/organizations/0190a0c1-7e5a-7000-8000-000000000000/alliances", nil).problem(404)
		h.anon().do("GET", "/api/v1/organizations/nope/alliances", nil).problem(404)
	})
}
