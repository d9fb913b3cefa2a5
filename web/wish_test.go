package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hutong/domain"
)

func TestWishPublicPagesShowOnlyThePseudonym(t *testing.T) {
	t.Parallel()
	s := newWishScene(t)
	w := s.publish(t, "一个新书包")
	anon := s.a.client(t)
	pages := []string{"/wishes", "/wishes/" + w.ID.String(), "/programmes", "/programmes/" + s.programme.ID.String(),
		"/wishes?kind=goods&category=school_supplies&status=published&region=320213"}

	t.Run("ShowPseudonymAgeBandAndProgress", func(t *testing.T) {
		for _, p := range pages[:2] {
			res, body := anon.get(p)
			wantStatus(t, res, body, http.StatusOK)
			mustContain(t, body, "一个新书包", "小禾", "10-12 岁", "113微心愿", "<progress", "¥0.00", "¥150.00")
		}
		_, body := anon.get("/wishes/" + w.ID.String())
		mustContain(t, body, "旧书包已经破了", "爱心墙", "还没有捐款", "认领实物", "暂不能在线捐款")
	})
	t.Run("NeverTheCanary", func(t *testing.T) {
		for _, c := range []*client{anon, s.donor} {
			for _, p := range pages {
				res, body := c.get(p)
				wantStatus(t, res, body, http.StatusOK)
				mustNotLeak(t, p, body)
			}
		}
	})
	t.Run("StationStaffSeeNoChildRecord", func(t *testing.T) {
		res, body := s.staffA.get(s.stationURL("/station"))
		wantStatus(t, res, body, http.StatusOK)
		mustNotLeak(t, "the staff's station page", body)
		res, body = s.staffA.get(s.stationURL("/station/children/" + s.child.ID.String()))
		wantStatus(t, res, body, http.StatusNotFound)
		mustNotLeak(t, "the staff's child page", body)
	})
	t.Run("DirectorSeesGuardianButNeverNameOrIDNumber", func(t *testing.T) {
		res, body := s.director.get(s.stationURL("/station/children/" + s.child.ID.String()))
		wantStatus(t, res, body, http.StatusOK)
		mustContain(t, body, canaryGuardian, "LX-2026-007")
		for _, secret := range []string{canaryName, canaryIDCard} {
			if strings.Contains(body, secret) {
				t.Errorf("the child's page shows %q", secret)
			}
		}
	})
	t.Run("InEnglish", func(t *testing.T) {
		en := s.a.client(t)
		en.lang = "en"
		res, body := en.get("/wishes/" + w.ID.String())
		wantStatus(t, res, body, http.StatusOK)
		mustContain(t, body, `lang="en"`, "小禾 · aged 10-12", "The story", "Claim in kind", "Cash giving is unavailable", "Donor wall")
		mustNotLeak(t, "the English wish page", body)
	})
	t.Run("BadFilterIs400", func(t *testing.T) {
		res, body := anon.get("/wishes?kind=spaceship")
		wantStatus(t, res, body, http.StatusBadRequest)
		mustContain(t, body, "请从列表中选择")
	})
	t.Run("DraftIsNotFound", func(t *testing.T) {
		d, err := s.wishes.CreateWish(context.Background(), s.staffAA, s.programme.ID, s.wishInput("一副羽毛球拍"))
		if err != nil {
			t.Fatal(err)
		}
		res, body := anon.get("/wishes/" + d.ID.String())
		wantStatus(t, res, body, http.StatusNotFound)
		_, body = anon.get("/wishes")
		if strings.Contains(body, "一副羽毛球拍") {
			t.Error("the public list shows a draft")
		}
	})
}

func TestWishRegistrationFormNeverShowsTheSecretsAgain(t *testing.T) {
	t.Parallel()
	s := newWishScene(t)
	res, body := s.director.get(s.stationURL("/station/children/new"))
	wantStatus(t, res, body, http.StatusOK)
	mustContain(t, body, "提交后不再显示", `name="real_name"`, `name="id_card_number"`)

	t.Run("ProblemKeepsNeitherNameNorIDNumber", func(t *testing.T) {
		res, body := s.director.submit(s.stationURL("/station/children/new"), "/station/children/new", s.form(url.Values{
			"pseudonym": {"小雨"}, "age_band": {"7-9"}, "real_name": {"周小雨"}, "id_card_number": {"320213201503071234"},
		}))
		wantStatus(t, res, body, http.StatusUnprocessableEntity)
		mustContain(t, body, "身份证号码无效", `value="小雨"`)
		for _, secret := range []string{"周小雨", "320213201503071234"} {
			if strings.Contains(body, secret) {
				t.Errorf("the form shows %q again", secret)
			}
		}
	})
	t.Run("RegisteredGoesToTheChild", func(t *testing.T) {
		res, body := s.director.submit(s.stationURL("/station/children/new"), "/station/children/new", s.form(url.Values{
			"pseudonym": {"小雨"}, "age_band": {"7-9"}, "real_name": {"周小雨"},
		}))
		wantStatus(t, res, body, http.StatusSeeOther)
		res, body = s.director.get(res.Header.Get("Location"))
		wantStatus(t, res, body, http.StatusOK)
		mustContain(t, body, "小雨", "无监护人同意")
		if strings.Contains(body, "周小雨") {
			t.Error("the child's page shows the real name")
		}
	})
	t.Run("StaffMayNot", func(t *testing.T) {
		res, body := s.staffA.get(s.stationURL("/station/children/new"))
		wantStatus(t, res, body, http.StatusNotFound)
	})
}

