package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

func TestCreateProject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newTenderEnv(t, shanghai(2025, 9, 12, 10))

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		p := e.create(t, nil)
		if p.Status != domain.StatusDraft || p.BureauName != e.bureau.Name || p.RegionName != "梁溪区" ||
			p.Currency != "CNY" || p.Criteria.Technical[1].Key != "team" || p.Milestones[1].Due != domain.NewDate(2026, 12, 31) ||
			p.Timeline.PublishedAt != nil {
			t.Fatalf("created %+v", p)
		}
		if n := e.audits(t, domain.AuditProjectCreated, p.ID.String()); n != 1 {
			t.Errorf("%d created audit entries, want 1", n)
		}
		if n := e.indexJobs(t, p.ID.String()); n != 1 {
			t.Errorf("%d index jobs, want 1", n)
		}
		got, err := e.projects.FindProjectByID(ctx, e.owner, p.ID)
		must(t, err)
		if got.Targets[1].Target != 95 || got.Eligibility.RegionCodes[0] != "320200" || !got.Eligibility.VerifiedOnly {
			t.Errorf("read back %+v", got)
		}
	})
	t.Run("OKPriceOnly", func(t *testing.T) {
		t.Parallel()
		p := e.create(t, func(in *domain.ProjectInput) { in.Criteria = domain.Criteria{PriceWeight: 100} })
		if p.Criteria.PriceWeight != 100 || p.Criteria.Technical == nil || len(p.Criteria.Technical) != 0 {
			t.Errorf("criteria %+v", p.Criteria)
		}
	})
	t.Run("ErrWeights", func(t *testing.T) {
		t.Parallel()
		in := projectInput()
		in.Criteria.PriceWeight = 50
		_, err := e.projects.CreateProject(ctx, e.staff, e.bureau.ID, in)
		wantField(t, err, domain.EINVALID, "criteria")
	})
	t.Run("ErrUnknownRegion", func(t *testing.T) {
		t.Parallel()
		in := projectInput()
		in.RegionCode = "999999"
		_, err := e.projects.CreateProject(ctx, e.staff, e.bureau.ID, in)
		wantField(t, err, domain.EINVALID, "region_code")
	})
	t.Run("ErrStranger", func(t *testing.T) {
		t.Parallel()
		_, err := e.projects.CreateProject(ctx, e.stranger, e.bureau.ID, projectInput())
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("ErrUnverifiedBureau", func(t *testing.T) {
		t.Parallel()
		other := e.createOrg(t, e.stranger, domain.KindBureau, "未认证民政局", "320213")
		_, err := e.projects.CreateProject(ctx, e.actor(t, e.stranger.User), other.ID, projectInput())
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("ErrUnknownBureau", func(t *testing.T) {
		t.Parallel()
		_, err := e.projects.CreateProject(ctx, e.staff, uuid.New(), projectInput())
		wantCode(t, err, domain.ENOTFOUND)
	})
}

func TestUpdateProject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newTenderEnv(t, shanghai(2025, 9, 12, 10))

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		p := e.create(t, nil)
		in := projectInput()
		in.Title, in.BudgetFen = "梁溪区困境儿童关爱服务项目（二期）", 60_000_000
		got, err := e.projects.UpdateProject(ctx, e.owner, p.ID, in)
		must(t, err)
		if got.Title != in.Title || got.BudgetFen != in.BudgetFen || !got.UpdatedAt.After(p.UpdatedAt.Add(-time.Second)) {
			t.Fatalf("updated %+v", got)
		}
		var data string
		must(t, e.db.SQL().QueryRow(`SELECT data->>'changed' FROM audit_log WHERE action = $1 AND object_id = $2`,
			domain.AuditProjectUpdated, p.ID.String()).Scan(&data))
		if data != `["title", "budget_fen"]` {
			t.Errorf("audit changed = %s", data)
		}
		if n := e.indexJobs(t, p.ID.String()); n != 2 {
			t.Errorf("%d index jobs, want 2", n)
		}
	})
	t.Run("ErrPublished", func(t *testing.T) {
		t.Parallel()
		p := e.publish(t, e.create(t, nil), shanghai(2025, 10, 9, 9))
		_, err := e.projects.UpdateProject(ctx, e.staff, p.ID, projectInput())
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("ErrStrangerSeesNoDraft", func(t *testing.T) {
		t.Parallel()
		p := e.create(t, nil)
		_, err := e.projects.UpdateProject(ctx, e.stranger, p.ID, projectInput())
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("ErrEvaluator", func(t *testing.T) {
		t.Parallel()
		p := e.create(t, nil)
		u := e.register(t, "Evaluator")
		_, err := e.members.AddMember(ctx, e.owner, e.bureau.ID, domain.MemberInput{UserID: u.ID, Roles: []domain.Role{domain.RoleEvaluator}})
		must(t, err)
		_, err = e.projects.UpdateProject(ctx, e.actor(t, u), p.ID, projectInput())
		wantCode(t, err, domain.EFORBIDDEN)
	})
}

func TestPublishProject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// Friday 12 September 2025: 20 days later is 2 October, in the 国庆 holiday.
	now := shanghai(2025, 9, 12, 10)

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		e := newTenderEnv(t, now)
		deadline := shanghai(2025, 10, 9, 9)
		p := e.publish(t, e.create(t, nil), deadline)
		if p.Status != domain.StatusPublished || !p.Timeline.PublishedAt.Equal(now) ||
			!p.Timeline.BidDeadline.Equal(deadline) || !p.Timeline.OpeningAt.Equal(deadline) {
			t.Fatalf("published %+v %+v", p, p.Timeline)
		}
		var at time.Time
		must(t, e.db.SQL().QueryRow(`SELECT scheduled_at FROM river_job WHERE kind = 'project_deadline'
			AND args->>'project_id' = $1`, p.ID.String()).Scan(&at))
		if !at.Equal(deadline) {
			t.Errorf("deadline job at %v, want %v", at, deadline)
		}
		if n := e.audits(t, domain.AuditProjectPublished, p.ID.String()); n != 1 {
			t.Errorf("%d published audit entries", n)
		}
		if _, err := e.projects.FindProjectByID(ctx, nil, p.ID); err != nil {
			t.Errorf("the public cannot see a published project: %v", err)
		}
		_, err := e.projects.PublishProject(ctx, e.staff, p.ID, deadline, deadline)
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("ErrDeadlineInHoliday", func(t *testing.T) {
		t.Parallel()
		e := newTenderEnv(t, now)
		p := e.create(t, nil)
		_, err := e.projects.PublishProject(ctx, e.staff, p.ID, shanghai(2025, 10, 8, 9), shanghai(2025, 10, 9, 9))
		wantField(t, err, domain.EINVALID, "bid_deadline")
		if n := e.count(t, `SELECT count(*) FROM river_job WHERE kind = 'project_deadline'`); n != 0 {
			t.Errorf("a refused publication left %d deadline jobs", n)
		}
	})
	t.Run("OKAfterCalendarEdit", func(t *testing.T) {
		t.Parallel()
		e := newTenderEnv(t, now)
		// Without the 8 October holiday, the period ends on that day.
		must(t, e.calendar.DeleteCalendarDay(ctx, e.platform, domain.NewDate(2025, 10, 8)))
		e.publish(t, e.create(t, nil), shanghai(2025, 10, 8, 9))
	})
	t.Run("OKSingleSourceTomorrow", func(t *testing.T) {
		t.Parallel()
		e := newTenderEnv(t, now)
		p := e.create(t, func(in *domain.ProjectInput) { in.Method = domain.MethodSingleSource })
		e.publish(t, p, now.Add(24*time.Hour))
	})
	t.Run("ErrOpeningBeforeDeadline", func(t *testing.T) {
		t.Parallel()
		e := newTenderEnv(t, now)
		p := e.create(t, nil)
		_, err := e.projects.PublishProject(ctx, e.staff, p.ID, shanghai(2025, 10, 9, 9), shanghai(2025, 10, 9, 8))
		wantField(t, err, domain.EINVALID, "opening_at")
	})
	t.Run("ErrStaffOfOtherBureau", func(t *testing.T) {
		t.Parallel()
		e := newTenderEnv(t, now)
		p := e.create(t, nil)
		_, err := e.projects.PublishProject(ctx, e.stranger, p.ID, shanghai(2025, 10, 9, 9), shanghai(2025, 10, 9, 9))
		wantCode(t, err, domain.ENOTFOUND)
	})
}

func TestCancelProject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newTenderEnv(t, shanghai(2025, 9, 12, 10))

	t.Run("OKDraftStaysPrivate", func(t *testing.T) {
		t.Parallel()
		p, err := e.projects.CancelProject(ctx, e.staff, e.create(t, nil).ID, " 预算调整 ")
		must(t, err)
		if p.Status != domain.StatusCancelled || p.CancelReason != "预算调整" {
			t.Fatalf("cancelled %+v", p)
		}
		_, err = e.projects.FindProjectByID(ctx, nil, p.ID)
		wantCode(t, err, domain.ENOTFOUND)
		if n := e.audits(t, domain.AuditProjectCancelled, p.ID.String()); n != 1 {
			t.Errorf("%d cancelled audit entries", n)
		}
	})
	t.Run("OKPublishedStaysPublic", func(t *testing.T) {
		t.Parallel()
		p := e.publish(t, e.create(t, nil), shanghai(2025, 10, 9, 9))
		_, err := e.projects.CancelProject(ctx, e.owner, p.ID, "需求变更，终止采购")
		must(t, err)
		got, err := e.projects.FindProjectByID(ctx, nil, p.ID)
		must(t, err)
		if got.Status != domain.StatusCancelled || got.Timeline.BidDeadline == nil {
			t.Errorf("public view %+v", got)
		}
		_, err = e.projects.CancelProject(ctx, e.owner, p.ID, "再次取消")
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("ErrNoReason", func(t *testing.T) {
		t.Parallel()
		_, err := e.projects.CancelProject(ctx, e.staff, e.create(t, nil).ID, "  ")
		wantField(t, err, domain.EINVALID, "reason")
	})
}

func TestCloseBidding(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := shanghai(2025, 9, 12, 10)

	t.Run("OKOnceAfterDeadline", func(t *testing.T) {
		t.Parallel()
		e := newTenderEnv(t, now)
		p := e.publish(t, e.create(t, nil), shanghai(2025, 10, 9, 9))
		if closed, err := e.projects.CloseBidding(ctx, p.ID); err != nil || closed {
			t.Fatalf("before the deadline: closed %v, %v", closed, err)
		}
		e.clock.Advance(shanghai(2025, 10, 9, 9).Sub(now))
		if closed, err := e.projects.CloseBidding(ctx, p.ID); err != nil || !closed {
			t.Fatalf("at the deadline: closed %v, %v", closed, err)
		}
		if closed, err := e.projects.CloseBidding(ctx, p.ID); err != nil || closed {
			t.Fatalf("again: closed %v, %v", closed, err)
		}
		got, err := e.projects.FindProjectByID(ctx, nil, p.ID)
		must(t, err)
		if got.Status != domain.StatusBiddingClosed {
			t.Errorf("status %s", got.Status)
		}
		if n := e.audits(t, domain.AuditProjectBiddingClosed, p.ID.String()); n != 1 {
			t.Errorf("%d bidding_closed audit entries, want 1", n)
		}
		if n := e.indexJobs(t, p.ID.String()); n != 3 {
			t.Errorf("%d index jobs, want 3 (create, publish, close)", n)
		}
	})
	t.Run("OKNoOpWhenCancelled", func(t *testing.T) {
		t.Parallel()
		e := newTenderEnv(t, now)
		p := e.publish(t, e.create(t, func(in *domain.ProjectInput) { in.Method = domain.MethodSingleSource }), now.Add(time.Hour))
		_, err := e.projects.CancelProject(ctx, e.staff, p.ID, "取消采购")
		must(t, err)
		e.clock.Advance(2 * time.Hour)
		if closed, err := e.projects.CloseBidding(ctx, p.ID); err != nil || closed {
			t.Fatalf("closed %v, %v", closed, err)
		}
	})
}
