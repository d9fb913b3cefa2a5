package postgres_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"hutong/domain"
)

func TestNotifications(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	owner := e.actor(t, e.register(t, "Owner"))
	org := e.createOrg(t, owner, domain.KindSocialOrg, "通知机构", "320213")
	owner = e.actor(t, owner.User)
	for i := 0; i < 3; i++ {
		e.clock.Advance(time.Second)
		u := e.register(t, "Added")
		_, err := e.members.AddMember(ctx, owner, org.ID, domain.MemberInput{UserID: u.ID, Roles: []domain.Role{domain.RoleStaff}})
		must(t, err)
	}
	e.clock.Advance(time.Second)
	_, err := e.orgs.VerifyOrganization(ctx, e.admin(t), org.ID, domain.VerificationVerified, "")
	must(t, err)

	t.Run("OneJobPerNotification", func(t *testing.T) {
		rows, err := e.db.SQL().Query(`SELECT n.id, j.kind, j.args FROM notifications n
			LEFT JOIN river_job j ON (j.args->>'notification_id')::uuid = n.id ORDER BY n.id`)
		must(t, err)
		defer rows.Close()
		var n int
		for rows.Next() {
			var id, kind string
			var args []byte
			must(t, rows.Scan(&id, &kind, &args))
			var a domain.SendEmailArgs
			must(t, json.Unmarshal(args, &a))
			if kind != "send_email" || a.NotificationID.String() != id {
				t.Fatalf("job %s %s for notification %s", kind, args, id)
			}
			n++
		}
		must(t, rows.Err())
		// 5 welcomes (owner, three members, admin), 3 member_added, 1 org_verified.
		if jobs := e.count(t, `SELECT count(*) FROM river_job WHERE kind = 'send_email'`); n != 9 || jobs != 9 {
			t.Fatalf("%d notifications, %d jobs; want 9 of each", n, jobs)
		}
	})

	t.Run("SearchJobPerOrganizationChange", func(t *testing.T) {
		// Created and verified: two jobs that rebuild its search document.
		n := e.count(t, `SELECT count(*) FROM river_job WHERE kind = 'search_index'
			AND args->>'type' = 'organizations' AND args->>'id' = '`+org.ID.String()+`'`)
		if n != 2 {
			t.Fatalf("%d search_index jobs for the organisation, want 2", n)
		}
	})

	t.Run("InboxPages", func(t *testing.T) {
		var kinds []string
		page := domain.Page{Limit: 1}
		for {
			ns, next, err := e.notes.FindNotifications(ctx, owner, page)
			must(t, err)
			for _, n := range ns {
				kinds = append(kinds, n.Kind)
			}
			if next == "" {
				break
			}
			page.Cursor = next
		}
		if len(kinds) != 2 || kinds[0] != domain.NotifyOrgVerified || kinds[1] != domain.NotifyWelcome {
			t.Fatalf("kinds = %v", kinds)
		}
	})

	t.Run("MarkRead", func(t *testing.T) {
		ns, _, err := e.notes.FindNotifications(ctx, owner, domain.Page{})
		must(t, err)
		n, err := e.notes.CountUnread(ctx, owner)
		must(t, err)
		if n != 2 {
			t.Fatalf("unread = %d", n)
		}
		must(t, e.notes.MarkRead(ctx, owner, ns[0].ID))
		must(t, e.notes.MarkRead(ctx, owner, ns[0].ID))
		if n, _ := e.notes.CountUnread(ctx, owner); n != 1 {
			t.Fatalf("unread = %d", n)
		}
		stranger := e.actor(t, e.register(t, "Stranger"))
		wantCode(t, e.notes.MarkRead(ctx, stranger, ns[1].ID), domain.ENOTFOUND)
		wantCode(t, e.notes.MarkRead(ctx, nil, ns[1].ID), domain.EUNAUTHORIZED)
		_, _, err = e.notes.FindNotifications(ctx, nil, domain.Page{})
		wantCode(t, err, domain.EUNAUTHORIZED)
	})

	t.Run("ForEmail", func(t *testing.T) {
		ns, _, err := e.notes.FindNotifications(ctx, owner, domain.Page{})
		must(t, err)
		n, u, err := e.notes.FindNotificationForEmail(ctx, ns[0].ID)
		must(t, err)
		if u.ID != owner.User.ID || u.Email != owner.User.Email || n.Params["org"] != "通知机构" || n.EmailedAt != nil {
			t.Fatalf("notification %+v for %+v", n, u)
		}
		must(t, e.notes.MarkEmailed(ctx, n.ID))
		first, _, err := e.notes.FindNotificationForEmail(ctx, n.ID)
		must(t, err)
		e.clock.Advance(time.Hour)
		must(t, e.notes.MarkEmailed(ctx, n.ID))
		again, _, err := e.notes.FindNotificationForEmail(ctx, n.ID)
		must(t, err)
		if first.EmailedAt == nil || !again.EmailedAt.Equal(*first.EmailedAt) {
			t.Fatalf("emailed_at %v then %v", first.EmailedAt, again.EmailedAt)
		}
		_, _, err = e.notes.FindNotificationForEmail(ctx, domain.NewID())
		wantCode(t, err, domain.ENOTFOUND)
		wantCode(t, e.notes.MarkEmailed(ctx, domain.NewID()), domain.ENOTFOUND)
	})
}

func TestRegions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()

	t.Run("FindRegion", func(t *testing.T) {
		r, err := e.regions.FindRegion(ctx, "320213")
		must(t, err)
		if r.Name != "梁溪区" || r.ParentCode != "320200" || r.Level != 3 {
			t.Fatalf("region = %+v", r)
		}
		for _, code := range []string{"999999", "32", "abcdef"} {
			_, err := e.regions.FindRegion(ctx, code)
			wantCode(t, err, domain.ENOTFOUND)
		}
	})

	t.Run("FindRegions", func(t *testing.T) {
		provinces, err := e.regions.FindRegions(ctx, "")
		must(t, err)
		if len(provinces) < 31 || provinces[0].Code != "110000" || provinces[0].ParentCode != "" {
			t.Fatalf("%d provinces, first %+v", len(provinces), provinces[0])
		}
		cities, err := e.regions.FindRegions(ctx, "320000")
		must(t, err)
		found := false
		for _, c := range cities {
			found = found || c.Name == "无锡市"
			if c.Level != 2 || c.ParentCode != "320000" {
				t.Fatalf("city = %+v", c)
			}
		}
		if !found {
			t.Fatalf("cities = %+v", cities)
		}
	})
}
