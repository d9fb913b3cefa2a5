package domain

import "testing"

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"13812345678", "13812345678", true},
		{"+86 138-1234-5678", "13812345678", true},
		{"008619912345678", "19912345678", true},
		{"12812345678", "12812345678", false},
		{"1381234567", "1381234567", false},
		{"029-12349", "02912349", false},
	} {
		got, ok := NormalizePhone(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"Wang.Fang@Example.ORG ", "wang.fang@example.org", true},
		{"王芳 <wf@example.org>", "王芳 <wf@example.org>", false},
		{"wf@localhost", "wf@localhost", false},
		{"not an email", "not an email", false},
	} {
		got, ok := NormalizeEmail(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestRegisterInputNormalize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		in     RegisterInput
		fields []string
	}{
		{"OKEmail", RegisterInput{Email: "a@b.cn", Password: "0123456789", DisplayName: "李老师"}, nil},
		{"OKPhone", RegisterInput{Phone: "13912345678", Password: "密码密码密码密码密码", DisplayName: "李老师"}, nil},
		{"ErrNoContact", RegisterInput{Password: "0123456789", DisplayName: "x"}, []string{"email"}},
		{"ErrShortPassword", RegisterInput{Email: "a@b.cn", Password: "123456789", DisplayName: "x"}, []string{"password"}},
		{"ErrEverything", RegisterInput{Email: "a", Phone: "1", Password: "", DisplayName: " ", Locale: "fr"},
			[]string{"email", "phone", "password", "display_name", "locale"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.in.Normalize()
			var got []string
			if e := AsError(err); e != nil {
				for _, f := range e.Fields {
					got = append(got, f.Field)
				}
			}
			if len(got) != len(tc.fields) {
				t.Fatalf("fields %v, want %v", got, tc.fields)
			}
			for i := range got {
				if got[i] != tc.fields[i] {
					t.Fatalf("fields %v, want %v", got, tc.fields)
				}
			}
		})
	}
}