// newWishForm is the station's wish form for the canary child.
func (s *wishScene) newWishForm(story, action string) url.Values {
	return s.form(url.Values{
		"programme_id": {s.programme.ID.String()}, "child_id": {s.child.ID.String()}, "kind": {"goods"},
		"title": {"一套课外书"}, "story": {story}, "category": {"books"}, "amount": {"80"}, "quantity": {"1"},
		"deadline": {domain.DateOf(s.programme.CreatedAt).AddDays(45).String()}, "action": {action},
	})
}

func TestWishPrivacyCheckShowsOnTheField(t *testing.T) {
	t.Parallel()
	s := newWishScene(t)
	page := s.stationURL("/station/wishes/new")

	t.Run("PhoneNumberNamedOnStory", func(t *testing.T) {
		res, body := s.staffA.submit(page, "/station/wishes/new",
			s.newWishForm("小禾想要一套课外书，有意者请联系奶奶"+canaryPhone+"，谢谢大家的帮助。", "submit"))
		wantStatus(t, res, body, http.StatusUnprocessableEntity)
		story := regexp.MustCompile(`(?s)name="story".*?</textarea>\s*<p class="field-error">([^<]+)</p>`).FindStringSubmatch(body)
		if story == nil || story[1] != "含有手机号码，请删除" {
			t.Fatalf("no phone problem on the story field: %v\n%s", story, body)
		}
	})
	t.Run("RealNameNamedOnStory", func(t *testing.T) {
		res, body := s.staffA.submit(page, "/station/wishes/new",
			s.newWishForm("我叫"+canaryName+"，今年十一岁，想要一套课外书，谢谢叔叔阿姨。", "submit"))
		wantStatus(t, res, body, http.StatusUnprocessableEntity)
		mustContain(t, body, "含有儿童真实姓名，请使用化名")
	})
	t.Run("CleanStoryIsSubmitted", func(t *testing.T) {
		res, body := s.staffA.submit(page, "/station/wishes/new",
			s.newWishForm("小禾今年十一岁，最喜欢看科普书，想要一套课外书。", "submit"))
		wantRedirect(t, res, body, "/station?done=submitted&org="+s.station.ID.String())
		_, body = s.staffA.get(res.Header.Get("Location"))
		mustContain(t, body, "已提交审核。")
		_, body = s.staffB.get(s.stationURL("/station"))
		mustContain(t, body, "待审核", "小禾今年十一岁，最喜欢看科普书", "通过并发布")
	})
	t.Run("InEnglish", func(t *testing.T) {
		s.staffA.lang = "en"
		defer func() { s.staffA.lang = "" }()
		res, body := s.staffA.submit(page, "/station/wishes/new",
			s.newWishForm("Xiaohe would love books; call granny on "+canaryPhone+" please.", "submit"))
		wantStatus(t, res, body, http.StatusUnprocessableEntity)
		mustContain(t, body, "contains a mobile phone number: remove it")
	})
}

