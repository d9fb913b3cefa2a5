package api_test

import (
	"testing"
	"time"

	"hutong/api"
	"hutong/postgres"
)

func TestActivitiesAPI(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) {
		d.Activities, d.Volunteers, d.Signups = postgres.NewActivityService(db), postgres.NewVolunteerService(db), postgres.NewSignupService(db)
	})
	owner, stranger, v := h.signUp("Org"), h.signUp("Stranger"), h.signUp("Volunteer")
	org := owner.createOrg("social_org", "无锡市星火青少年社会心理服务中心", nil)
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	body := map[string]any{"title": "周末课业辅导", "description": "为留守儿童辅导作业,讲解数学和语文。", "category": "tutoring",
		"skills": []string{"数学"}, "region_code": "320213", "address": "梁溪区某社区活动中心",
		"shifts": []map[string]any{{"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(2 * time.Hour).Format(time.RFC3339), "capacity": 1}}}
	t.Run("ErrStranger404", func(t *testing.T) {
		stranger.do("POST", "/api/v1/organizations/"+org.ID+"/activities", body).problem(404)
	})
	var a struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Shifts []struct {
			ID         string `json:"id"`
			PlacesLeft int    `json:"places_left"`
		} `json:"shifts"`
	}
	owner.do("POST", "/api/v1/organizations/"+org.ID+"/activities", body).want(201).decode(&a)
	h.anon().do("GET", "/api/v1/activities/"+a.ID, nil).problem(404)
	owner.do("POST", "/api/v1/activities/"+a.ID+"/publish", nil).want(200).decode(&a)
	var list itemsOf[map[string]any]
	h.anon().do("GET", "/api/v1/activities?region=320200", nil).want(200).decode(&list)
	if len(list.Items) != 1 {
		t.Fatalf("public list = %+v", list.Items)
	}
	t.Run("ErrUnknownParam422", func(t *testing.T) {
		h.anon().do("GET", "/api/v1/activities?near=1", nil).problem(422).field(t, "near")
	})
	v.do("POST", "/api/v1/shifts/"+a.Shifts[0].ID+"/signups", nil).want(201)
	h.anon().do("GET", "/api/v1/activities/"+a.ID, nil).want(200).decode(&a)
	if a.Shifts[0].PlacesLeft != 0 {
		t.Errorf("places left after a sign-up = %d", a.Shifts[0].PlacesLeft)
	}
	t.Run("Profile", func(t *testing.T) {
		v.do("GET", "/api/v1/volunteers/me", nil).problem(404)
		v.do("PUT", "/api/v1/volunteers/me", map[string]any{"skills": []string{"课业辅导"}, "region_code": "320213", "birth_year": 1995}).want(200)
		v.do("GET", "/api/v1/volunteers/me", nil).want(200)
		v.do("PUT", "/api/v1/volunteers/me", map[string]any{"birth_year": 2012}).problem(422)
		stranger.do("GET", "/api/v1/volunteers/me", nil).problem(404)
	})
}

func TestSafeguardingGateAPI(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) {
		d.Activities, d.Volunteers, d.Signups = postgres.NewActivityService(db), postgres.NewVolunteerService(db), postgres.NewSignupService(db)
	})
	owner, checked, unchecked := h.signUp("Org"), h.signUp("Checked"), h.signUp("Unchecked")
	org := owner.createOrg("social_org", "无锡市星火青少年社会心理服务中心", nil)
	for _, u := range []*user{checked, unchecked} {
		u.do("PUT", "/api/v1/volunteers/me", map[string]any{"region_code": "320213", "birth_year": 1990}).want(200)
	}
	today := time.Now().In(time.FixedZone("CST", 8*3600))
	check := map[string]any{"volunteer_id": checked.ID, "inquiring_unit": "无锡市公安局梁溪分局", "checked_on": today.AddDate(0, 0, -1).Format("2006-01-02"),
		"result": "clear", "expires_on": today.AddDate(1, 0, 0).Format("2006-01-02")}
	t.Run("ErrBadDate422", func(t *testing.T) {
		bad := map[string]any{}
		for k, v := range check {
			bad[k] = v
		}
		bad["expires_on"] = "2027-02-30"
		owner.do("POST", "/api/v1/organizations/"+org.ID+"/safeguarding-checks", bad).problem(422).field(t, "expires_on")
	})
	t.Run("ErrVolunteerRecordsOwnCheck", func(t *testing.T) {
		checked.do("POST", "/api/v1/organizations/"+org.ID+"/safeguarding-checks", check).problem(403)
	})
	owner.do("POST", "/api/v1/organizations/"+org.ID+"/safeguarding-checks", check).want(201)
	var mine itemsOf[map[string]any]
	checked.do("GET", "/api/v1/volunteers/me/checks", nil).want(200).decode(&mine)
	if len(mine.Items) != 1 || mine.Items[0]["result"] != "clear" {
		t.Errorf("checks = %+v", mine.Items)
	}
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	body := map[string]any{"title": "困境儿童入户陪伴", "description": "陪伴困境儿童阅读和做作业。", "category": "home_visits",
		"region_code": "320213", "child_facing": true, "min_age": 18,
		"shifts": []map[string]any{{"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(2 * time.Hour).Format(time.RFC3339), "capacity": 5}}}
	var a struct {
		ID     string `json:"id"`
		Shifts []struct {
			ID string `json:"id"`
		} `json:"shifts"`
	}
	owner.do("POST", "/api/v1/organizations/"+org.ID+"/activities", body).want(201).decode(&a)
	owner.do("POST", "/api/v1/activities/"+a.ID+"/publish", nil).want(200)
	signups := "/api/v1/shifts/" + a.Shifts[0].ID + "/signups"
	unchecked.do("POST", signups, nil).problem(403)
	checked.do("POST", signups, nil).want(201)
}

func TestStaffApprovalAndAttendanceAPI(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) {
		d.Activities, d.Volunteers = postgres.NewActivityService(db), postgres.NewVolunteerService(db)
		d.Signups, d.Hours = postgres.NewSignupService(db), postgres.NewHoursService(db)
	})
	owner, v, other := h.signUp("Org"), h.signUp("Volunteer"), h.signUp("Other")
	org := owner.createOrg("social_org", "无锡市星火青少年社会心理服务中心", nil)
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	body := map[string]any{"title": "周末课业辅导", "description": "为留守儿童辅导作业,讲解数学和语文。", "category": "tutoring",
		"region_code": "320213", "approval": "staff",
		"shifts": []map[string]any{{"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(2 * time.Hour).Format(time.RFC3339), "capacity": 2}}}
	var a struct {
		ID     string `json:"id"`
		Shifts []struct {
			ID string `json:"id"`
		} `json:"shifts"`
	}
	owner.do("POST", "/api/v1/organizations/"+org.ID+"/activities", body).want(201).decode(&a)
	owner.do("POST", "/api/v1/activities/"+a.ID+"/publish", nil).want(200)
	var su signupJSON
	v.do("POST", "/api/v1/shifts/"+a.Shifts[0].ID+"/signups", nil).want(201).decode(&su)
	if su.Status != "pending" {
		t.Fatalf("sign-up = %+v", su)
	}
	decision := "/api/v1/signups/" + su.ID + "/decision"
	t.Run("ErrOtherVolunteerDecides", func(t *testing.T) {
		r := other.do("POST", decision, map[string]any{"decision": "approve"})
		if r.Code != 403 && r.Code != 404 {
			t.Errorf("status %d", r.Code)
		}
	})
	t.Run("ErrBadDecision422", func(t *testing.T) {
		owner.do("POST", decision, map[string]any{"decision": "maybe"}).problem(422).field(t, "decision")
	})
	owner.do("POST", decision, map[string]any{"decision": "approve"}).want(200).decode(&su)
	if su.Status != "confirmed" {
		t.Errorf("approved sign-up = %+v", su)
	}
	// Attendance by hand on a shift that has ended.
	shift := insertShift(t, h, org.ID, time.Now().Add(-3*time.Hour), 3)
	var signupID string
	must(t, h.db.SQL().QueryRow(`INSERT INTO signups (id, shift_id, volunteer_id, status, position, starts_at, ends_at, created_at, updated_at)
		SELECT gen_random_uuid(), s.id, $2, 'confirmed', 0, s.starts_at, s.ends_at, now(), now() FROM shifts s WHERE s.id = $1 RETURNING id`,
		shift, v.ID).Scan(&signupID))
	_, err := h.db.SQL().Exec(`UPDATE shifts SET confirmed = 1 WHERE id = $1`, shift)
	must(t, err)
	in := time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Minute)
	attendance := "/api/v1/signups/" + signupID + "/attendance"
	t.Run("ErrBeyondTheShift422", func(t *testing.T) {
		owner.do("POST", attendance, map[string]any{"checked_in_at": in.Format(time.RFC3339), "checked_out_at": in.Add(5 * time.Hour).Format(time.RFC3339)}).problem(422)
	})
	t.Run("ErrVolunteerMarksOwn", func(t *testing.T) {
		r := v.do("POST", attendance, map[string]any{"checked_in_at": in.Format(time.RFC3339), "checked_out_at": in.Add(time.Hour).Format(time.RFC3339)})
		if r.Code != 403 && r.Code != 404 {
			t.Errorf("status %d", r.Code)
		}
	})
	owner.do("POST", attendance, map[string]any{"checked_in_at": in.Format(time.RFC3339), "checked_out_at": in.Add(90 * time.Minute).Format(time.RFC3339)}).want(201)
	var hours itemsOf[struct {
		Minutes int    `json:"minutes"`
		Source  string `json:"source"`
	}]
	v.do("GET", "/api/v1/hours", nil).want(200).decode(&hours)
	if len(hours.Items) != 1 || hours.Items[0].Minutes != 90 || hours.Items[0].Source != "staff" {
		t.Errorf("hours = %+v", hours.Items)
	}
}
