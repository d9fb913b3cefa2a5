package postgres_test

import (
	"context"
	"testing"

	"hutong/domain"
)

func TestVolunteerProfiles(t *testing.T) {
	t.Parallel()
	e := newVolEnv(t)
	ctx := context.Background()
	v := e.volunteer(t, "Profile")
	lat, lng := 31.56789, 120.29876
	in := domain.VolunteerProfileInput{Skills: []string{" 数学 ", "数学", "心理疏导"}, Languages: []string{"普通话", "吴语"},
		RegionCode: "320213", Lat: &lat, Lng: &lng, Certificates: []string{"助理社会工作师"}, BirthYear: 1990,
		Availability: []domain.AvailabilitySlot{{Weekday: 6, FromHour: 9, UntilHour: 12}}}

	t.Run("saved profile is rounded and read back by its owner", func(t *testing.T) {
		_, err := e.volunteers.SaveProfile(ctx, v, in)
		must(t, err)
		p, err := e.volunteers.FindMyProfile(ctx, v)
		must(t, err)
		if len(p.Skills) != 2 || *p.Lat != 31.57 || *p.Lng != 120.30 || p.BirthYear != 1990 || len(p.Availability) != 1 ||
			p.Availability[0].UntilHour != 12 {
			t.Fatalf("profile = %+v", p)
		}
		in2 := in
		in2.Skills = []string{"英语"}
		_, err = e.volunteers.SaveProfile(ctx, v, in2)
		must(t, err)
		p, err = e.volunteers.FindMyProfile(ctx, v)
		must(t, err)
		if len(p.Skills) != 1 || p.Skills[0] != "英语" {
			t.Fatalf("skills after update = %v", p.Skills)
		}
	})
	t.Run("another volunteer has no profile to read", func(t *testing.T) {
		_, err := e.volunteers.FindMyProfile(ctx, e.volunteer(t, "Other"))
		wantCode(t, err, domain.ENOTFOUND)
		_, err = e.volunteers.FindMyProfile(ctx, &domain.Actor{})
		wantCode(t, err, domain.EUNAUTHORIZED)
	})
	t.Run("bad input names the field", func(t *testing.T) {
		for field, mod := range map[string]func(*domain.VolunteerProfileInput){
			"region_code":         func(p *domain.VolunteerProfileInput) { p.RegionCode = "999999" },
			"birth_year":          func(p *domain.VolunteerProfileInput) { p.BirthYear = 1800 },
			"availability":        func(p *domain.VolunteerProfileInput) { p.Availability[0].FromHour = 13 },
			"guardian_consent_on": func(p *domain.VolunteerProfileInput) { p.BirthYear = 2012 },
			"skills": func(p *domain.VolunteerProfileInput) {
				p.Skills = []string{"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"}
			},
			"lat": func(p *domain.VolunteerProfileInput) { bad := 91.0; p.Lat = &bad },
		} {
			bad := in
			bad.Availability = []domain.AvailabilitySlot{{Weekday: 6, FromHour: 9, UntilHour: 12}}
			mod(&bad)
			_, err := e.volunteers.SaveProfile(ctx, v, bad)
			wantField(t, err, domain.EINVALID, field)
		}
	})
	t.Run("a minor with a guardian's consent is accepted", func(t *testing.T) {
		consent := domain.DateOf(e.clock.Now())
		minor := in
		minor.BirthYear, minor.GuardianConsentOn = 2011, &consent
		_, err := e.volunteers.SaveProfile(ctx, e.volunteer(t, "Minor"), minor)
		must(t, err)
	})
}
