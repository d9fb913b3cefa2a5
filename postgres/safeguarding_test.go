package postgres_test

import (
	"context"
	"testing"

	"hutong/domain"
)

func TestSafeguardingChecks(t *testing.T) {
	t.Parallel()
	e := newVolEnv(t)
	ctx := context.Background()
	v := e.volunteer(t, "Checked")
	today := domain.DateOf(e.clock.Now())
	in := domain.SafeguardingCheckInput{InquiringUnit: "梁溪区公安分局", CheckedOn: today, Result: domain.SafeguardingClear, ExpiresOn: today.AddDays(365)}

	c, err := e.volunteers.RecordCheck(ctx, e.owner, e.org.ID, v.User.ID, in)
	must(t, err)
	t.Run("only owners and admins record checks", func(t *testing.T) {
		staffUser := e.register(t, "Staff")
		_, err := e.members.AddMember(ctx, e.owner, e.org.ID, domain.MemberInput{Login: staffUser.Email, Roles: []domain.Role{domain.RoleStaff}})
		must(t, err)
		_, err = e.volunteers.RecordCheck(ctx, e.actor(t, staffUser), e.org.ID, v.User.ID, in)
		wantCode(t, err, domain.EFORBIDDEN)
		_, err = e.volunteers.RecordCheck(ctx, e.owner, e.org.ID, domain.NewID(), in)
		wantCode(t, err, domain.ENOTFOUND)
		bad := in
		bad.ExpiresOn = today.AddDays(-1)
		_, err = e.volunteers.RecordCheck(ctx, e.owner, e.org.ID, v.User.ID, bad)
		wantField(t, err, domain.EINVALID, "expires_on")
	})
	t.Run("the volunteer and the recording organisation read the checks", func(t *testing.T) {
		for _, a := range []*domain.Actor{v, e.owner} {
			cs, err := e.volunteers.FindChecks(ctx, a, v.User.ID)
			must(t, err)
			if len(cs) != 1 || cs[0].ID != c.ID || cs[0].Result != domain.SafeguardingClear {
				t.Fatalf("checks = %+v", cs)
			}
		}
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'safeguarding.recorded'`); n != 1 {
			t.Fatalf("audits = %d", n)
		}
	})
	t.Run("another volunteer or organisation learns nothing", func(t *testing.T) {
		other := e.volunteer(t, "Nosy")
		_, err := e.volunteers.FindChecks(ctx, other, v.User.ID)
		wantCode(t, err, domain.ENOTFOUND)
		otherOwner := e.volunteer(t, "OtherOwner")
		e.createOrg(t, otherOwner, domain.KindSocialOrg, "锡山区乐助社工事务所", "320213")
		_, err = e.volunteers.FindChecks(ctx, e.actor(t, otherOwner.User), v.User.ID)
		wantCode(t, err, domain.ENOTFOUND)
	})
}
