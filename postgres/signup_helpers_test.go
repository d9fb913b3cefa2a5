package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/postgres"
)

// volEnv is a social organisation running activities, with its owner,
// and the volunteering services on a clock at 2026-05-20 10:00 Beijing.
type volEnv struct {
	*env
	volunteers *postgres.VolunteerService
	activities *postgres.ActivityService
	signups    *postgres.SignupService
	org        *domain.Organization
	owner      *domain.Actor
}

func newVolEnv(tb testing.TB) *volEnv {
	tb.Helper()
	base := newEnv(tb)
	e := &volEnv{env: servicesOnClock(tb, base, &clock{t: time.Date(2026, 5, 20, 2, 0, 0, 0, time.UTC)})}
	e.volunteers = postgres.NewVolunteerService(e.db)
	e.activities = postgres.NewActivityService(e.db)
	e.signups = postgres.NewSignupService(e.db)
	owner := e.actor(tb, e.register(tb, "Owner"))
	e.org = e.createOrg(tb, owner, domain.KindSocialOrg, "无锡市星火青少年社会心理服务中心", "320213")
	e.owner = e.actor(tb, owner.User)
	return e
}

// activityInput is a published-ready activity with one shift per start,
// each two hours long with capacity places.
func (e *volEnv) activityInput(capacity int, starts ...time.Time) domain.ActivityInput {
	if len(starts) == 0 {
		starts = []time.Time{e.clock.Now().Add(48 * time.Hour)}
	}
	in := domain.ActivityInput{Title: "周末课业辅导", Description: "为留守儿童辅导作业", Category: "tutoring",
		Skills: []string{"数学"}, RegionCode: "320213", Address: "梁溪区某社区活动中心"}
	for _, s := range starts {
		in.Shifts = append(in.Shifts, domain.ShiftInput{StartsAt: s, EndsAt: s.Add(2 * time.Hour), Capacity: capacity})
	}
	return in
}

// publish creates and publishes an activity and returns it.
func (e *volEnv) publish(tb testing.TB, in domain.ActivityInput) *domain.Activity {
	tb.Helper()
	ctx := context.Background()
	a, err := e.activities.CreateActivity(ctx, e.owner, e.org.ID, in)
	must(tb, err)
	a, err = e.activities.PublishActivity(ctx, e.owner, a.ID)
	must(tb, err)
	return a
}

// volunteer registers a volunteer and returns their actor.
func (e *volEnv) volunteer(tb testing.TB, name string) *domain.Actor {
	tb.Helper()
	return e.actor(tb, e.register(tb, name))
}

// fastVolunteers inserts n users straight into the table, for load tests
// where registering (and hashing passwords) would take minutes.
func fastVolunteers(tb testing.TB, e *env, n int) []*domain.Actor {
	tb.Helper()
	rows, err := e.db.SQL().Query(`INSERT INTO users (id, email, password_hash, display_name)
		SELECT id, 'v-' || id || '@example.org', 'x', '志愿者' || i
		FROM (SELECT gen_random_uuid() AS id, i FROM generate_series(1, $1) i) g RETURNING id`, n)
	must(tb, err)
	defer rows.Close()
	out := make([]*domain.Actor, 0, n)
	for rows.Next() {
		var id uuid.UUID
		must(tb, rows.Scan(&id))
		out = append(out, &domain.Actor{User: &domain.User{ID: id, DisplayName: "志愿者"}})
	}
	must(tb, rows.Err())
	return out
}

// signupStatus reads a sign-up's status and position from the table.
func (e *volEnv) signupStatus(tb testing.TB, id uuid.UUID) (string, int64) {
	tb.Helper()
	var s string
	var p int64
	if err := e.db.SQL().QueryRow(`SELECT status, position FROM signups WHERE id = $1`, id).Scan(&s, &p); err != nil {
		tb.Fatal(err)
	}
	return s, p
}

// newSignups returns a sign-up service on another env's handle.
func newSignups(e *env) *postgres.SignupService { return postgres.NewSignupService(e.db) }

// notesOf returns a user's notifications of one kind.
func (e *volEnv) notesOf(tb testing.TB, userID uuid.UUID, kind string) []*domain.Notification {
	tb.Helper()
	var out []*domain.Notification
	for _, n := range e.notifications(tb, userID) {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}
