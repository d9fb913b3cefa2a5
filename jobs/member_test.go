package jobs_test

import (
	"context"
	"strings"
	"testing"

	"hutong/domain"
	"hutong/internal/demo"
	"hutong/internal/mail/mailtest"
	"hutong/postgres"
)

// TestMemberAddedMail follows a notification made by another service: the
// member's mail names the organisation and the roles in Chinese words and
// links to the organisation's page.
func TestMemberAddedMail(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	owner := h.register(t, domain.RegisterInput{Email: "qin.ht@hutong.test", DisplayName: "秦海涛"})
	staff := h.register(t, domain.RegisterInput{Email: "lu.jy@hutong.test", DisplayName: "陆佳怡"})
	code, err := demo.CreditCode("52320205MJ6012743")
	if err != nil {
		t.Fatal(err)
	}
	org, err := postgres.NewOrganizationService(h.db).CreateOrganization(ctx, &domain.Actor{User: owner}, domain.OrganizationInput{
		Kind: domain.KindSocialOrg, Name: "锡山区乐助社工事务所", CreditCode: code, RegionCode: "320205",
	})
	if err != nil {
		t.Fatal(err)
	}
	members := postgres.NewMemberService(h.db)
	ms, err := members.FindMemberships(ctx, owner.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := domain.MemberInput{Login: staff.Email, Roles: []domain.Role{domain.RoleStaff, domain.RoleChildDirector}}
	if _, err := members.AddMember(ctx, &domain.Actor{User: owner, Memberships: ms}, org.ID, in); err != nil {
		t.Fatal(err)
	}
	h.start(t)
	for range 3 { // two welcomes and the new member's notice
		h.waitDone(t, domain.SendEmailArgs{}.Kind())
	}
	var found bool
	for _, r := range h.smtp.Received() {
		d, err := mailtest.Decode(r.Data)
		if err != nil {
			t.Fatal(err)
		}
		if d.Subject != "您已加入「锡山区乐助社工事务所」" {
			continue
		}
		found = true
		if r.To[0] != staff.Email || !strings.Contains(d.Text, "担任:工作人员、儿童主任。") ||
			!strings.Contains(d.Text, baseURL+"/org/"+org.ID.String()) {
			t.Errorf("mail to %s reads %q", r.To[0], d.Text)
		}
	}
	if !found {
		t.Error("no member_added mail received")
	}
}
