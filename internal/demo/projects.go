package demo

import (
	"context"
	"fmt"
	"time"

	"hutong/domain"
)

// projectSpec is a demo tender project of a demo bureau. Published ones
// are published through the service with the earliest deadline the
// calendar rules allow plus a week, and carry answered questions.
type projectSpec struct {
	Bureau    string // org spec key
	Officer   string // person handle acting for the bureau
	Publish   bool
	Input     func(start domain.Date) domain.ProjectInput
	Questions []demoQuestion
}

// demoQuestion is a question a demo organisation asks and the bureau
// answers; an empty Asker makes it the bureau's clarification.
type demoQuestion struct {
	Asker, AskerOrg string
	Text, Answer    string
}

// fourTargets are the targets the seeds' child-care projects report:
// person-times served, activities, cases and satisfaction.
func fourTargets(times, sessions, cases float64) []domain.Target {
	return []domain.Target{
		{Indicator: "受益人次", Unit: "人次", Target: times, Kind: domain.TargetPersonTimes},
		{Indicator: "活动场次", Unit: "场", Target: sessions, Kind: domain.TargetCount},
		{Indicator: "个案数", Unit: "个", Target: cases, Kind: domain.TargetCount},
		{Indicator: "满意度", Unit: "%", Target: 90, Kind: domain.TargetPercent},
	}
}

// threePayments pays 30/40/30 over a year of service from start.
func threePayments(start domain.Date) []domain.Milestone {
	return []domain.Milestone{
		{Name: "首期款(签订合同并提交服务方案)", Percent: 30, Due: start.AddDays(30)},
		{Name: "中期款(中期评估合格)", Percent: 40, Due: start.AddDays(180)},
		{Name: "尾款(终期评估合格)", Percent: 30, Due: start.AddDays(360)},
	}
}

