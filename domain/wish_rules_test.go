package domain_test

import (
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
)

func wishProgramme(cash bool) *domain.Programme {
	p := &domain.Programme{StartsOn: domain.NewDate(2026, 1, 1), EndsOn: domain.NewDate(2026, 12, 31), HostStatus: domain.HostNone}
	if cash {
		id := uuid.New()
		p.HostID, p.HostStatus = &id, domain.HostAccepted
	}
	return p
}

func goodWish() domain.WishInput {
	return domain.WishInput{
		ChildID: uuid.New(), Kind: domain.WishGoods, Title: " 一个新书包 ", Story: "小红想要一个新书包，旧的已经破了。",
		Category: "school_supplies", AmountFen: 12000, Quantity: 1, Deadline: domain.NewDate(2026, 6, 1),
		ExperienceOn: domain.NewDate(2026, 5, 1), ExperiencePlace: "科技馆",
	}
}

func TestWishInputNormalize(t *testing.T) {
	t.Parallel()
	today := domain.NewDate(2026, 3, 1)
	cases := []struct {
		name  string
		cash  bool
		edit  func(*domain.WishInput)
		field string
	}{
		{"valid goods wish passes", false, func(*domain.WishInput) {}, ""},
		{"cash wish without host names kind", false, func(w *domain.WishInput) { w.Kind = domain.WishCash }, "kind"},
		{"cash wish with host passes", true, func(w *domain.WishInput) { w.Kind = domain.WishCash }, ""},
		{"unknown kind", false, func(w *domain.WishInput) { w.Kind = "money" }, "kind"},
		{"amount below one yuan", false, func(w *domain.WishInput) { w.AmountFen = 99 }, "amount_fen"},
		{"zero quantity", false, func(w *domain.WishInput) { w.Quantity = 0 }, "quantity"},
		{"unknown category", false, func(w *domain.WishInput) { w.Category = "phones" }, "category"},
		{"deadline in the past", false, func(w *domain.WishInput) { w.Deadline = domain.NewDate(2026, 2, 1) }, "deadline"},
		{"deadline after the programme", false, func(w *domain.WishInput) { w.Deadline = domain.NewDate(2027, 1, 2) }, "deadline"},
		{"short story", false, func(w *domain.WishInput) { w.Story = "书包" }, "story"},
		{"experience without place", false, func(w *domain.WishInput) {
			w.Kind, w.ExperiencePlace = domain.WishExperience, ""
		}, "experience_place"},
		{"experience without date", false, func(w *domain.WishInput) {
			w.Kind, w.ExperienceOn = domain.WishExperience, domain.Date{}
		}, "experience_on"},
		{"missing child", false, func(w *domain.WishInput) { w.ChildID = uuid.Nil }, "child_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := goodWish()
			tc.edit(&in)
			err := in.Normalize(wishProgramme(tc.cash), today)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Normalize = %v, want nil", err)
				}
				if in.Title != "一个新书包" || (in.Kind != domain.WishExperience && in.ExperiencePlace != "") {
					t.Fatalf("not normalised: %+v", in)
				}
				return
			}
			wantInvalid(t, err, tc.field)
		})
	}
}

func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	e := domain.AsError(err)
	if e == nil || e.Code != domain.EINVALID {
		t.Fatalf("err = %v, want EINVALID on %s", err, field)
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("fields = %+v, want %s", e.Fields, field)
}

func TestChildInputNormalize(t *testing.T) {
	t.Parallel()
	good := func() domain.ChildInput {
		return domain.ChildInput{Pseudonym: "小红", AgeBand: "7-9", RealName: "王小红", IDCardNumber: "32021320150307123x"}
	}
	cases := []struct {
		name  string
		edit  func(*domain.ChildInput)
		field string
	}{
		{"valid child passes", func(*domain.ChildInput) {}, ""},
		{"pseudonym is the real name", func(c *domain.ChildInput) { c.Pseudonym = "王 小红" }, "pseudonym"},
		{"pseudonym too long", func(c *domain.ChildInput) { c.Pseudonym = "一二三四五六七八九十一" }, "pseudonym"},
		{"empty pseudonym", func(c *domain.ChildInput) { c.Pseudonym = "" }, "pseudonym"},
		{"unknown age band", func(c *domain.ChildInput) { c.AgeBand = "8" }, "age_band"},
		{"bad ID card", func(c *domain.ChildInput) { c.IDCardNumber = "320213201503071231" }, "id_card_number"},
		{"missing real name", func(c *domain.ChildInput) { c.RealName = " " }, "real_name"},
		{"bad gender", func(c *domain.ChildInput) { c.Gender = "x" }, "gender"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := good()
			tc.edit(&in)
			err := in.Normalize()
			if tc.field == "" {
				if err != nil || in.IDCardNumber != "32021320150307123X" {
					t.Fatalf("Normalize = %v, id %q", err, in.IDCardNumber)
				}
				return
			}
			wantInvalid(t, err, tc.field)
			if e := domain.AsError(err); e != nil && containsValue(e, "王小红") {
				t.Fatalf("error repeats the real name: %v", e)
			}
		})
	}
}

func containsValue(e *domain.Error, s string) bool {
	for _, f := range e.Fields {
		if f.Message == s {
			return true
		}
	}
	return e.Message == s
}

func TestConsentInputNormalize(t *testing.T) {
	t.Parallel()
	today := domain.NewDate(2026, 3, 1)
	good := func() domain.ConsentInput {
		return domain.ConsentInput{GuardianName: "王大山", Relation: "父亲", ConsentedOn: today,
			Scope: []string{"wish_publication", "story", "story"}, Evidence: "站内档案柜A-12"}
	}
	in := good()
	if err := in.Normalize(today); err != nil || len(in.Scope) != 2 {
		t.Fatalf("valid consent: %v, scope %v", err, in.Scope)
	}
	for name, c := range map[string]struct {
		edit  func(*domain.ConsentInput)
		field string
	}{
		"empty scope":        {func(c *domain.ConsentInput) { c.Scope = nil }, "scope"},
		"unknown scope":      {func(c *domain.ConsentInput) { c.Scope = []string{"face_photo"} }, "scope"},
		"future date":        {func(c *domain.ConsentInput) { c.ConsentedOn = today.AddDays(1) }, "consented_on"},
		"no guardian":        {func(c *domain.ConsentInput) { c.GuardianName = "" }, "guardian_name"},
		"no evidence":        {func(c *domain.ConsentInput) { c.Evidence = "" }, "evidence"},
		"no relation stated": {func(c *domain.ConsentInput) { c.Relation = "" }, "relation"},
	} {
		in := good()
		c.edit(&in)
		t.Run(name, func(t *testing.T) { wantInvalid(t, in.Normalize(today), c.field) })
	}
}

func TestProgrammeInputNormalize(t *testing.T) {
	t.Parallel()
	in := domain.ProgrammeInput{Title: " 113微心愿 ", RegionCode: "320213", StartsOn: domain.NewDate(2026, 1, 1),
		EndsOn: domain.NewDate(2026, 12, 31), GoalFen: 1_000_000}
	if err := in.Normalize(); err != nil || in.Title != "113微心愿" {
		t.Fatalf("valid programme: %v", err)
	}
	in.EndsOn = domain.NewDate(2025, 12, 31)
	wantInvalid(t, in.Normalize(), "ends_on")
	in.EndsOn, in.GoalFen = domain.NewDate(2026, 12, 31), -1
	wantInvalid(t, in.Normalize(), "goal_fen")
}
