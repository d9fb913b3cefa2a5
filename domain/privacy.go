package domain

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"unicode"
)

// Privacy problems a wish text can have. Each is a message shown on the
// field, in Chinese first, so that the station knows what to remove.
const (
	PrivacyPhone   = "含有手机号码，请删除 (contains a mobile phone number)"
	PrivacyIDCard  = "含有身份证号码，请删除 (contains an ID-card number)"
	PrivacyAddress = "含有详细地址，请删除 (contains a street address)"
	PrivacySchool  = "含有学校名称，请删除 (contains a school name)"
	PrivacyName    = "含有儿童真实姓名，请使用化名 (contains the child's real name)"
)

// PrivacyCheck checks the public text of a wish for what would identify
// or locate a child. The child's real name is never stored: NameHash is
// the keyed hash (ChildNameHash) of the normalised name and NameLen its
// length in runes, so every window of that length of the text is hashed
// and compared.
type PrivacyCheck struct {
	Key      []byte
	NameHash []byte
	NameLen  int
}

// Check returns the problems of text, empty when it may be published.
// Each problem is listed once, in a fixed order.
func (c PrivacyCheck) Check(text string) []string {
	var out []string
	folded := foldWidth(text)
	phone, id := numberProblems(folded)
	if phone {
		out = append(out, PrivacyPhone)
	}
	if id {
		out = append(out, PrivacyIDCard)
	}
	if HasStreetAddress(folded) {
		out = append(out, PrivacyAddress)
	}
	if HasSchoolName(folded) {
		out = append(out, PrivacySchool)
	}
	if c.containsName(folded) {
		out = append(out, PrivacyName)
	}
	return out
}

// CheckFields runs Check on each named field and returns an EINVALID
// error naming every field with a problem, or nil.
func (c PrivacyCheck) CheckFields(fields map[string]string, order ...string) error {
	var v Validation
	for _, f := range order {
		for _, p := range c.Check(fields[f]) {
			v.Add(f, p)
		}
	}
	return v.Err()
}

// ChildNameHash is the keyed hash of a child's real name as normalised
// by NormalizeName, with its length in runes. Only these two are kept.
func ChildNameHash(key []byte, name string) ([]byte, int) {
	n := NormalizeName(name)
	return KeyedHash(key, "child-name", n), len([]rune(n))
}

// IDCardHash is the keyed hash of an ID-card number, upper-cased, that
// flags one child registered by two stations without keeping the number.
func IDCardHash(key []byte, id string) []byte {
	return KeyedHash(key, "id-card", strings.ToUpper(trimSpace(id)))
}

// KeyedHash is HMAC-SHA256 of value under key, with a label so that the
// same value hashed for two purposes never gives the same hash.
func KeyedHash(key []byte, label, value string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return m.Sum(nil)
}

// NormalizeName folds full-width letters, drops spaces and the
// separators of minority and foreign names (·), and lower-cases, so that
// "张 小明" and "张小明" hash alike.
func NormalizeName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune("·•・.-_", r) {
			return -1
		}
		return unicode.ToLower(r)
	}, foldWidth(s))
}

// containsName hashes every window of NameLen runes of the normalised
// text and compares it with the name's hash in constant time.
func (c PrivacyCheck) containsName(text string) bool {
	if c.NameLen <= 0 || len(c.NameHash) == 0 {
		return false
	}
	rs := []rune(NormalizeName(text))
	found := false
	for i := 0; i+c.NameLen <= len(rs); i++ {
		h := KeyedHash(c.Key, "child-name", string(rs[i:i+c.NameLen]))
		if hmac.Equal(h, c.NameHash) {
			found = true
		}
	}
	return found
}

// foldWidth turns full-width digits, letters and the ideographic space
// into their ASCII forms, which Chinese input methods often produce.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			return r - '０' + '0'
		case r == '\u3000':
			return ' '
		case r == '＋':
			return '+'
		case r == '－':
			return '-'
		}
		return r
	}, s)
}
