package domain_test

import (
	"slices"
	"testing"

	"hutong/domain"
)

var privacyKey = []byte("privacy test key, 32 bytes long!")

func nameCheck(name string) domain.PrivacyCheck {
	h, n := domain.ChildNameHash(privacyKey, name)
	return domain.PrivacyCheck{Key: privacyKey, NameHash: h, NameLen: n}
}

func TestPrivacyCheck(t *testing.T) {
	t.Parallel()
	check := nameCheck("王小红")
	cases := []struct {
		name, text string
		want       []string
	}{
		{"clean story passes", "小红今年九岁，喜欢画画，想要一盒水彩笔和一本绘本。", nil},
		{"clean generic school words pass", "她每天上学要走很远的路，在学校很努力学习，是个好学生。", nil},
		{"pupil is not a school", "他是一名小学生，明年就是中学生了，小学阶段成绩很好。", nil},
		{"going to school is not a school", "弟弟今年去读小学，哥哥上初中，姐姐考高中。", nil},
		{"nearby school is not a school", "附近的学校离家不远，当地学校条件一般，他转到了新学校。", nil},
		{"textbook unit is not an address", "这学期学完了第三单元，教室里有一栋积木房子。", nil},
		{"lost things are not a lane", "他把书包弄丢了，衣服也弄脏了。", nil},
		{"road without number passes", "每天走马路去上学，沿着街道走二十分钟。", nil},
		{"dates and amounts pass", "2025年3月1日，预算120元，数量2件，编号20250301。", nil},
		{"mobile number", "有意请联系13800138000", []string{domain.PrivacyPhone}},
		{"mobile with dashes", "电话 138-0013-8000", []string{domain.PrivacyPhone}},
		{"mobile with spaces", "电话：139 1234 5678。", []string{domain.PrivacyPhone}},
		{"mobile with +86", "+86 13912345678", []string{domain.PrivacyPhone}},
		{"full-width mobile", "电话１３８００１３８０００", []string{domain.PrivacyPhone}},
		{"mobile after a year", "2024年 13800138000", []string{domain.PrivacyPhone}},
		{"ID card with check digit", "身份证32021320150307123X", []string{domain.PrivacyIDCard}},
		{"ID card lower-case x", "证号 32021320150307123x", []string{domain.PrivacyIDCard}},
		{"ID card with wrong check digit passes", "编号320213201503071231", nil},
		{"old 15-digit ID card", "旧证号320213850307123", []string{domain.PrivacyIDCard}},
		{"road and number", "家住梁溪区中山路123号", []string{domain.PrivacyAddress}},
		{"street and number", "住在南长街十五号附近", []string{domain.PrivacyAddress}},
		{"lane", "住在某某路88弄", []string{domain.PrivacyAddress}},
		{"room", "住在502室", []string{domain.PrivacyAddress}},
		{"estate block", "住在阳光小区3栋", []string{domain.PrivacyAddress}},
		{"village group", "家在王家村三组", []string{domain.PrivacyAddress}},
		{"primary school", "在梁溪区实验小学读三年级", []string{domain.PrivacySchool}},
		{"middle school", "就读于扬名中学", []string{domain.PrivacySchool}},
		{"numbered school", "他在无锡市第一中学", []string{domain.PrivacySchool}},
		{"kindergarten", "妹妹上阳光幼儿园", []string{domain.PrivacySchool}},
		{"vocational school", "哥哥在无锡交通职校", []string{domain.PrivacySchool}},
		{"named school with generic word", "无锡市艺术学校的老师", []string{domain.PrivacySchool}},
		{"real name", "王小红想要一个书包", []string{domain.PrivacyName}},
		{"real name with a space", "王 小红想要一个书包", []string{domain.PrivacyName}},
		{"pseudonym passes", "小红想要一个书包", nil},
		{"everything", "王小红，13800138000，住中山路1号，读扬名小学，证号32021320150307123X", []string{
			domain.PrivacyPhone, domain.PrivacyIDCard, domain.PrivacyAddress, domain.PrivacySchool, domain.PrivacyName}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := check.Check(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("Check(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestPrivacyCheckFieldsNamesTheField(t *testing.T) {
	t.Parallel()
	err := nameCheck("王小红").CheckFields(map[string]string{
		"title": "一个书包", "story": "请打13800138000",
	}, "title", "story")
	e := domain.AsError(err)
	if e == nil || e.Code != domain.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "story" ||
		e.Fields[0].Message != domain.PrivacyPhone {
		t.Fatalf("CheckFields = %v, want one problem on story", err)
	}
}

func TestValidIDCard(t *testing.T) {
	t.Parallel()
	cases := []struct {
		id   string
		want bool
	}{
		{"32021320150307123X", true},
		{"11010519491231002X", true},
		{"110105194912310021", false}, // wrong check digit
		{"110105194913310029", false}, // month 13
		{"320213850307123", true},
		{"320213851307123", false},
		{"0202132015030712X3", false},
		{"", false},
	}
	for _, tc := range cases {
		if got := domain.ValidIDCard(tc.id); got != tc.want {
			t.Errorf("ValidIDCard(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}

func TestChildNameHashIsKeyed(t *testing.T) {
	t.Parallel()
	a, n := domain.ChildNameHash(privacyKey, " 张 小明 ")
	b, _ := domain.ChildNameHash(privacyKey, "张小明")
	c, _ := domain.ChildNameHash([]byte("another key, also 32 bytes long!"), "张小明")
	if n != 3 || string(a) != string(b) || string(a) == string(c) {
		t.Fatalf("hashes: n=%d same=%v otherKey=%v", n, string(a) == string(b), string(a) == string(c))
	}
	if string(domain.IDCardHash(privacyKey, "32021320150307123x")) != string(domain.IDCardHash(privacyKey, "32021320150307123X")) {
		t.Fatal("ID-card hash depends on the case of X")
	}
}

func FuzzPrivacyCheck(f *testing.F) {
	for _, s := range []string{"13800138000", "中山路1号", "扬名小学", "王小红", "+86 138-0013-8000", "３２０２"} {
		f.Add(s)
	}
	check := nameCheck("王小红")
	f.Fuzz(func(t *testing.T, s string) {
		got := check.Check(s)
		if again := check.Check(s); !slices.Equal(got, again) {
			t.Fatalf("Check is not deterministic on %q", s)
		}
		if got := check.Check(s + " 13800138000"); !slices.Contains(got, domain.PrivacyPhone) {
			t.Fatalf("a phone number after %q was missed", s)
		}
	})
}
