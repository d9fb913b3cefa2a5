package postgres_test

import (
	"context"
	"testing"
	"time"

	"hutong/domain"
	"hutong/postgres"
)

// tenderEnv is a database with a verified bureau, its staff, and the
// tender services reading a test clock set in Beijing time.
type tenderEnv struct {
	*env
	projects *postgres.ProjectService
	calendar *postgres.CalendarService
	bureau   *domain.Organization
	owner    *domain.Actor
	staff    *domain.Actor
	stranger *domain.Actor
	platform *domain.Actor
}

// shanghai returns a moment in Beijing time.
func shanghai(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, domain.Shanghai)
}

// newTenderEnv starts the clock at now (Beijing time) with a verified
// bureau in 梁溪区 and one staff member.
func newTenderEnv(tb testing.TB, now time.Time) *tenderEnv {
	tb.Helper()
	base := newEnv(tb)
	e := servicesOnClock(tb, base, &clock{t: now.UTC()})
	te := &tenderEnv{env: e, projects: postgres.NewProjectService(e.db), calendar: postgres.NewCalendarService(e.db)}
	te.platform = e.admin(tb)
	owner := e.actor(tb, e.register(tb, "Owner"))
	te.bureau = e.createOrg(tb, owner, domain.KindBureau, "无锡市梁溪区民政局", "320213")
	var err error
	te.bureau, err = e.orgs.VerifyOrganization(context.Background(), te.platform, te.bureau.ID, domain.VerificationVerified, "ok")
	must(tb, err)
	staff := e.register(tb, "Staff")
	_, err = e.members.AddMember(context.Background(), e.actor(tb, owner.User), te.bureau.ID,
		domain.MemberInput{UserID: staff.ID, Roles: []domain.Role{domain.RoleStaff}})
	must(tb, err)
	te.owner, te.staff = e.actor(tb, owner.User), e.actor(tb, staff)
	te.stranger = e.actor(tb, e.register(tb, "Stranger"))
	return te
}

// projectInput is a valid open tender starting service in 2026.
func projectInput() domain.ProjectInput {
	return domain.ProjectInput{
		Title:       "梁溪区困境儿童关爱服务项目",
		Description: "为辖区困境儿童提供个案管理、入户走访和心理疏导服务。",
		Category:    "case_management",
		RegionCode:  "320213",
		BudgetFen:   50_000_000,
		Method:      domain.MethodOpenTender,
		Eligibility: domain.Eligibility{MinRating: "3A", RegionCodes: []string{"320200"}, VerifiedOnly: true},
		Criteria: domain.Criteria{PriceWeight: 30, Technical: []domain.TechnicalItem{
			{Key: "plan", Name: "服务方案", MaxPoints: 40}, {Key: "team", Name: "团队资质", MaxPoints: 30},
		}},
		Targets: []domain.Target{
			{Indicator: "受益人次", Unit: "人次", Target: 5000, Kind: domain.TargetPersonTimes},
			{Indicator: "满意度", Unit: "%", Target: 95, Kind: domain.TargetPercent},
		},
		Milestones: []domain.Milestone{
			{Name: "首期", Percent: 40, Due: domain.NewDate(2026, 3, 1)},
			{Name: "尾款", Percent: 60, Due: domain.NewDate(2026, 12, 31)},
		},
		ServiceStart: domain.NewDate(2026, 3, 1),
		ServiceEnd:   domain.NewDate(2026, 12, 31),
	}
}

// create makes a draft as the staff member, with change applied to the
// standard input.
func (e *tenderEnv) create(tb testing.TB, change func(*domain.ProjectInput)) *domain.Project {
	tb.Helper()
	in := projectInput()
	if change != nil {
		change(&in)
	}
	p, err := e.projects.CreateProject(context.Background(), e.staff, e.bureau.ID, in)
	must(tb, err)
	return p
}

// publish publishes p with its bid deadline and opening at deadline.
func (e *tenderEnv) publish(tb testing.TB, p *domain.Project, deadline time.Time) *domain.Project {
	tb.Helper()
	out, err := e.projects.PublishProject(context.Background(), e.staff, p.ID, deadline, deadline)
	must(tb, err)
	return out
}

// audits counts the audit entries of action on object id.
func (e *tenderEnv) audits(tb testing.TB, action, id string) int {
	tb.Helper()
	return e.count(tb, `SELECT count(*) FROM audit_log WHERE action = $1 AND object_id = $2`, action, id)
}

// indexJobs counts the search jobs queued for a project.
func (e *tenderEnv) indexJobs(tb testing.TB, id string) int {
	tb.Helper()
	return e.count(tb, `SELECT count(*) FROM river_job WHERE kind = 'search_index'
		AND args->>'type' = 'projects' AND args->>'id' = $1`, id)
}
