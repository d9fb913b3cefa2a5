package domain_test

import (
	"strings"
	"testing"
	"time"

	"hutong/domain"
)

func TestNormalizeQuestionText(t *testing.T) {
	t.Parallel()
	t.Run("OKTrimsFullWidthSpaces", func(t *testing.T) {
		t.Parallel()
		got, err := domain.NormalizeQuestionText("text", "\u3000 预算是否含税? ")
		if err != nil || got != "预算是否含税?" {
			t.Fatalf("got %q, %v", got, err)
		}
	})
	t.Run("ErrLength", func(t *testing.T) {
		t.Parallel()
		for _, s := range []string{"", "四个字啊", strings.Repeat("问", 2001)} {
			_, err := domain.NormalizeQuestionText("answer", s)
			if e := domain.AsError(err); e == nil || e.Code != domain.EINVALID || e.Fields[0].Field != "answer" {
				t.Errorf("%d runes: %v", len([]rune(s)), err)
			}
		}
		if _, err := domain.NormalizeQuestionText("text", strings.Repeat("问", 2000)); err != nil {
			t.Errorf("2000 runes: %v", err)
		}
	})
}

func TestCanAsk(t *testing.T) {
	t.Parallel()
	deadline := time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC)
	p := &domain.Project{Status: domain.StatusPublished, Timeline: domain.Timeline{BidDeadline: &deadline}}
	if err := domain.CanAsk(p, deadline.Add(-time.Second)); err != nil {
		t.Errorf("a second before: %v", err)
	}
	for name, at := range map[string]time.Time{"at": deadline, "after": deadline.Add(time.Second)} {
		if code := domain.ErrorCode(domain.CanAsk(p, at)); code != domain.ECONFLICT {
			t.Errorf("%s the deadline: %q", name, code)
		}
	}
	closed := &domain.Project{Status: domain.StatusBiddingClosed, Timeline: p.Timeline}
	if code := domain.ErrorCode(domain.CanAsk(closed, deadline.Add(-time.Hour))); code != domain.ECONFLICT {
		t.Errorf("closed bidding: %q", code)
	}
}

func TestQuestionPolicy(t *testing.T) {
	t.Parallel()
	user := &domain.User{}
	org := func(kind domain.OrgKind, verified bool) *domain.Organization {
		o := &domain.Organization{ID: domain.NewID(), Kind: kind, VerificationStatus: domain.VerificationPending}
		if verified {
			o.VerificationStatus = domain.VerificationVerified
		}
		return o
	}
	as := func(o *domain.Organization, r domain.Role) *domain.Actor {
		return &domain.Actor{User: user, Memberships: []*domain.Membership{{OrganizationID: o.ID, Roles: []domain.Role{r}}}}
	}
	social, unverified, bureau := org(domain.KindSocialOrg, true), org(domain.KindSocialOrg, false), org(domain.KindBureau, true)
	cases := []struct {
		name   string
		actor  *domain.Actor
		action domain.Action
		org    *domain.Organization
		want   string
	}{
		{"OKStaffAsks", as(social, domain.RoleStaff), domain.ActionQuestionAsk, social, ""},
		{"ErrUnverifiedAsks", as(unverified, domain.RoleOwner), domain.ActionQuestionAsk, unverified, domain.EFORBIDDEN},
		{"ErrFinanceAsks", as(social, domain.RoleFinance), domain.ActionQuestionAsk, social, domain.EFORBIDDEN},
		{"ErrBureauAsks", as(bureau, domain.RoleStaff), domain.ActionQuestionAsk, bureau, domain.EFORBIDDEN},
		{"OKBureauStaffAnswers", as(bureau, domain.RoleStaff), domain.ActionQuestionAnswer, bureau, ""},
		{"ErrOrgAnswers", as(social, domain.RoleOwner), domain.ActionQuestionAnswer, social, domain.EFORBIDDEN},
		{"ErrOutsiderAnswers", as(social, domain.RoleOwner), domain.ActionQuestionAnswer, bureau, domain.EFORBIDDEN},
		{"ErrAnonymous", nil, domain.ActionQuestionAsk, social, domain.EUNAUTHORIZED},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := domain.ErrorCode(domain.Can(c.actor, c.action, c.org)); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
