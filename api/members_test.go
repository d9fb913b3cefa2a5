package api_test

import (
	"strings"
	"testing"
)

func TestMembers(t *testing.T) {
	t.Parallel()
	t.Run("AddChangeRemove", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		owner := h.signUp("Owner")
		staff := h.signUp("Staff")
		o := owner.createOrg("station", "梁溪区未成年人救助保护中心", nil)
		path := "/api/v1/organizations/" + o.ID + "/members"
		var m struct {
			UserID string `json:"user_id"`
			Email  string
			Roles  []string
		}
		owner.do("POST", path, map[string]any{"login": staff.Email, "roles": []string{"staff", "child_director"}}).want(201).decode(&m)
		if m.UserID != staff.ID || m.Email != staff.Email || len(m.Roles) != 2 {
			t.Fatalf("added %+v", m)
		}
		owner.do("PATCH", path+"/"+staff.ID, map[string]any{"roles": []string{"admin"}}).want(200).decode(&m)
		if len(m.Roles) != 1 || m.Roles[0] != "admin" {
			t.Fatalf("roles after PATCH = %v", m.Roles)
		}
		var list struct {
			Items []struct {
				UserID string `json:"user_id"`
			}
		}
		owner.do("GET", path, nil).want(200).decode(&list)
		if len(list.Items) != 2 {
			t.Fatalf("members = %+v, want owner and staff", list.Items)
		}
		owner.do("DELETE", path+"/"+staff.ID, nil).want(204)
		owner.do("DELETE", path+"/"+staff.ID, nil).problem(404)
		var notes struct{ Items []struct{ Kind string } }
		staff.do("GET", "/api/v1/notifications", nil).want(200).decode(&notes)
		if !hasKind(notes.Items, "member_added") {
			t.Fatalf("new member's inbox = %+v, want member_added", notes.Items)
		}
	})
	t.Run("ErrLastOwner", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		owner := h.signUp("Owner")
		o := owner.createOrg("station", "唯一负责人站", nil)
		owner.do("DELETE", "/api/v1/organizations/"+o.ID+"/members/"+owner.ID, nil).problem(409)
	})
	t.Run("ErrInput", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		owner := h.signUp("Owner")
		o := owner.createOrg("station", "输入检查站", nil)
		path := "/api/v1/organizations/" + o.ID + "/members"
		p := owner.do("POST", path, map[string]any{"login": "", "roles": []string{"janitor"}}).problem(422)
		p.field(t, "login")
		p.field(t, "roles")
		owner.do("POST", path, map[string]any{"login": "nobody@example.com", "roles": []string{"staff"}}).problem(422).field(t, "login")
		owner.do("POST", path, map[string]any{"login": owner.Email, "roles": []string{"staff"}}).problem(409)
		owner.do("PATCH", path+"/not-a-uuid", map[string]any{"roles": []string{"staff"}}).problem(404)
		owner.do("POST", path, map[string]any{"login": owner.Email, "roles": "staff"}).problem(422).field(t, "roles")
	})
}

func hasKind(items []struct{ Kind string }, kind string) bool {
	for _, n := range items {
		if n.Kind == kind {
			return true
		}
	}
	return false
}

