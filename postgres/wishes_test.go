package postgres_test

import (
	"context"
	"strings"
	"testing"

	"hutong/domain"
	"hutong/search/searchtest"
)

func TestWishFourEyes(t *testing.T) {
	t.Parallel()
	e := newWishEnv(t)
	ctx := context.Background()
	child := e.canaryChild(t, true)
	w, err := e.wishes.CreateWish(ctx, e.staffA, e.programme.ID, wishInput(child))
	must(t, err)
	w, err = e.wishes.SubmitWish(ctx, e.staffA, w.ID)
	must(t, err)
	if w.Status != domain.WishInReview {
		t.Fatalf("status = %s", w.Status)
	}
	t.Run("the submitter may not review", func(t *testing.T) {
		_, err := e.wishes.ReviewWish(ctx, e.staffA, w.ID, true, "")
		wantCode(t, err, domain.EFORBIDDEN)
		if e := domain.AsError(err); e == nil || !strings.Contains(e.Message, "four-eyes") {
			t.Fatalf("message does not name the four-eyes rule: %v", err)
		}
	})
	t.Run("a stranger may not review", func(t *testing.T) {
		_, err := e.wishes.ReviewWish(ctx, e.stranger, w.ID, true, "")
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("returning needs a note", func(t *testing.T) {
		_, err := e.wishes.ReviewWish(ctx, e.staffB, w.ID, false, " ")
		wantField(t, err, domain.EINVALID, "note")
	})
	t.Run("a second person returns, then publishes after resubmission", func(t *testing.T) {
		back, err := e.wishes.ReviewWish(ctx, e.staffB, w.ID, false, "请补充书包的尺寸")
		must(t, err)
		if back.Status != domain.WishDraft {
			t.Fatalf("returned status = %s", back.Status)
		}
		_, err = e.wishes.SubmitWish(ctx, e.staffA, w.ID)
		must(t, err)
		pub, err := e.wishes.ReviewWish(ctx, e.staffB, w.ID, true, "")
		must(t, err)
		if pub.Status != domain.WishPublished || pub.PublishedAt == nil {
			t.Fatalf("published = %+v", pub)
		}
		for action, want := range map[string]int{domain.AuditWishCreated: 1, domain.AuditWishSubmitted: 2,
			domain.AuditWishReturned: 1, domain.AuditWishPublished: 1} {
			if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = $1 AND object_id = $2`, action, w.ID.String()); n != want {
				t.Errorf("%s audited %d times, want %d", action, n, want)
			}
		}
		if n := e.count(t, `SELECT count(*) FROM river_job WHERE kind = 'search_index' AND args->>'type' = 'wishes'
			AND args->>'id' = $1`, w.ID.String()); n != 1 {
			t.Errorf("%d search jobs for the wish, want 1", n)
		}
	})
}

func TestWishNeedsConsent(t *testing.T) {
	t.Parallel()
	e := newWishEnv(t)
	ctx := context.Background()
	child := e.canaryChild(t, false)
	w, err := e.wishes.CreateWish(ctx, e.staffA, e.programme.ID, wishInput(child))
	must(t, err)
	t.Run("no consent refuses the submission naming child_id", func(t *testing.T) {
		_, err := e.wishes.SubmitWish(ctx, e.staffA, w.ID)
		wantField(t, err, domain.EINVALID, "child_id")
	})
	t.Run("a consent without publication in its scope is not enough", func(t *testing.T) {
		_, err := e.children.RecordConsent(ctx, e.director, child.ID, domain.ConsentInput{GuardianName: "张大伟", Relation: "父亲",
			ConsentedOn: domain.NewDate(2026, 2, 1), Scope: []string{"story"}, Evidence: "档案柜A"})
		must(t, err)
		_, err = e.wishes.SubmitWish(ctx, e.staffA, w.ID)
		wantField(t, err, domain.EINVALID, "child_id")
	})
	t.Run("a consent to publish lets it through", func(t *testing.T) {
		_, err := e.children.RecordConsent(ctx, e.director, child.ID, domain.ConsentInput{GuardianName: "张大伟", Relation: "父亲",
			ConsentedOn: domain.NewDate(2026, 2, 1), Scope: []string{"wish_publication"}, Evidence: "档案柜A"})
		must(t, err)
		got, err := e.wishes.SubmitWish(ctx, e.staffA, w.ID)
		must(t, err)
		if got.Status != domain.WishInReview {
			t.Fatalf("status = %s", got.Status)
		}
	})
}

func TestWishPrivacyCheckOnSubmit(t *testing.T) {
	t.Parallel()
	e := newWishEnv(t)
	ctx := context.Background()
	child := e.canaryChild(t, true)
	for name, c := range map[string]struct{ field, story, place, problem string }{
		"phone in the story":     {"story", "有意请联系家长，电话" + searchtest.CanaryPhone + "。", "", domain.PrivacyPhone},
		"real name in the story": {"story", searchtest.CanaryChildName + "今年十一岁，想要一个新书包。", "", domain.PrivacyName},
		"ID number in the story": {"story", "孩子身份证" + searchtest.CanaryIDCard + "，想要书包。", "", domain.PrivacyIDCard},
		"school in the story":    {"story", "孩子在" + canarySchool + "读五年级，想要书包。", "", domain.PrivacySchool},
		"address in the place":   {"experience_place", "小明想去科技馆看看机器人。", "家附近" + canaryAddress, domain.PrivacyAddress},
	} {
		t.Run(name+" is refused naming "+c.field, func(t *testing.T) {
			t.Parallel()
			in := wishInput(child)
			in.Story = c.story
			if c.place != "" {
				in.Kind, in.ExperiencePlace, in.ExperienceOn = domain.WishExperience, c.place, domain.NewDate(2026, 5, 1)
			}
			w, err := e.wishes.CreateWish(ctx, e.staffA, e.programme.ID, in)
			must(t, err)
			_, err = e.wishes.SubmitWish(ctx, e.staffA, w.ID)
			wantField(t, err, domain.EINVALID, c.field)
			if got := domain.AsError(err).Fields[0].Message; got != c.problem {
				t.Fatalf("problem = %q, want %q", got, c.problem)
			}
		})
	}
}

func TestCashWishNeedsLicensedHost(t *testing.T) {
	t.Parallel()
	e := newWishEnv(t)
	ctx := context.Background()
	child := e.canaryChild(t, true)
	in := wishInput(child)
	in.Kind, in.Category = domain.WishCash, "study_grant"
	_, err := e.wishes.CreateWish(ctx, e.staffA, e.programme.ID, in)
	wantField(t, err, domain.EINVALID, "kind")

	_, err = e.programmes.InviteHost(ctx, e.staffA, e.programme.ID, e.station.ID)
	wantField(t, err, domain.EINVALID, "host_id") // the station is not licensed
	p, err := e.programmes.InviteHost(ctx, e.staffA, e.programme.ID, e.host.ID)
	must(t, err)
	if p.HostStatus != domain.HostInvited || p.TakesCash() {
		t.Fatalf("invited programme = %+v", p)
	}
	_, err = e.programmes.AnswerHostInvitation(ctx, e.staffA, e.programme.ID, true)
	wantCode(t, err, domain.EFORBIDDEN)
	p, err = e.programmes.AnswerHostInvitation(ctx, e.hostOwner, e.programme.ID, true)
	must(t, err)
	if !p.TakesCash() || p.HostName != "无锡慈善基金会" {
		t.Fatalf("accepted programme = %+v", p)
	}
	w, err := e.wishes.CreateWish(ctx, e.staffA, e.programme.ID, in)
	must(t, err)
	if !w.TakesCash || w.Kind != domain.WishCash {
		t.Fatalf("cash wish = %+v", w)
	}
}

func TestWishPublicReads(t *testing.T) {
	t.Parallel()
	e := newWishEnv(t)
	ctx := context.Background()
	child := e.canaryChild(t, true)
	draft, err := e.wishes.CreateWish(ctx, e.staffA, e.programme.ID, wishInput(child))
	must(t, err)
	pub := e.publishedWish(t, child)
	t.Run("the public sees a published wish without the child's id", func(t *testing.T) {
		t.Parallel()
		w, err := e.wishes.FindWishByID(ctx, nil, pub.ID)
		must(t, err)
		if w.ChildID != nil || w.Pseudonym != "小明" || w.AgeBand != "10-12" || w.StationName != "梁溪区未保站" {
			t.Fatalf("public wish = %+v", w)
		}
		list, _, err := e.wishes.FindWishes(ctx, e.stranger, domain.WishFilter{Region: "320200", Category: "school_supplies"})
		must(t, err)
		if len(list) != 1 || list[0].ID != pub.ID || list[0].ChildID != nil {
			t.Fatalf("public list = %+v", list)
		}
	})
	t.Run("drafts are not found by the public", func(t *testing.T) {
		t.Parallel()
		_, err := e.wishes.FindWishByID(ctx, e.stranger, draft.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = e.wishes.UpdateWish(ctx, e.stranger, draft.ID, wishInput(child))
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("staff see drafts and the child's id", func(t *testing.T) {
		t.Parallel()
		list, _, err := e.wishes.FindWishes(ctx, e.staffB, domain.WishFilter{StationID: &e.station.ID})
		must(t, err)
		if len(list) != 2 || list[0].ChildID == nil {
			t.Fatalf("staff list = %+v", list)
		}
	})
	t.Run("a draft programme is not found by the public", func(t *testing.T) {
		t.Parallel()
		p, err := e.programmes.CreateProgramme(ctx, e.staffA, e.station.ID, domain.ProgrammeInput{Title: "草稿项目",
			RegionCode: "320213", StartsOn: domain.NewDate(2026, 1, 1), EndsOn: domain.NewDate(2026, 6, 1)})
		must(t, err)
		_, err = e.programmes.FindProgrammeByID(ctx, e.stranger, p.ID)
		wantCode(t, err, domain.ENOTFOUND)
		list, _, err := e.programmes.FindProgrammes(ctx, nil, nil, domain.Page{})
		must(t, err)
		if len(list) != 1 || list[0].ID != e.programme.ID {
			t.Fatalf("public programmes = %+v", list)
		}
	})
}
