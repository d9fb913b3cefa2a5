package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hutong/domain"
)

func TestSignupsWaitlistAndPromotion(t *testing.T) {
	t.Parallel()
	e := newVolEnv(t)
	ctx := context.Background()
	shift := e.publish(t, e.activityInput(1)).Shifts[0].ID
	a, b, c := e.volunteer(t, "Ann"), e.volunteer(t, "Bo"), e.volunteer(t, "Cai")

	sa, err := e.signups.SignUp(ctx, a, shift)
	must(t, err)
	sb, err := e.signups.SignUp(ctx, b, shift)
	must(t, err)
	sc, err := e.signups.SignUp(ctx, c, shift)
	must(t, err)
	t.Run("full shift waitlists in order", func(t *testing.T) {
		if sa.Status != domain.SignupConfirmed || sb.Status != domain.SignupWaitlisted || sc.Status != domain.SignupWaitlisted {
			t.Fatalf("statuses = %s %s %s", sa.Status, sb.Status, sc.Status)
		}
		if sb.Position != 1 || sc.Position != 2 {
			t.Fatalf("positions = %d %d, want 1 2", sb.Position, sc.Position)
		}
	})
	t.Run("a second sign-up to the same shift is a conflict", func(t *testing.T) {
		_, err := e.signups.SignUp(ctx, b, shift)
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("another's sign-up cannot be cancelled", func(t *testing.T) {
		_, err := e.signups.CancelSignup(ctx, b, sa.ID)
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("cancelling the confirmed place promotes the first in line once", func(t *testing.T) {
		out, err := e.signups.CancelSignup(ctx, a, sa.ID)
		must(t, err)
		if out.Status != domain.SignupCancelled {
			t.Fatalf("status = %s", out.Status)
		}
		if s, _ := e.signupStatus(t, sb.ID); s != "confirmed" {
			t.Fatalf("first in line is %s, want confirmed", s)
		}
		if s, _ := e.signupStatus(t, sc.ID); s != "waitlisted" {
			t.Fatalf("second in line is %s, want waitlisted", s)
		}
		ns := e.notesOf(t, b.User.ID, domain.NotifySignupPromoted)
		if len(ns) != 1 || ns[0].Params["activity"] != "周末课业辅导" || len(e.notesOf(t, c.User.ID, domain.NotifySignupPromoted)) != 0 {
			t.Fatalf("notifications = %+v", ns)
		}
		_, err = e.signups.CancelSignup(ctx, a, sa.ID)
		wantCode(t, err, domain.ECONFLICT)
		if n := e.count(t, `SELECT confirmed FROM shifts WHERE id = $1`, shift); n != 1 {
			t.Fatalf("confirmed = %d, want 1", n)
		}
	})
	t.Run("cancelling a waitlisted place promotes nobody", func(t *testing.T) {
		_, err := e.signups.CancelSignup(ctx, c, sc.ID)
		must(t, err)
		if n := e.count(t, `SELECT count(*) FROM signups WHERE shift_id = $1 AND status = 'confirmed'`, shift); n != 1 {
			t.Fatalf("confirmed rows = %d, want 1", n)
		}
	})
	t.Run("staff see the roster and a volunteer only their own", func(t *testing.T) {
		roster, err := e.signups.FindShiftSignups(ctx, e.owner, shift)
		must(t, err)
		if len(roster) != 3 || roster[0].ID != sb.ID {
			t.Fatalf("roster = %+v", roster)
		}
		mine, err := e.signups.FindShiftSignups(ctx, c, shift)
		must(t, err)
		if len(mine) != 1 || mine[0].ID != sc.ID {
			t.Fatalf("volunteer sees %+v", mine)
		}
		mine, err = e.signups.FindMySignups(ctx, b)
		must(t, err)
		if len(mine) != 1 || mine[0].ID != sb.ID || mine[0].Status != domain.SignupConfirmed {
			t.Fatalf("my sign-ups = %+v", mine)
		}
	})
}

func TestSignupsRules(t *testing.T) {
	t.Parallel()
	e := newVolEnv(t)
	ctx := context.Background()
	at := e.clock.Now().Add(72 * time.Hour)

	t.Run("an overlapping shift is a conflict", func(t *testing.T) {
		v := e.volunteer(t, "Overlap")
		first := e.publish(t, e.activityInput(5, at)).Shifts[0].ID
		second := e.publish(t, e.activityInput(5, at.Add(time.Hour))).Shifts[0].ID
		_, err := e.signups.SignUp(ctx, v, first)
		must(t, err)
		_, err = e.signups.SignUp(ctx, v, second)
		wantCode(t, err, domain.ECONFLICT)
		later := e.publish(t, e.activityInput(5, at.Add(2*time.Hour))).Shifts[0].ID
		_, err = e.signups.SignUp(ctx, v, later)
		must(t, err)
	})
	t.Run("a child-facing shift needs a clear unexpired check", func(t *testing.T) {
		in := e.activityInput(5, at)
		in.ChildFacing = true
		shift := e.publish(t, in).Shifts[0].ID
		v := e.volunteer(t, "Unchecked")
		_, err := e.signups.SignUp(ctx, v, shift)
		if de := wantCode(t, err, domain.EFORBIDDEN); !strings.HasPrefix(de.Message, "rule safeguarding") {
			t.Fatalf("message = %q", de.Message)
		}
		today := domain.DateOf(e.clock.Now())
		rec := func(result domain.SafeguardingResult, checked, expires domain.Date) {
			_, err := e.volunteers.RecordCheck(ctx, e.owner, e.org.ID, v.User.ID, domain.SafeguardingCheckInput{
				InquiringUnit: "梁溪区公安分局", CheckedOn: checked, Result: result, ExpiresOn: expires})
			must(t, err)
		}
		rec(domain.SafeguardingClear, today.AddDays(-400), today.AddDays(2))
		_, err = e.signups.SignUp(ctx, v, shift)
		wantCode(t, err, domain.EFORBIDDEN) // expires before the shift's day
		rec(domain.SafeguardingNotClear, today.AddDays(-1), today.AddDays(365))
		_, err = e.signups.SignUp(ctx, v, shift)
		wantCode(t, err, domain.EFORBIDDEN)
		rec(domain.SafeguardingClear, today, today.AddDays(365))
		s, err := e.signups.SignUp(ctx, v, shift)
		must(t, err)
		if s.Status != domain.SignupConfirmed {
			t.Fatalf("status = %s", s.Status)
		}
	})
	t.Run("the minimum age is enforced", func(t *testing.T) {
		in := e.activityInput(5, at)
		in.MinAge = domain.AdultAge
		shift := e.publish(t, in).Shifts[0].ID
		minor, adult, noProfile := e.volunteer(t, "Minor"), e.volunteer(t, "Adult"), e.volunteer(t, "NoProfile")
		consent := domain.DateOf(e.clock.Now())
		_, err := e.volunteers.SaveProfile(ctx, minor, domain.VolunteerProfileInput{RegionCode: "320213", BirthYear: 2010, GuardianConsentOn: &consent})
		must(t, err)
		_, err = e.volunteers.SaveProfile(ctx, adult, domain.VolunteerProfileInput{RegionCode: "320213", BirthYear: 1995})
		must(t, err)
		for _, v := range []*domain.Actor{minor, noProfile} {
			_, err = e.signups.SignUp(ctx, v, shift)
			if de := wantCode(t, err, domain.EFORBIDDEN); !strings.HasPrefix(de.Message, "rule min_age") {
				t.Fatalf("message = %q", de.Message)
			}
		}
		_, err = e.signups.SignUp(ctx, adult, shift)
		must(t, err)
	})
	t.Run("staff approval leaves the sign-up pending and the place free", func(t *testing.T) {
		in := e.activityInput(1, at)
		in.Approval = "staff"
		shift := e.publish(t, in).Shifts[0].ID
		s, err := e.signups.SignUp(ctx, e.volunteer(t, "Pending"), shift)
		must(t, err)
		if s.Status != domain.SignupPending {
			t.Fatalf("status = %s", s.Status)
		}
		if n := e.count(t, `SELECT confirmed FROM shifts WHERE id = $1`, shift); n != 0 {
			t.Fatalf("confirmed = %d", n)
		}
		_, err = e.signups.ApproveSignup(ctx, e.volunteer(t, "NotStaff"), s.ID)
		wantCode(t, err, domain.ENOTFOUND)
		second, err := e.signups.SignUp(ctx, e.volunteer(t, "Second"), shift)
		must(t, err)
		third, err := e.signups.SignUp(ctx, e.volunteer(t, "Third"), shift)
		must(t, err)
		ok, err := e.signups.ApproveSignup(ctx, e.owner, s.ID)
		must(t, err)
		late, err := e.signups.ApproveSignup(ctx, e.owner, second.ID)
		must(t, err)
		no, err := e.signups.DeclineSignup(ctx, e.owner, third.ID)
		must(t, err)
		if ok.Status != domain.SignupConfirmed || late.Status != domain.SignupWaitlisted || late.Position != 1 || no.Status != domain.SignupDeclined {
			t.Fatalf("decided = %s, %s at %d, %s", ok.Status, late.Status, late.Position, no.Status)
		}
		_, err = e.signups.ApproveSignup(ctx, e.owner, s.ID)
		wantCode(t, err, domain.ECONFLICT)
		if ns := e.notesOf(t, ok.VolunteerID, domain.NotifySignupDecided); len(ns) != 1 || ns[0].Params["status"] != "confirmed" {
			t.Fatalf("notices = %+v", ns)
		}
	})
	t.Run("a draft, past or unknown shift takes no sign-ups", func(t *testing.T) {
		v := e.volunteer(t, "Late")
		draft, err := e.activities.CreateActivity(ctx, e.owner, e.org.ID, e.activityInput(3, at.Add(100*time.Hour)))
		must(t, err)
		_, err = e.signups.SignUp(ctx, v, draft.Shifts[0].ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = e.signups.SignUp(ctx, v, domain.NewID())
		wantCode(t, err, domain.ENOTFOUND)
		soon := e.publish(t, e.activityInput(3, e.clock.Now().Add(time.Hour))).Shifts[0].ID
		late := servicesOnClock(t, e.env, &clock{t: e.clock.Now().Add(2 * time.Hour)})
		_, err = newSignups(late).SignUp(ctx, v, soon)
		wantCode(t, err, domain.ECONFLICT)
		_, err = e.signups.SignUp(ctx, &domain.Actor{}, soon)
		wantCode(t, err, domain.EUNAUTHORIZED)
	})
	t.Run("another volunteer's sign-ups stay hidden", func(t *testing.T) {
		shift := e.publish(t, e.activityInput(3, at.Add(200*time.Hour))).Shifts[0].ID
		owner, other := e.volunteer(t, "Holder"), e.volunteer(t, "Nosy")
		_, err := e.signups.SignUp(ctx, owner, shift)
		must(t, err)
		seen, err := e.signups.FindShiftSignups(ctx, other, shift)
		must(t, err)
		if len(seen) != 0 {
			t.Fatalf("another volunteer sees %+v", seen)
		}
		mine, err := e.signups.FindMySignups(ctx, other)
		must(t, err)
		if len(mine) != 0 {
			t.Fatalf("my sign-ups = %+v", mine)
		}
	})
}
