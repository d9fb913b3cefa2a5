package postgres_test

import (
	"context"
	"testing"
	"time"

	"hutong/domain"
)

func TestActivities(t *testing.T) {
	t.Parallel()
	e := newVolEnv(t)
	ctx := context.Background()
	at := e.clock.Now().Add(48 * time.Hour)

	t.Run("a draft is hidden until published", func(t *testing.T) {
		a, err := e.activities.CreateActivity(ctx, e.owner, e.org.ID, e.activityInput(4, at, at.Add(24*time.Hour)))
		must(t, err)
		if a.Status != domain.ActivityDraft || len(a.Shifts) != 2 || a.Shifts[0].PlacesLeft != 4 {
			t.Fatalf("activity = %+v", a)
		}
		_, err = e.activities.FindActivityByID(ctx, &domain.Actor{}, a.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = e.activities.PublishActivity(ctx, e.owner, a.ID)
		must(t, err)
		got, err := e.activities.FindActivityByID(ctx, &domain.Actor{}, a.ID)
		must(t, err)
		if got.Status != domain.ActivityPublished || got.OrganizationName != e.org.Name || len(got.Shifts) != 2 {
			t.Fatalf("published = %+v", got)
		}
		_, err = e.activities.PublishActivity(ctx, e.owner, a.ID)
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("outsiders cannot create and bad input names the field", func(t *testing.T) {
		_, err := e.activities.CreateActivity(ctx, e.volunteer(t, "Outsider"), e.org.ID, e.activityInput(4, at))
		wantCode(t, err, domain.ENOTFOUND)
		in := e.activityInput(4, e.clock.Now().Add(-time.Hour))
		_, err = e.activities.CreateActivity(ctx, e.owner, e.org.ID, in)
		wantField(t, err, domain.EINVALID, "shifts")
		in = e.activityInput(4, at)
		in.RegionCode = "999999"
		_, err = e.activities.CreateActivity(ctx, e.owner, e.org.ID, in)
		wantField(t, err, domain.EINVALID, "region_code")
	})
	t.Run("the public list filters and pages", func(t *testing.T) {
		for i := 0; i < 3; i++ {
			in := e.activityInput(2, at.Add(time.Duration(i)*time.Hour))
			in.Category = "safety"
			e.publish(t, in)
			e.clock.Advance(time.Second)
		}
		f := domain.ActivityFilter{RegionCode: "320200", Category: "safety"}
		first, next, err := e.activities.FindActivities(ctx, f, domain.Page{Limit: 2})
		must(t, err)
		rest, last, err := e.activities.FindActivities(ctx, f, domain.Page{Limit: 2, Cursor: next})
		must(t, err)
		if len(first) != 2 || next == "" || len(rest) != 1 || last != "" || rest[0].ID == first[1].ID {
			t.Fatalf("pages = %d %q %d %q", len(first), next, len(rest), last)
		}
		if len(first[0].Shifts) != 1 || first[0].Category != "safety" {
			t.Fatalf("item = %+v", first[0])
		}
		none, _, err := e.activities.FindActivities(ctx, domain.ActivityFilter{RegionCode: "110000"}, domain.Page{})
		must(t, err)
		if len(none) != 0 {
			t.Fatalf("other region lists %d", len(none))
		}
	})
	t.Run("moving a shift notifies those signed up", func(t *testing.T) {
		shift := e.publish(t, e.activityInput(1, at.Add(300*time.Hour))).Shifts[0].ID
		v1, v2 := e.volunteer(t, "Mover1"), e.volunteer(t, "Mover2")
		for _, v := range []*domain.Actor{v1, v2} {
			_, err := e.signups.SignUp(ctx, v, shift)
			must(t, err)
		}
		to := at.Add(320 * time.Hour)
		moved, err := e.activities.MoveShift(ctx, e.owner, shift, to, to.Add(3*time.Hour))
		must(t, err)
		if !moved.StartsAt.Equal(to) {
			t.Fatalf("starts_at = %v", moved.StartsAt)
		}
		for _, v := range []*domain.Actor{v1, v2} {
			ns := e.notesOf(t, v.User.ID, domain.NotifyShiftMoved)
			if len(ns) != 1 || ns[0].Params["starts_at"] != to.In(domain.Shanghai).Format("2006-01-02 15:04") {
				t.Fatalf("notifications = %+v", ns)
			}
		}
		if n := e.count(t, `SELECT count(*) FROM signups WHERE shift_id = $1 AND starts_at = $2`, shift, to); n != 2 {
			t.Fatalf("sign-ups moved = %d", n)
		}
		_, err = e.activities.MoveShift(ctx, v1, shift, to, to.Add(time.Hour))
		wantCode(t, err, domain.ENOTFOUND)
		_, err = e.activities.MoveShift(ctx, e.owner, shift, to, to.Add(-time.Hour))
		wantField(t, err, domain.EINVALID, "starts_at")
	})
}
