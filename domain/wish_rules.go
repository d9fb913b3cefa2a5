package domain

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

// WishCategories are what a wish may be for. Keys are stable; pages show
// their translations.
var WishCategories = []string{
	"school_supplies",   // 学习用品
	"books",             // 图书
	"clothing",          // 衣物
	"daily_necessities", // 生活用品
	"sports_arts",       // 文体用品
	"toys",              // 玩具
	"study_grant",       // 助学金
	"experience",        // 体验活动
}

// Limits of a wish.
const (
	WishTitleMaxRunes = 60
	WishStoryMinRunes = 10
	WishStoryMaxRunes = 2000
	WishPlaceMaxRunes = 100
	WishMinFen        = 100       // ¥1
	WishMaxFen        = 5_000_000 // ¥5 万: a micro-wish is small
	WishMaxQuantity   = 1000
)

// Valid reports whether k is a known kind.
func (k WishKind) Valid() bool {
	return k == WishGoods || k == WishExperience || k == WishCash
}

// Normalize trims and validates a wish for programme p as of today: the
// deadline lies after today and within the programme's period, an
// experience has its date and place, and a cash wish needs a programme
// with an accepted licensed host (EINVALID naming "kind" otherwise).
func (in *WishInput) Normalize(p *Programme, today Date) error {
	var v Validation
	in.Title, in.Story = trimSpace(in.Title), trimSpace(in.Story)
	in.Category, in.ExperiencePlace = trimSpace(in.Category), trimSpace(in.ExperiencePlace)
	v.Check(in.ChildID != uuid.Nil, "child_id", "is required")
	switch {
	case !in.Kind.Valid():
		v.Add("kind", "must be goods, experience or cash")
	case in.Kind == WishCash && !p.TakesCash():
		v.Add("kind", "a cash wish needs a programme hosted by an organisation licensed for public fundraising (现金心愿须由具有公募资格的机构托管)")
	}
	n := utf8.RuneCountInString(in.Title)
	v.Check(n >= 2 && n <= WishTitleMaxRunes, "title", "must be 2 to 60 characters")
	n = utf8.RuneCountInString(in.Story)
	v.Check(n >= WishStoryMinRunes && n <= WishStoryMaxRunes, "story", "must be 10 to 2000 characters")
	v.Check(slices.Contains(WishCategories, in.Category), "category", "must be one of "+strings.Join(WishCategories, ", "))
	v.Check(in.AmountFen >= WishMinFen, "amount_fen", "must be at least 100 fen (¥1)")
	v.Check(in.AmountFen <= WishMaxFen, "amount_fen", "must be at most 5000000 fen (¥50,000)")
	v.Check(in.Quantity >= 1 && in.Quantity <= WishMaxQuantity, "quantity", "must be 1 to 1000")
	in.checkDates(&v, p, today)
	return v.Err()
}

// checkDates checks the deadline and, for experiences, the date and
// place; other kinds have neither.
func (in *WishInput) checkDates(v *Validation, p *Programme, today Date) {
	within := func(d Date) bool { return !d.Before(p.StartsOn) && !d.After(p.EndsOn) }
	switch {
	case in.Deadline.IsZero():
		v.Add("deadline", "is required")
	case !in.Deadline.After(today):
		v.Add("deadline", "must be in the future")
	case !within(in.Deadline):
		v.Add("deadline", "must be within the programme's period")
	}
	if in.Kind != WishExperience {
		in.ExperienceOn, in.ExperiencePlace = Date{}, ""
		return
	}
	switch {
	case in.ExperienceOn.IsZero():
		v.Add("experience_on", "is required for an experience")
	case !in.ExperienceOn.After(today) || !within(in.ExperienceOn):
		v.Add("experience_on", "must be in the future and within the programme's period")
	}
	n := utf8.RuneCountInString(in.ExperiencePlace)
	v.Check(n >= 2 && n <= WishPlaceMaxRunes, "experience_place", "must be 2 to 100 characters for an experience")
}

// PrivacyFields are the public text fields of a wish, in the order their
// problems are reported.
func (in *WishInput) PrivacyFields() (map[string]string, []string) {
	return map[string]string{"title": in.Title, "story": in.Story, "experience_place": in.ExperiencePlace},
		[]string{"title", "story", "experience_place"}
}