func TestAlliances(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	lead := h.signUp("Lead")
	member := h.signUp("Member")
	stranger := h.signUp("Stranger")
	alliance := lead.createOrg("alliance", "无锡市未成年人保护社会组织联盟", nil)
	path := "/api/v1/organizations/" + alliance.ID + "/alliance-members"

	t.Run("InviteConfirmLeave", func(t *testing.T) {
		t.Parallel()
		o := member.createOrg("social_org", "星火中心", nil)
		var am struct {
			Status       string
			Organization org
		}
		lead.do("POST", path, map[string]any{"organization_id": o.ID}).want(201).decode(&am)
		if am.Status != "invited" || am.Organization.ID != o.ID {
			t.Fatalf("invited %+v", am)
		}
		var list struct{ Items []struct{ Status string } }
		h.anon().do("GET", path, nil).want(200).decode(&list)
		if countStatus(list.Items, "invited") != 0 {
			t.Fatalf("public list shows invitations: %+v", list.Items)
		}
		stranger.do("POST", path+"/"+o.ID+"/confirm", nil).problem(403)
		member.do("POST", path+"/"+o.ID+"/confirm", nil).want(200).decode(&am)
		if am.Status != "confirmed" {
			t.Fatalf("confirmed %+v", am)
		}
		list.Items = nil
		h.anon().do("GET", path, nil).want(200).decode(&list)
		if countStatus(list.Items, "confirmed") < 1 {
			t.Fatalf("public list lacks the confirmed member: %+v", list.Items)
		}
		member.do("DELETE", path+"/"+o.ID, nil).want(204)
	})
	t.Run("InvitationsForManagersOnly", func(t *testing.T) {
		t.Parallel()
		o := member.createOrg("social_org", "乐助事务所", nil)
		lead.do("POST", path, map[string]any{"organization_id": o.ID}).want(201)
		var list struct{ Items []struct{ Status string } }
		lead.do("GET", path+"?include_invited=true", nil).want(200).decode(&list)
		if countStatus(list.Items, "invited") < 1 {
			t.Fatalf("manager's list lacks the invitation: %+v", list.Items)
		}
		stranger.do("GET", path+"?include_invited=true", nil).problem(403)
		h.anon().do("GET", path+"?include_invited=maybe", nil).problem(422).field(t, "include_invited")
	})
	t.Run("ErrInvite", func(t *testing.T) {
		t.Parallel()
		o := stranger.createOrg("social_org", "路人机构", nil)
		stranger.do("POST", path, map[string]any{"organization_id": o.ID}).problem(403)
		lead.do("POST", path, map[string]any{"organization_id": "nope"}).problem(422).field(t, "organization_id")
		lead.do("POST", path, map[string]any{"organization_id": 7}).problem(422).field(t, "organization_id")
	})
}

func countStatus(items []struct{ Status string }, status string) int {
	n := 0
	for _, i := range items {
		if i.Status == status {
			n++
		}
	}
	return n
}

func TestInboxRegionsAudit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.signUp("Reader")
	t.Run("NotificationRead", func(t *testing.T) {
		t.Parallel()
		var notes struct {
			Items []struct {
				ID     string
				Kind   string
				ReadAt *string `json:"read_at"`
			}
		}
		u.do("GET", "/api/v1/notifications", nil).want(200).decode(&notes)
		if len(notes.Items) == 0 || notes.Items[0].Kind != "welcome" {
			t.Fatalf("inbox = %+v, want a welcome", notes.Items)
		}
		u.do("POST", "/api/v1/notifications/"+notes.Items[0].ID+"/read", nil).want(204)
		notes.Items = nil
		u.do("GET", "/api/v1/notifications", nil).want(200).decode(&notes)
		if notes.Items[0].ReadAt == nil {
			t.Fatalf("notification not marked read: %+v", notes.Items[0])
		}
		other := h.signUp("Other")
		other.do("POST", "/api/v1/notifications/"+notes.Items[0].ID+"/read", nil).problem(404)
		h.anon().do("GET", "/api/v1/notifications", nil).problem(401)
	})
	t.Run("Regions", func(t *testing.T) {
		t.Parallel()
		var regions struct{ Items []struct{ Code, Name string } }
		h.anon().do("GET", "/api/v1/regions?parent=320200", nil).want(200).decode(&regions)
		var names []string
		for _, r := range regions.Items {
			names = append(names, r.Name)
		}
		if !strings.Contains(strings.Join(names, ","), "梁溪区") {
			t.Fatalf("regions under 无锡市 = %v", names)
		}
		h.anon().do("GET", "/api/v1/regions", nil).want(200)
		h.anon().do("GET", "/api/v1/regions?parent=32", nil).problem(422).field(t, "parent")
	})
	t.Run("Audit", func(t *testing.T) {
		t.Parallel()
		owner := h.signUp("Auditor")
		o := owner.createOrg("bureau", "历下区民政局", nil)
		var entries struct {
			Items []struct {
				Action string
				Data   map[string]any
			}
		}
		owner.do("GET", "/api/v1/audit?organization_id="+o.ID, nil).want(200).decode(&entries)
		if len(entries.Items) == 0 || entries.Items[0].Action != "organization.created" {
			t.Fatalf("audit = %+v, want organization.created", entries.Items)
		}
		h.admin().do("GET", "/api/v1/audit?limit=2", nil).want(200)
		owner.do("GET", "/api/v1/audit?organization_id=nope", nil).problem(422).field(t, "organization_id")
		h.anon().do("GET", "/api/v1/audit", nil).problem(401)
	})
}