// projects are the demo tenders, after the seeds: the 无锡 bureau's
// 困境儿童关爱 service in 梁溪区, the 历下 bureau's 儿童之家 social work,
// and drafts of each; budgets follow the seeds' subsidies (at most 20万
// per social-work project, 10万 for a station).
var projects = []projectSpec{
	{
		Bureau: "wuxi_bureau", Officer: "qian", Publish: true,
		Input: func(start domain.Date) domain.ProjectInput {
			return domain.ProjectInput{
				Title:       "梁溪区困境儿童关爱服务项目",
				Description: "面向梁溪区困境儿童、留守儿童及其家庭,开展入户走访、个案管理、心理疏导、安全教育和“六一”等节点关爱活动,为每名服务对象建立“一人一档”,并配合街道儿童督导员和社区儿童主任做好转介和回访。",
				Category:    "case_management", RegionCode: "320213", BudgetFen: 20_000_000,
				Method: domain.MethodOpenTender,
				Eligibility: domain.Eligibility{MinRating: "3A", RegionCodes: []string{"320200"}, VerifiedOnly: true,
					SafeguardingRequired: true, ExcludeFailedGrade: true},
				Criteria: domain.Criteria{PriceWeight: 30, Technical: []domain.TechnicalItem{
					{Key: "plan", Name: "服务方案与需求分析", MaxPoints: 35},
					{Key: "team", Name: "项目团队与社工资质", MaxPoints: 20},
					{Key: "record", Name: "同类项目经验与评估等级", MaxPoints: 15},
				}},
				Targets: fourTargets(3000, 40, 60), Milestones: threePayments(start),
				ServiceStart: start, ServiceEnd: start.AddDays(364),
			}
		},
		Questions: []demoQuestion{
			{Asker: "jiang", AskerOrg: "xinghuo", Text: "个案数 60 个是否包括转介至其他机构继续跟进的个案?",
				Answer: "包括。转介个案须有完整的评估、转介记录和至少一次回访,方可计入个案数。"},
			{Asker: "qin", AskerOrg: "lezhu", Text: "投标机构注册地不在梁溪区,是否可以参与本项目?",
				Answer: "可以。本项目要求投标机构在无锡市范围内登记,并在中标后于梁溪区设立服务点。"},
			{Text: "澄清:服务期内须每月 5 日前在平台报送上月服务台账,满意度由第三方评估机构抽样调查。"},
		},
	},
	{
		Bureau: "lixia", Officer: "meng", Publish: true,
		Input: func(start domain.Date) domain.ProjectInput {
			return domain.ProjectInput{
				Title:       "历下区儿童之家社会工作服务项目",
				Description: "依托历下区社区儿童之家,由专业社工开展红色教育、传统文化、安全防护和心理支持等主题活动,为困境儿童建立“一人一档”,协助社区儿童主任开展走访和政策链接,并运营未保服务专线的个案跟进。",
				Category:    "community_activity", RegionCode: "370102", BudgetFen: 10_000_000,
				Method:      domain.MethodCompetitiveConsultation,
				Eligibility: domain.Eligibility{RegionCodes: []string{"370100"}, VerifiedOnly: true, SafeguardingRequired: true},
				Criteria: domain.Criteria{PriceWeight: 20, Technical: []domain.TechnicalItem{
					{Key: "plan", Name: "活动设计与儿童参与", MaxPoints: 40},
					{Key: "team", Name: "驻点社工配置", MaxPoints: 25},
					{Key: "safety", Name: "儿童安全保护措施", MaxPoints: 15},
				}},
				Targets: fourTargets(2000, 48, 20), Milestones: threePayments(start),
				ServiceStart: start, ServiceEnd: start.AddDays(364),
			}
		},
		Questions: []demoQuestion{
			{Asker: "wei", AskerOrg: "heyu", Text: "活动场次 48 场是否要求在每个儿童之家平均分配?",
				Answer: "不要求平均分配,但每个儿童之家全年不少于 6 场,具体安排在服务方案中说明。"},
		},
	},
	{
		Bureau: "wuxi_bureau", Officer: "qian",
		Input: func(start domain.Date) domain.ProjectInput {
			return domain.ProjectInput{
				Title:       "无锡市未成年人保护工作站社工驻站服务项目",
				Description: "为新建或改造的镇(街道)未成年人保护工作站配备驻站社工,开展困境儿童排查、监护评估、家庭教育指导和儿童主任培训。",
				Category:    "training", RegionCode: "320200", BudgetFen: 10_000_000,
				Method:      domain.MethodOpenTender,
				Eligibility: domain.Eligibility{MinRating: "3A", VerifiedOnly: true},
				Criteria: domain.Criteria{PriceWeight: 30, Technical: []domain.TechnicalItem{
					{Key: "plan", Name: "驻站服务方案", MaxPoints: 40},
					{Key: "team", Name: "驻站社工资质", MaxPoints: 30},
				}},
				Targets: fourTargets(1500, 24, 30), Milestones: threePayments(start),
				ServiceStart: start, ServiceEnd: start.AddDays(364),
			}
		},
	},
	{
		Bureau: "lixia", Officer: "ma",
		Input: func(start domain.Date) domain.ProjectInput {
			return domain.ProjectInput{
				Title:       "历下区困境儿童心理疏导热线服务项目",
				Description: "承接历下区 24 小时心理疏导热线的夜间和节假日值守,对来电涉及的困境儿童开展危机干预和个案转介。",
				Category:    "psychological", RegionCode: "370102", BudgetFen: 8_000_000,
				Method:      domain.MethodCompetitiveConsultation,
				Eligibility: domain.Eligibility{VerifiedOnly: true, SafeguardingRequired: true},
				Criteria:    domain.Criteria{PriceWeight: 20, Technical: []domain.TechnicalItem{{Key: "plan", Name: "热线值守与转介方案", MaxPoints: 80}}},
				Targets: []domain.Target{
					{Indicator: "热线接听人次", Unit: "人次", Target: 1200, Kind: domain.TargetPersonTimes},
					{Indicator: "危机干预个案数", Unit: "个", Target: 30, Kind: domain.TargetCount},
					{Indicator: "满意度", Unit: "%", Target: 90, Kind: domain.TargetPercent},
				},
				Milestones:   threePayments(start),
				ServiceStart: start, ServiceEnd: start.AddDays(364),
			}
		},
	},
}

// ensureProjects creates the demo projects that are missing, publishes
// those meant to be published, and asks and answers their questions. It
// is skipped when the seed was given no project service.
func (sd *seeder) ensureProjects(ctx context.Context) error {
	if sd.s.Projects == nil {
		return nil
	}
	for _, spec := range projects {
		p, err := sd.ensureProject(ctx, spec)
		if err != nil {
			return err
		}
		sd.res.Projects = append(sd.res.Projects, p)
	}
	return nil
}

