package api_test

import (
	"net/url"
	"testing"
)

func TestProjectLifecycle(t *testing.T) {
	t.Parallel()
	h := newTenderHarness(t)
	admin, officer, staff := h.admin(), h.signUp("Officer"), h.signUp("Staff")
	stranger := h.signUp("Stranger")
	bureau := verifiedOrg(officer, admin, "bureau", "无锡市梁溪区民政局")
	addStaff(officer, bureau, staff)

	p := staff.createProject(bureau.ID)
	if p.Status != "draft" || p.BureauID != bureau.ID || p.BudgetFen != 80_000_000 || p.Timeline.PublishedAt != nil {
		t.Fatalf("created %+v", p)
	}
	path := "/api/v1/projects/" + p.ID

	t.Run("DraftHiddenFromOutsiders", func(t *testing.T) {
		h.anon().do("GET", path, nil).problem(404)
		stranger.do("GET", path, nil).problem(404)
		var l projectList
		h.anon().do("GET", "/api/v1/projects?bureau_id="+bureau.ID, nil).want(200).decode(&l)
		if l.has(p.ID) {
			t.Fatal("the public list shows a draft")
		}
		staff.do("GET", "/api/v1/projects", nil).want(200).decode(&l)
		if l.has(p.ID) {
			t.Fatal("the list without bureau_id shows a draft")
		}
		staff.do("GET", "/api/v1/projects?bureau_id="+bureau.ID, nil).want(200).decode(&l)
		if !l.has(p.ID) {
			t.Fatal("the bureau's own list lacks its draft")
		}
		officer.do("GET", path, nil).want(200)
	})
	t.Run("StaffEdits", func(t *testing.T) {
		var got project
		staff.do("PATCH", path, map[string]any{"title": "梁溪区困境儿童关爱服务（2026）"}).want(200).decode(&got)
		if got.Title != "梁溪区困境儿童关爱服务（2026）" || got.BudgetFen != 80_000_000 || got.Criteria.PriceWeight != 30 {
			t.Fatalf("after PATCH: %+v", got)
		}
	})
	t.Run("ErrWeightsNotTotalling100", func(t *testing.T) {
		before := h.rowCounts()
		staff.do("PATCH", path, map[string]any{"criteria": map[string]any{"price_weight": 30, "technical": []map[string]any{
			{"key": "plan", "name": "服务方案", "max_points": 60},
		}}}).problem(422).field(t, "criteria")
		h.unchanged(before)
	})
	t.Run("ErrMassAssignment", func(t *testing.T) {
		before := h.rowCounts()
		for field, body := range map[string]map[string]any{
			"status":    {"status": "published"},
			"bureau_id": {"bureau_id": bureau.ID},
			"timeline":  {"timeline": map[string]any{"published_at": rfc3339(0)}},
			"budget":    {"budget": 1},
		} {
			staff.do("PATCH", path, body).problem(400).field(t, field)
		}
		create := projectCreate(bureau.ID)
		create["status"] = "published"
		staff.do("POST", "/api/v1/projects", create).problem(400).field(t, "status")
		h.unchanged(before)
		var got project
		staff.do("GET", path, nil).want(200).decode(&got)
		if got.Status != "draft" || got.BudgetFen != 80_000_000 {
			t.Fatalf("after refused mass assignment: %+v", got)
		}
	})
	t.Run("ErrBadDates", func(t *testing.T) {
		res := staff.do("PATCH", path, map[string]any{"service_start": "2026-13-01"}).problem(422)
		res.field(t, "service_start")
		if len(res.Errors) != 1 {
			t.Errorf("a bad date is reported %d times: %+v", len(res.Errors), res.Errors)
		}
		staff.do("POST", path+"/publish", map[string]any{"bid_deadline": "next monday", "opening_at": rfc3339(41)}).
			problem(422).field(t, "bid_deadline")
	})
	t.Run("ErrDeadlineBelowMinimum", func(t *testing.T) {
		staff.do("POST", path+"/publish", publishBody(5)).problem(422).field(t, "bid_deadline")
	})
	t.Run("ErrCancelWithoutReason", func(t *testing.T) {
		staff.do("POST", path+"/cancel", map[string]any{"reason": " "}).problem(422).field(t, "reason")
	})

	var pub project
	staff.do("POST", path+"/publish", publishBody(40)).want(200).decode(&pub)
	if pub.Status != "published" || pub.Timeline.PublishedAt == nil || pub.Timeline.BidDeadline == nil {
		t.Fatalf("published %+v", pub)
	}

	t.Run("PublicSeesPublished", func(t *testing.T) {
		h.anon().do("GET", path, nil).want(200)
		for q, want := range map[string]bool{
			"":                                    true,
			"status=published":                    true,
			"status=draft":                        false,
			"region=320200":                       true,
			"region=110000":                       false,
			"category=psychological":              true,
			"category=tutoring":                   false,
			"method=open_tender":                  true,
			"method=single_source":                false,
			"budget_min_fen=80000000":             true,
			"budget_min_fen=80000001":             false,
			"budget_max_fen=79999999":             false,
			"bureau_id=" + bureau.ID + "&limit=1": true,
		} {
			var l projectList
			h.anon().do("GET", "/api/v1/projects?"+q, nil).want(200).decode(&l)
			if l.has(p.ID) != want {
				t.Errorf("?%s lists the project: %v, want %v", q, l.has(p.ID), want)
			}
		}
	})
	t.Run("ErrBadFilter", func(t *testing.T) {
		for q, field := range map[string]string{
			"status=archived":                       "status",
			"budget_min_fen=1.5":                    "budget_min_fen",
			"budget_min_fen=500&budget_max_fen=100": "budget_max_fen",
			"bureau_id=not-a-uuid":                  "bureau_id",
			"limit=0":                               "limit",
			"cursor=" + url.QueryEscape("!!"):       "cursor",
			"method=auction":                        "method",
		} {
			h.anon().do("GET", "/api/v1/projects?"+q, nil).problem(422).field(t, field)
		}
	})
	t.Run("ErrEditPublished", func(t *testing.T) {
		staff.do("PATCH", path, map[string]any{"title": "发布后改标题"}).problem(409)
		staff.do("POST", path+"/publish", publishBody(60)).problem(409)
	})
	t.Run("CancelWithReason", func(t *testing.T) {
		var got project
		officer.do("POST", path+"/cancel", map[string]any{"reason": "因预算调整，本项目取消采购。"}).want(200).decode(&got)
		if got.Status != "cancelled" || got.CancelReason != "因预算调整，本项目取消采购。" {
			t.Fatalf("after cancel: %+v", got)
		}
		h.anon().do("GET", path, nil).want(200).decode(&got)
		if got.CancelReason == "" {
			t.Fatal("the public does not see why the project was cancelled")
		}
		officer.do("POST", path+"/cancel", map[string]any{"reason": "再取消一次"}).problem(409)
	})
}

