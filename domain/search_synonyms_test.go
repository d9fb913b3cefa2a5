package domain

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestNormalizeSynonyms(t *testing.T) {
	t.Parallel()
	many := func(n int, word func(i int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = word(i)
		}
		return out
	}
	groups := func(n int) [][]string {
		out := make([][]string, n)
		for i := range out {
			out[i] = []string{"甲" + strings.Repeat("乙", i%5) + string(rune('a'+i%26)) + string(rune('a'+i/26)), "丙" + string(rune('a'+i%26)) + string(rune('a'+i/26))}
		}
		return out
	}
	word := func(i int) string { return "词" + string(rune('a'+i)) }
	for _, tc := range []struct {
		name string
		in   [][]string
		want [][]string
		msg  string
	}{
		{name: "OK", in: [][]string{{" 心理疏导", "心理辅导\u3000"}, {"社工", "社会工作者"}},
			want: [][]string{{"心理疏导", "心理辅导"}, {"社工", "社会工作者"}}},
		{name: "OKEmpty", in: [][]string{}, want: [][]string{}},
		{name: "OKTwentyWords", in: [][]string{many(20, word)}, want: [][]string{many(20, word)}},
		{name: "OKTwoHundredGroups", in: groups(200), want: groups(200)},
		{name: "ErrTooManyGroups", in: groups(201), msg: "at most 200 groups"},
		{name: "ErrOneWord", in: [][]string{{"社工"}}, msg: "2 to 20 words"},
		{name: "ErrTwentyOneWords", in: [][]string{many(21, word)}, msg: "2 to 20 words"},
		{name: "ErrEmptyWord", in: [][]string{{"社工", "  "}}, msg: "must not be empty"},
		{name: "ErrLongWord", in: [][]string{{"社工", strings.Repeat("长", 21)}}, msg: "at most 20 characters"},
		{name: "ErrSeparator", in: [][]string{{"社工", "社会/工作者"}}, msg: "separators"},
		{name: "ErrInnerSpace", in: [][]string{{"社工", "社会 工作者"}}, msg: "spaces"},
		{name: "ErrRepeatedInGroup", in: [][]string{{"社工", "社工 "}}, msg: "twice"},
		{name: "ErrWordInTwoGroups", in: [][]string{{"社工", "社会工作者"}, {"社工", "社工师"}}, msg: "in two groups"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := NormalizeSynonyms(tc.in)
			if tc.msg == "" {
				if err != nil || !reflect.DeepEqual(got, tc.want) {
					t.Fatalf("NormalizeSynonyms = %v, %v; want %v", got, err, tc.want)
				}
				return
			}
			e := AsError(err)
			if e == nil || e.Code != EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "groups" ||
				!strings.Contains(e.Fields[0].Message, tc.msg) {
				t.Fatalf("err = %#v, want EINVALID on groups saying %q", e, tc.msg)
			}
		})
	}
}

func TestCanEditSynonyms(t *testing.T) {
	t.Parallel()
	admin := &Actor{User: &User{ID: uuid.New(), IsPlatformAdmin: true}}
	owner := &Actor{User: &User{ID: uuid.New()}, Memberships: []*Membership{{OrganizationID: uuid.New(), Roles: []Role{RoleOwner}}}}
	if err := Can(admin, ActionSearchSynonyms, nil); err != nil {
		t.Errorf("platform admin: %v", err)
	}
	if ErrorCode(Can(owner, ActionSearchSynonyms, nil)) != EFORBIDDEN {
		t.Error("an organisation owner may edit synonyms")
	}
	if ErrorCode(Can(nil, ActionSearchSynonyms, nil)) != EUNAUTHORIZED {
		t.Error("an anonymous caller may edit synonyms")
	}
}
