package domain

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Genders a child may be recorded with; "" is unstated.
var Genders = []string{"", "female", "male"}

// ConsentScopes are what a guardian may consent to.
var ConsentScopes = []string{"wish_publication", "photo_without_face", "story"}

// Limits of a child's record.
const (
	PseudonymMaxRunes = 10
	RealNameMaxRunes  = 30
	FileRefMaxRunes   = 64
)

// Normalize trims and validates a child's registration. The pseudonym
// must not be the real name; an ID-card number, when given, must be a
// valid one (it is then only hashed). Messages never repeat the values.
func (in *ChildInput) Normalize() error {
	var v Validation
	in.Pseudonym, in.AgeBand, in.Gender = trimSpace(in.Pseudonym), trimSpace(in.AgeBand), trimSpace(in.Gender)
	in.FileRef, in.RealName = trimSpace(in.FileRef), trimSpace(in.RealName)
	in.IDCardNumber = strings.ToUpper(strings.ReplaceAll(trimSpace(in.IDCardNumber), " ", ""))
	n := utf8.RuneCountInString(in.Pseudonym)
	v.Check(n >= 1 && n <= PseudonymMaxRunes, "pseudonym", "must be 1 to 10 characters (化名1至10个字)")
	realName := NormalizeName(in.RealName)
	v.Check(realName != "" && utf8.RuneCountInString(in.RealName) <= RealNameMaxRunes, "real_name", "must be 1 to 30 characters")
	v.Check(realName == "" || NormalizeName(in.Pseudonym) != realName, "pseudonym", "must not be the child's real name (化名不能是真实姓名)")
	v.Check(slices.Contains(AgeBands, in.AgeBand), "age_band", "must be one of "+strings.Join(AgeBands, ", "))
	v.Check(slices.Contains(Genders, in.Gender), "gender", "must be female, male or empty")
	v.Check(utf8.RuneCountInString(in.FileRef) <= FileRefMaxRunes, "file_ref", "must be at most 64 characters")
	v.Check(in.IDCardNumber == "" || ValidIDCard(in.IDCardNumber), "id_card_number", "is not a valid ID-card number (身份证号码无效)")
	return v.Err()
}

// Normalize trims and validates a consent as of today: scopes come from
// ConsentScopes, and a consent cannot be dated in the future.
func (in *ConsentInput) Normalize(today Date) error {
	var v Validation
	in.GuardianName, in.Relation, in.Evidence = trimSpace(in.GuardianName), trimSpace(in.Relation), trimSpace(in.Evidence)
	n := utf8.RuneCountInString(in.GuardianName)
	v.Check(n >= 1 && n <= 50, "guardian_name", "must be 1 to 50 characters")
	n = utf8.RuneCountInString(in.Relation)
	v.Check(n >= 1 && n <= 20, "relation", "must be 1 to 20 characters")
	v.Check(!in.ConsentedOn.IsZero() && !in.ConsentedOn.After(today), "consented_on", "must be a date not in the future")
	scope := dedupe(in.Scope)
	v.Check(len(scope) > 0, "scope", "must name at least one of "+strings.Join(ConsentScopes, ", "))
	for _, s := range scope {
		v.Check(slices.Contains(ConsentScopes, s), "scope", "must only name "+strings.Join(ConsentScopes, ", "))
	}
	in.Scope = scope
	n = utf8.RuneCountInString(in.Evidence)
	v.Check(n >= 1 && n <= 500, "evidence", "must be 1 to 500 characters: where the signed form is kept")
	return v.Err()
}

// ConsentInForce reports whether the child has an unrevoked consent
// covering scope: a wish is published only with one for
// "wish_publication".
func (c *Child) ConsentInForce(scope string) bool {
	for _, k := range c.Consents {
		if k.RevokedAt == nil && slices.Contains(k.Scope, scope) {
			return true
		}
	}
	return false
}