func TestProjectPermissions(t *testing.T) {
	t.Parallel()
	h := newTenderHarness(t)
	admin, officer := h.admin(), h.signUp("Officer")
	bureau := verifiedOrg(officer, admin, "bureau", "无锡市梁溪区民政局")
	draft := officer.createProject(bureau.ID)
	published := officer.createProject(bureau.ID)
	officer.do("POST", "/api/v1/projects/"+published.ID+"/publish", publishBody(40)).want(200)

	ngo := h.signUp("NGO")
	socialOrg := verifiedOrg(ngo, admin, "social_org", "梁溪区阳光社工事务所")
	unverifiedOwner := h.signUp("Unverified")
	unverified := unverifiedOwner.createOrg("bureau", "未认证民政局", nil)
	other := h.signUp("OtherBureau")
	otherBureau := verifiedOrg(other, admin, "bureau", "无锡市滨湖区民政局")

	t.Run("ErrSocialOrgStaff", func(t *testing.T) {
		before := h.rowCounts()
		ngo.do("POST", "/api/v1/projects", projectCreate(socialOrg.ID)).problem(403)
		ngo.do("POST", "/api/v1/projects", projectCreate(bureau.ID)).problem(403)
		// The policy comes first: a forbidden caller learns nothing from
		// validation.
		ngo.do("POST", "/api/v1/projects", map[string]any{"bureau_id": bureau.ID, "title": "x"}).problem(403)
		h.unchanged(before)
	})
	t.Run("ErrUnverifiedBureau", func(t *testing.T) {
		unverifiedOwner.do("POST", "/api/v1/projects", projectCreate(unverified.ID)).problem(403)
	})
	t.Run("ErrAnotherBureau", func(t *testing.T) {
		before := h.rowCounts()
		other.do("POST", "/api/v1/projects", projectCreate(bureau.ID)).problem(403)
		for _, id := range []string{draft.ID} {
			other.do("PATCH", "/api/v1/projects/"+id, map[string]any{"title": "别人的草稿"}).problem(404)
			other.do("POST", "/api/v1/projects/"+id+"/publish", publishBody(40)).problem(404)
			other.do("POST", "/api/v1/projects/"+id+"/cancel", map[string]any{"reason": "恶意取消"}).problem(404)
		}
		other.do("PATCH", "/api/v1/projects/"+published.ID, map[string]any{"title": "别人的项目"}).problem(403)
		other.do("POST", "/api/v1/projects/"+published.ID+"/cancel", map[string]any{"reason": "恶意取消"}).problem(403)
		var l projectList
		other.do("GET", "/api/v1/projects?bureau_id="+bureau.ID, nil).want(200).decode(&l)
		if l.has(draft.ID) || !l.has(published.ID) {
			t.Fatalf("another bureau's view of the list: %+v", l.Items)
		}
		h.unchanged(before)
		other.createProject(otherBureau.ID)
	})
	t.Run("ErrAnonymous", func(t *testing.T) {
		h.anon().do("POST", "/api/v1/projects", projectCreate(bureau.ID)).problem(401)
		h.anon().do("POST", "/api/v1/projects/"+published.ID+"/cancel", map[string]any{"reason": "匿名取消"}).problem(401)
	})
	t.Run("ErrBadBureauID", func(t *testing.T) {
		officer.do("POST", "/api/v1/projects", projectCreate("not-a-uuid")).problem(422).field(t, "bureau_id")
		officer.do("POST", "/api/v1/projects", projectCreate("01900000-0000-7000-8000-000000000000")).problem(422).field(t, "bureau_id")
	})
	t.Run("ErrUnknownProject", func(t *testing.T) {
		h.anon().do("GET", "/api/v1/projects/not-an-id", nil).problem(404)
		h.anon().do("GET", "/api/v1/projects/01900000-0000-7000-8000-000000000000", nil).problem(404)
	})
}
