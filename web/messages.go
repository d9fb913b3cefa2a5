package web

import (
	"regexp"
	"strings"

	"hutong/internal/i18n"
)

// messageIDs translates the English messages of domain and service errors
// into catalogue ids. Services speak English to every caller (the API
// shows it as is); pages show the reader's language.
var messageIDs = map[string]string{
	"email or phone is required":   "msg.login_required",
	"not a valid email address":    "msg.email_invalid",
	"not a mainland mobile number": "msg.phone_invalid",
	"must be zh-CN or en":          "msg.locale_invalid",
	"must be one of bureau, social_org, alliance, foundation, station": "msg.kind_invalid",
	"not a valid unified social credit code (GB 32100)":                "msg.credit_code_invalid",
	"must be a 6-digit administrative division code":                   "msg.region_invalid",
	"must be empty or one of 1A to 5A":                                 "msg.rating_invalid",
	"must be an http or https address":                                 "msg.website_invalid",
	"at least one role is required":                                    "msg.roles_required",
	"wrong login or password":                                          "msg.bad_credentials",
	"not a valid cursor":                                               "msg.cursor_invalid",
	"sign in first":                                                    "msg.sign_in_first",
	"you may not do this":                                              "msg.forbidden",
	"sign in again":                                                    "msg.sign_in_first",
	"this email is already registered":                                 "msg.email_taken",
	"this phone number is already registered":                          "msg.phone_taken",
	"an organization with this credit code already exists":             "msg.credit_code_taken",
	"this person is already a member":                                  "msg.already_member",
	"this organization is already in the alliance":                     "msg.already_in_alliance",
	"already exists":                                                   "msg.duplicate",
	"an organization needs at least one owner":                         "msg.last_owner",
	"the email and the phone belong to different accounts":             "msg.email_phone_mismatch",
	"no account with this login":                                       "msg.login_unknown",
	"not an email address or mainland mobile number":                   "msg.login_invalid",
	"unknown region":                                                   "msg.region_unknown",
	"must be verified or rejected":                                     "msg.status_invalid",
	"choose an organisation or enter its id":                           "msg.org_choose",
	"no such organization":                                             "msg.org_unknown",
	"an alliance cannot join another alliance":                         "msg.alliance_in_alliance",
	"the membership is already confirmed":                              "msg.already_confirmed",
	"must be at most 200 groups":                                       "msg.synonym_groups_max",
	"each group must have 2 to 20 words":                               "msg.synonym_group_size",
	"words must not be empty":                                          "msg.synonym_word_empty",
	"words must be at most 20 characters":                              "msg.synonym_word_long",
	"words must not contain spaces or the separators / ， , 、":          "msg.synonym_word_separator",
	"must be given once":                                               "msg.given_once",
	"must be true or false":                                            "msg.true_false",
}

// messagePatterns translate messages that carry a number or a name.
var messagePatterns = []struct {
	re *regexp.Regexp
	id string
}{
	{regexp.MustCompile(`^must be at least (\d+) characters$`), "msg.min_chars"},
	{regexp.MustCompile(`^must be at most (\d+) characters$`), "msg.max_chars"},
	{regexp.MustCompile(`^must be at most (\d+) bytes$`), "msg.max_bytes"},
	{regexp.MustCompile(`^must be (\d+) to (\d+) characters$`), "msg.range_chars"},
	{regexp.MustCompile(`^must be between (\d+) and (\d+)$`), "msg.range"},
	{regexp.MustCompile(`^unknown service area (.*)$`), "msg.area_unknown"},
	{regexp.MustCompile(`^unknown role (.*)$`), "msg.role_unknown"},
	{regexp.MustCompile(`^a group has the word (.*) twice$`), "msg.synonym_word_twice"},
	{regexp.MustCompile(`^the word (.*) is in two groups$`), "msg.synonym_word_shared"},
	{regexp.MustCompile(`^unknown value (.*)$`), "msg.value_unknown"},
	{regexp.MustCompile(`^unknown parameter`), "msg.param_unknown"},
	{regexp.MustCompile(`^must be one of: (.*)$`), "msg.one_of"},
}

// translateMessage renders a service message in the reader's language. A
// message the pages do not know yet is shown through msg.unknown, which
// in Chinese says the input is invalid and quotes the original.
func translateMessage(l *i18n.Localizer, msg string) string {
	if s, ok := knownMessage(l, msg); ok {
		return s
	}
	return l.T("msg.unknown", map[string]any{"Message": msg})
}

// knownMessage translates msg when the catalogue knows it.
func knownMessage(l *i18n.Localizer, msg string) (string, bool) {
	if id, ok := messageIDs[msg]; ok {
		return l.T(id), true
	}
	for _, p := range messagePatterns {
		if m := p.re.FindStringSubmatch(msg); m != nil {
			data := map[string]any{"Message": msg}
			if len(m) > 1 {
				data["A"] = m[1]
			}
			if len(m) > 2 {
				data["B"] = m[2]
			}
			return l.T(p.id, data), true
		}
	}
	return "", false
}

// fieldLabel names a form field in the reader's language; a field the
// catalogue does not name is shown as is.
func fieldLabel(l *i18n.Localizer, field string) string {
	id := "field." + field
	if l.Has(id) {
		return l.T(id)
	}
	return strings.ReplaceAll(field, "_", " ")
}
