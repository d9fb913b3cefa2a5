package api_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/api"
	"hutong/postgres"
)

type signupJSON struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Position int64  `json:"position"`
}

// insertShift writes a published activity of org with one shift from
// start for two hours with capacity places.
func insertShift(t *testing.T, h *harness, org string, start time.Time, capacity int) string {
	t.Helper()
	activity, shift := uuid.New(), uuid.New()
	_, err := h.db.SQL().Exec(`INSERT INTO activities (id, organization_id, title, description, category, region_code, status, created_at, updated_at)
		VALUES ($1, $2, '周末课业辅导', '为留守儿童辅导作业', 'tutoring', '320213', 'published', now(), now())`, activity, org)
	must(t, err)
	_, err = h.db.SQL().Exec(`INSERT INTO shifts (id, activity_id, starts_at, ends_at, capacity, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, now(), now())`, shift, activity, start, start.Add(2*time.Hour), capacity)
	must(t, err)
	return shift.String()
}

func TestSignupsAPI(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) {
		d.Signups, d.Hours = postgres.NewSignupService(db), postgres.NewHoursService(db)
	})
	owner, v1, v2 := h.signUp("Org"), h.signUp("Volunteer1"), h.signUp("Volunteer2")
	org := owner.createOrg("social_org", "无锡市星火青少年社会心理服务中心", nil)
	start := time.Now().Add(48 * time.Hour)
	shift := insertShift(t, h, org.ID, start, 1)
	signups := "/api/v1/shifts/" + shift + "/signups"
	var first, second signupJSON
	v1.do("POST", signups, nil).want(201).decode(&first)
	v2.do("POST", signups, nil).want(201).decode(&second)
	if first.Status != "confirmed" || second.Status != "waitlisted" || second.Position < 1 {
		t.Fatalf("first %+v, second %+v", first, second)
	}
	t.Run("ErrTwice409", func(t *testing.T) {
		v1.do("POST", signups, nil).problem(409)
	})
	t.Run("ErrOverlap409", func(t *testing.T) {
		other := insertShift(t, h, org.ID, start.Add(time.Hour), 5)
		v1.do("POST", "/api/v1/shifts/"+other+"/signups", nil).problem(409)
	})
	t.Run("ErrAnothersSignup404", func(t *testing.T) {
		v2.do("DELETE", "/api/v1/signups/"+first.ID, nil).problem(404)
	})
	t.Run("ErrUnknownShift404", func(t *testing.T) {
		v1.do("POST", "/api/v1/shifts/"+uuid.NewString()+"/signups", nil).problem(404)
	})
	v1.do("DELETE", "/api/v1/signups/"+first.ID, nil).want(200)
	var mine itemsOf[signupJSON]
	v2.do("GET", "/api/v1/signups", nil).want(200).decode(&mine)
	if len(mine.Items) != 1 || mine.Items[0].Status != "confirmed" {
		t.Errorf("the waitlisted volunteer was not promoted: %+v", mine.Items)
	}
	var roster itemsOf[signupJSON]
	owner.do("GET", signups, nil).want(200).decode(&roster)
	if len(roster.Items) == 0 {
		t.Errorf("the organisation sees no roster")
	}
}

func TestCheckinAPI(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, func(db *postgres.DB, d *api.Deps) {
		d.Signups, d.Hours = postgres.NewSignupService(db), postgres.NewHoursService(db)
	})
	owner, v := h.signUp("Org"), h.signUp("Volunteer")
	org := owner.createOrg("social_org", "无锡市星火青少年社会心理服务中心", nil)
	shift := insertShift(t, h, org.ID, time.Now().Add(-10*time.Minute), 3)
	_, err := h.db.SQL().Exec(`INSERT INTO signups (id, shift_id, volunteer_id, status, position, starts_at, ends_at, created_at, updated_at)
		SELECT gen_random_uuid(), s.id, $2, 'confirmed', 0, s.starts_at, s.ends_at, now(), now() FROM shifts s WHERE s.id = $1`, shift, v.ID)
	must(t, err)
	_, err = h.db.SQL().Exec(`UPDATE shifts SET confirmed = 1 WHERE id = $1`, shift)
	must(t, err)
	t.Run("ErrVolunteerGetsNoCode404", func(t *testing.T) {
		v.do("GET", "/api/v1/shifts/"+shift+"/checkin-code", nil).problem(404)
	})
	var code struct {
		Code string `json:"code"`
	}
	owner.do("GET", "/api/v1/shifts/"+shift+"/checkin-code", nil).want(200).decode(&code)
	checkins := "/api/v1/shifts/" + shift + "/checkins"
	t.Run("ErrForged403", func(t *testing.T) {
		v.do("POST", checkins, map[string]any{"token": code.Code[:len(code.Code)-4] + "AAAA", "action": "in"}).problem(403)
	})
	t.Run("ErrBadAction422", func(t *testing.T) {
		v.do("POST", checkins, map[string]any{"token": code.Code, "action": "sideways"}).problem(422).field(t, "action")
	})
	v.do("POST", checkins, map[string]any{"token": code.Code, "action": "in"}).want(201)
	t.Run("ErrTwice409", func(t *testing.T) {
		v.do("POST", checkins, map[string]any{"token": code.Code, "action": "in"}).problem(409)
	})
	var hours itemsOf[map[string]any]
	v.do("GET", "/api/v1/hours", nil).want(200).decode(&hours)
	if len(hours.Items) != 0 {
		t.Errorf("hours before check-out: %+v", hours.Items)
	}
}