// ensureProject finds a demo project by its bureau and title, creating and
// publishing it as needed.
func (sd *seeder) ensureProject(ctx context.Context, spec projectSpec) (*domain.Project, error) {
	officer, err := sd.actor(ctx, sd.users[spec.Officer])
	if err != nil {
		return nil, err
	}
	bureau := sd.orgs[spec.Bureau]
	deadline, err := sd.deadline(ctx, spec)
	if err != nil {
		return nil, err
	}
	// The service starts a month after the opening, as the rules ask
	// (never before it).
	in := spec.Input(domain.DateOf(deadline).AddDays(30))
	p, err := sd.findProject(ctx, officer, bureau, in.Title)
	if err != nil {
		return nil, err
	}
	if p == nil {
		if p, err = sd.s.Projects.CreateProject(ctx, officer, bureau.ID, in); err != nil {
			return nil, fmt.Errorf("project %s: %w", in.Title, err)
		}
		sd.created++
	}
	if spec.Publish && p.Status == domain.StatusDraft {
		if p, err = sd.s.Projects.PublishProject(ctx, officer, p.ID, deadline, deadline); err != nil {
			return nil, fmt.Errorf("publish %s: %w", in.Title, err)
		}
		sd.created++
	}
	if spec.Publish {
		if err := sd.ensureQuestions(ctx, officer, p, spec.Questions); err != nil {
			return nil, fmt.Errorf("questions of %s: %w", in.Title, err)
		}
	}
	return p, nil
}

// findProject looks a bureau's project up by title among all its
// projects, drafts included.
func (sd *seeder) findProject(ctx context.Context, officer *domain.Actor, bureau *domain.Organization, title string) (*domain.Project, error) {
	f := domain.ProjectFilter{BureauID: bureau.ID, Page: domain.Page{Limit: 100}}
	for {
		ps, next, err := sd.s.Projects.FindProjects(ctx, officer, f)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if p.Title == title {
				return p, nil
			}
		}
		if next == "" {
			return nil, nil
		}
		f.Page.Cursor = next
	}
}

// deadline is the bid deadline a demo project is published with: 09:30
// Beijing time a week after the earliest day the method's minimum period
// allows on the working-day calendar, so that the demo stays open for
// bids for a while.
func (sd *seeder) deadline(ctx context.Context, spec projectSpec) (time.Time, error) {
	now := time.Now()
	day := domain.DateOf(now).AddDays(1)
	method := spec.Input(day).Method
	if rule, ok := domain.DefaultTenderRules().BiddingPeriod(method); ok && sd.s.Calendar != nil {
		today := domain.DateOf(now)
		days, err := sd.s.Calendar.FindCalendar(ctx, today, today.AddDays(366))
		if err != nil {
			return time.Time{}, err
		}
		day = rule.EarliestEnd(domain.NewCalendar(days), now)
	}
	day = day.AddDays(7)
	return time.Date(day.Year, day.Month, day.Day, 9, 30, 0, 0, domain.Shanghai), nil
}

// ensureQuestions asks and answers a published project's demo questions,
// unless it already has questions.
func (sd *seeder) ensureQuestions(ctx context.Context, officer *domain.Actor, p *domain.Project, qs []demoQuestion) error {
	if sd.s.Questions == nil || len(qs) == 0 {
		return nil
	}
	have, err := sd.s.Questions.FindQuestions(ctx, officer, p.ID)
	if err != nil || len(have) > 0 {
		return err
	}
	for _, dq := range qs {
		if dq.Asker == "" {
			if _, err := sd.s.Questions.PublishClarification(ctx, officer, p.ID, dq.Text); err != nil {
				return err
			}
			sd.created++
			continue
		}
		asker, err := sd.actor(ctx, sd.users[dq.Asker])
		if err != nil {
			return err
		}
		q, err := sd.s.Questions.AskQuestion(ctx, asker, p.ID, sd.orgs[dq.AskerOrg].ID, dq.Text)
		if err != nil {
			return err
		}
		if _, err := sd.s.Questions.AnswerQuestion(ctx, officer, p.ID, q.ID, dq.Answer); err != nil {
			return err
		}
		sd.created += 2
	}
	return nil
}