func TestWishFourEyes(t *testing.T) {
	t.Parallel()
	s := newWishScene(t)
	ctx := context.Background()
	w, err := s.wishes.CreateWish(ctx, s.staffAA, s.programme.ID, s.wishInput("一个新书包"))
	if err != nil {
		t.Fatal(err)
	}
	desk := s.stationURL("/station")
	res, body := s.staffA.submit(desk, "/station/wishes/"+w.ID.String()+"/submit", s.form(url.Values{}))
	wantStatus(t, res, body, http.StatusSeeOther)
	review := "/station/wishes/" + w.ID.String() + "/review"

	t.Run("SubmitterMayNotReview", func(t *testing.T) {
		res, body := s.staffA.submit(desk, review, s.form(url.Values{"decision": {"approve"}}))
		wantStatus(t, res, body, http.StatusForbidden)
		mustContain(t, body, "提交人不能审核自己提交的心愿")
		if got, _ := s.wishes.FindWishByID(ctx, s.staffAA, w.ID); got.Status != domain.WishInReview {
			t.Errorf("status %s after the submitter's review", got.Status)
		}
	})
	t.Run("ReturnNeedsANote", func(t *testing.T) {
		res, body := s.staffB.submit(desk, review, s.form(url.Values{"decision": {"return"}}))
		wantStatus(t, res, body, http.StatusUnprocessableEntity)
		mustContain(t, body, "退回时请写明需要修改的地方")
	})
	t.Run("AnotherPersonPublishes", func(t *testing.T) {
		res, body := s.staffB.submit(desk, review, s.form(url.Values{"decision": {"approve"}}))
		wantRedirect(t, res, body, "/station?done=published&org="+s.station.ID.String())
		res, body = s.a.client(t).get("/wishes/" + w.ID.String())
		wantStatus(t, res, body, http.StatusOK)
		mustContain(t, body, "等待实现")
	})
	t.Run("StrangerGets404", func(t *testing.T) {
		res, body := s.donor.get(desk)
		wantStatus(t, res, body, http.StatusNotFound)
	})
	t.Run("TheReturnNoteShowsOnTheDraft", func(t *testing.T) {
		w2, err := s.wishes.CreateWish(ctx, s.staffAA, s.programme.ID, s.wishInput("一双运动鞋"))
		if err != nil {
			t.Fatal(err)
		}
		res, body := s.staffA.submit(desk, "/station/wishes/"+w2.ID.String()+"/submit", s.form(url.Values{}))
		wantStatus(t, res, body, http.StatusSeeOther)
		res, body = s.staffB.submit(desk, "/station/wishes/"+w2.ID.String()+"/review",
			s.form(url.Values{"decision": {"return"}, "note": {"请写明鞋码,不要写学校的运动会名称"}}))
		wantStatus(t, res, body, http.StatusSeeOther)
		_, body = s.staffA.get(s.stationURL("/station/wishes/" + w2.ID.String() + "/edit"))
		mustContain(t, body, "审核人退回了这个心愿", "请写明鞋码")
		res, body = s.a.client(t).get("/wishes/" + w2.ID.String())
		wantStatus(t, res, body, http.StatusNotFound)
	})
}

func TestWishConsentAndDraftEditing(t *testing.T) {
	t.Parallel()
	s := newWishScene(t)
	res, body := s.director.submit(s.stationURL("/station/children/new"), "/station/children/new", s.form(url.Values{
		"pseudonym": {"小雨"}, "age_band": {"7-9"}, "real_name": {"周小雨"},
	}))
	wantStatus(t, res, body, http.StatusSeeOther)
	childPage := res.Header.Get("Location")
	child := strings.TrimPrefix(strings.Split(childPage, "?")[0], "/station/children/")
	form := s.newWishForm("小雨今年八岁，喜欢画画，想要一盒二十四色的水彩笔。", "submit")
	form.Set("child_id", child)

	t.Run("NoConsentIsNamedOnTheChild", func(t *testing.T) {
		res, body := s.director.submit(s.stationURL("/station/wishes/new"), "/station/wishes/new", form)
		wantStatus(t, res, body, http.StatusUnprocessableEntity)
		mustContain(t, body, "没有有效的监护人同意书", `action="/station/wishes/`)
	})
	t.Run("ConsentFormNamesItsProblems", func(t *testing.T) {
		res, body := s.director.submit(childPage, strings.Split(childPage, "?")[0]+"/consents", s.form(url.Values{
			"guardian_name": {"周妈妈"}, "relation": {"母亲"}, "consented_on": {"2099-01-01"}, "evidence": {"档案柜 A-3"},
			"scope": {"wish_publication"},
		}))
		wantStatus(t, res, body, http.StatusUnprocessableEntity)
		mustContain(t, body, "须为不晚于今天的日期")
	})
	t.Run("ConsentRecorded", func(t *testing.T) {
		res, body := s.director.submit(childPage, strings.Split(childPage, "?")[0]+"/consents", s.form(url.Values{
			"guardian_name": {"周妈妈"}, "relation": {"母亲"}, "consented_on": {domain.DateOf(s.programme.CreatedAt).String()},
			"evidence": {"档案柜 A-3"}, "scope": {"wish_publication", "story"},
		}))
		wantStatus(t, res, body, http.StatusSeeOther)
		_, body = s.director.get(res.Header.Get("Location"))
		mustContain(t, body, "周妈妈", "母亲", "发布心愿")
	})
	t.Run("DraftIsEditedThenSubmitted", func(t *testing.T) {
		ws, _, err := s.wishes.FindWishes(context.Background(), s.directorA, domain.WishFilter{StationID: &s.station.ID,
			Status: domain.WishDraft})
		if err != nil || len(ws) != 1 {
			t.Fatalf("drafts: %v %v", ws, err)
		}
		edit := "/station/wishes/" + ws[0].ID.String() + "/edit"
		_, body := s.director.get(s.stationURL(edit))
		mustContain(t, body, "一盒二十四色的水彩笔", `value="80"`)
		form.Set("title", "一盒水彩笔")
		res, body := s.director.submit(s.stationURL(edit), edit, form)
		wantRedirect(t, res, body, "/station?done=submitted&org="+s.station.ID.String())
		got, err := s.wishes.FindWishByID(context.Background(), s.directorA, ws[0].ID)
		if err != nil || got.Title != "一盒水彩笔" || got.Status != domain.WishInReview {
			t.Errorf("after the edit: %+v %v", got, err)
		}
	})
}
