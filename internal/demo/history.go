package demo

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

// Clock is the moved clock of History: the seed sets it to each moment
// of a past tender before acting, so that every step is stamped, checked
// and audited at the time it happened in the story.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now reads the clock; before the first Set it is the real time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		return time.Now()
	}
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// History replays demo tenders that began in the past, so that the demo
// shows opened, awarded and contracted projects with their records. Its
// services run on a database handle whose clock is Clock; the deadline,
// opening and award steps the River jobs normally take are called
// directly at their moments.
type History struct {
	Clock    *Clock
	Projects interface {
		domain.ProjectService
		CloseBidding(ctx context.Context, id uuid.UUID) (bool, error)
	}
	Bids interface {
		domain.BidService
		OpenBids(ctx context.Context, projectID uuid.UUID) (bool, error)
	}
	Evaluations domain.EvaluationService
	Awards      domain.AwardService
	Contracts   domain.ContractService
}

// Stages a history project is taken to.
const (
	stageOpened     = "opened"
	stageAwarded    = "awarded"
	stageContracted = "contracted"
)

// historySpec is a past demo tender: published Ago days before the seed,
// bid on by Bidders at Prices, and taken to Stage.
type historySpec struct {
	Stage   string
	Ago     int
	Input   func(start domain.Date) domain.ProjectInput
	Bidders []string // org spec keys; each org's owner bids
	Prices  []int64
	// Scores are the evaluator's points per bidder, for every technical
	// item alike.
	Scores []int
}

// wuxiTender is a 无锡 open tender for the history, in 梁溪区 or
// another 无锡 district.
func wuxiTender(title, desc, category, region string, budget int64, targets []domain.Target) func(domain.Date) domain.ProjectInput {
	return func(start domain.Date) domain.ProjectInput {
		return domain.ProjectInput{
			Title: title, Description: desc, Category: category, RegionCode: region, BudgetFen: budget,
			Method:      domain.MethodOpenTender,
			Eligibility: domain.Eligibility{RegionCodes: []string{"320200"}, VerifiedOnly: true, ExcludeFailedGrade: true},
			Criteria: domain.Criteria{PriceWeight: 30, Technical: []domain.TechnicalItem{
				{Key: "plan", Name: "服务方案与需求分析", MaxPoints: 40},
				{Key: "team", Name: "项目团队与社工资质", MaxPoints: 30},
			}},
			Targets: targets, Milestones: threePayments(start),
			ServiceStart: start, ServiceEnd: start.AddDays(364),
		}
	}
}

// history are the past tenders: one opened and awaiting evaluation, one
// awarded within its complaint window with a complaint pending, and one
// contracted whose first outcome report the bureau accepted.
var history = []historySpec{
	{
		Stage: stageContracted, Ago: 190,
		Input: wuxiTender("梁溪区留守儿童“护苗”关爱服务项目",
			"为梁溪区留守儿童和困境儿童提供课业辅导、亲情连线、安全教育和心理疏导服务,建立“一人一档”并每季度回访,配合社区儿童主任做好监护情况评估。",
			"left_behind", "320213", 18_000_000, fourTargets(2400, 36, 40)),
		Bidders: []string{"xinghuo", "lezhu", "liangxi"},
		Prices:  []int64{16_800_000, 15_900_000, 17_500_000},
		Scores:  []int{34, 25, 22},
	},
	{
		Stage: stageAwarded, Ago: 32,
		Input: wuxiTender("锡山区困境儿童安全教育进社区项目",
			"在锡山区各社区儿童之家开展防溺水、防性侵、交通安全和网络安全主题教育,培训社区儿童主任,并为困境儿童家庭提供安全隐患排查。",
			"safety_education", "320205", 9_000_000, fourTargets(1800, 30, 15)),
		Bidders: []string{"lezhu", "xinghuo", "liangxi"},
		Prices:  []int64{8_200_000, 8_600_000, 8_900_000},
		Scores:  []int{33, 28, 20},
	},
	{
		Stage: stageOpened, Ago: 27,
		Input: wuxiTender("梁溪区困境儿童家庭监护能力提升项目",
			"面向梁溪区困境儿童的监护人开展家庭教育指导、监护能力评估和亲子活动,对监护缺失风险家庭开展个案跟进并链接救助资源。",
			"guardianship", "320213", 12_000_000, fourTargets(1500, 24, 30)),
		Bidders: []string{"xinghuo", "liangxi", "lezhu"},
		Prices:  []int64{11_200_000, 10_800_000, 11_900_000},
	},
}

// ensureHistory replays the history tenders that are missing. It is
// skipped when the seed was given no History.
func (sd *seeder) ensureHistory(ctx context.Context) error {
	h := sd.s.History
	if h == nil {
		return nil
	}
	officer, err := sd.actor(ctx, sd.users["qian"])
	if err != nil {
		return err
	}
	for _, spec := range history {
		title := spec.Input(domain.Date{}).Title
		p, err := sd.findProject(ctx, officer, sd.orgs["wuxi_bureau"], title)
		if err != nil {
			return err
		}
		if p == nil {
			if p, err = sd.replay(ctx, h, officer, spec); err != nil {
				return fmt.Errorf("history %s: %w", title, err)
			}
			sd.created++
		}
		sd.res.Projects = append(sd.res.Projects, p)
	}
	h.Clock.Set(time.Time{})
	return nil
}

// replay takes one history tender from its publication to its stage.
func (sd *seeder) replay(ctx context.Context, h *History, officer *domain.Actor, spec historySpec) (*domain.Project, error) {
	now := time.Now()
	start := domain.DateOf(now).AddDays(-spec.Ago).Start().Add(10 * time.Hour)
	h.Clock.Set(start)
	deadline := domain.DateOf(start).AddDays(25).Start().Add(9*time.Hour + 30*time.Minute)
	in := spec.Input(domain.DateOf(deadline).AddDays(30))
	p, err := h.Projects.CreateProject(ctx, officer, sd.orgs["wuxi_bureau"].ID, in)
	if err != nil {
		return nil, err
	}
	if p, err = h.Projects.PublishProject(ctx, officer, p.ID, deadline, deadline); err != nil {
		return nil, err
	}
	for i, key := range spec.Bidders {
		h.Clock.Set(start.Add(time.Duration(3+i*2) * 24 * time.Hour))
		bidder, err := sd.actor(ctx, sd.users[sd.ownerOf(key)])
		if err != nil {
			return nil, err
		}
		_, err = h.Bids.SubmitBid(ctx, bidder, p.ID, domain.BidInput{OrganizationID: sd.orgs[key].ID, PriceFen: spec.Prices[i],
			TechnicalProposal: "依托机构在无锡的社区服务网络,组建由中级社工师带领的服务团队,按需求评估、分类服务、个案跟进和成效评估四个阶段推进,每季度向采购人报送服务台账。",
			Team:              []domain.TeamMember{{Name: people[sd.ownerOf(key)].Name, Role: "项目负责人", Qualification: "中级社会工作师"}}})
		if err != nil {
			return nil, err
		}
	}
	h.Clock.Set(deadline.Add(time.Minute))
	if _, err := h.Projects.CloseBidding(ctx, p.ID); err != nil {
		return nil, err
	}
	if _, err := h.Bids.OpenBids(ctx, p.ID); err != nil {
		return nil, err
	}
	if spec.Stage != stageOpened {
		if err := sd.evaluateAndAward(ctx, h, officer, p, spec, deadline); err != nil {
			return nil, err
		}
	}
	if spec.Stage == stageContracted {
		if err := sd.contractAndReport(ctx, h, p); err != nil {
			return nil, err
		}
	}
	return h.Projects.FindProjectByID(ctx, officer, p.ID)
}

// ownerOf is the handle of the owner of the org spec key.
func (sd *seeder) ownerOf(key string) string {
	for _, o := range orgs {
		if o.Key == key {
			return o.Owner
		}
	}
	return ""
}

// evaluateAndAward has the bureau's evaluator score every bid, the
// officer finalise and publish the award, and, for a project left in its
// complaint window, the second bidder complain.
func (sd *seeder) evaluateAndAward(ctx context.Context, h *History, officer *domain.Actor, p *domain.Project, spec historySpec, opened time.Time) error {
	evaluator, err := sd.actor(ctx, sd.users["gu"])
	if err != nil {
		return err
	}
	h.Clock.Set(opened.Add(24 * time.Hour))
	if _, err := h.Evaluations.DeclareConflicts(ctx, evaluator, p.ID, domain.DeclarationInput{Note: "与各投标人无利害关系"}); err != nil {
		return err
	}
	opening, err := h.Bids.FindOpening(ctx, evaluator, p.ID)
	if err != nil {
		return err
	}
	for _, b := range opening {
		points := 20
		for i, key := range spec.Bidders {
			if sd.orgs[key].ID == b.OrganizationID {
				points = spec.Scores[i]
			}
		}
		scores := domain.TechnicalScores{"plan": domain.WholePoints(points), "team": domain.WholePoints(points * 3 / 4)}
		if _, err := h.Evaluations.SubmitScores(ctx, evaluator, p.ID, b.BidID, scores); err != nil {
			return err
		}
	}
	h.Clock.Set(opened.Add(48 * time.Hour))
	if _, err := h.Evaluations.FinalizeEvaluation(ctx, officer, p.ID); err != nil {
		return err
	}
	h.Clock.Set(opened.Add(72 * time.Hour))
	if _, err := h.Awards.PublishAward(ctx, officer, p.ID, domain.AwardInput{}); err != nil {
		return err
	}
	if spec.Stage != stageAwarded {
		return nil
	}
	h.Clock.Set(opened.Add(96 * time.Hour))
	complainant, err := sd.actor(ctx, sd.users[sd.ownerOf(spec.Bidders[1])])
	if err != nil {
		return err
	}
	_, err = h.Awards.FileComplaint(ctx, complainant, p.ID, domain.ComplaintInput{OrganizationID: sd.orgs[spec.Bidders[1]].ID,
		Grounds: "我机构认为“项目团队与社工资质”一项评分未体现我机构持证社工人数优势,请求复核该项评分。"})
	return err
}

// contractAndReport closes the complaint window, which creates the
// contract, and has the organisation report its first quarter and the
// bureau accept it, releasing the first payment.
func (sd *seeder) contractAndReport(ctx context.Context, h *History, p *domain.Project) error {
	a, err := h.Awards.FindAward(ctx, nil, p.ID)
	if err != nil {
		return err
	}
	h.Clock.Set(a.ComplaintDeadline.Add(time.Minute))
	if _, err := h.Awards.FinalizeAward(ctx, p.ID); err != nil {
		return err
	}
	if a, err = h.Awards.FindAward(ctx, nil, p.ID); err != nil || a.ContractID == nil {
		return fmt.Errorf("no contract after the award: %w", err)
	}
	c, err := h.Contracts.FindContractByID(ctx, nil, *a.ContractID)
	if err != nil {
		return err
	}
	end := c.ServiceStart.AddDays(89)
	h.Clock.Set(end.AddDays(3).Start().Add(15 * time.Hour))
	supplier, err := sd.actor(ctx, sd.users[sd.ownerOf(sd.keyOf(c.OrganizationID))])
	if err != nil {
		return err
	}
	r, err := h.Contracts.SubmitReport(ctx, supplier, c.ID, domain.ReportInput{
		PeriodStart: c.ServiceStart, PeriodEnd: end,
		Actuals: []domain.Actual{{Indicator: "受益人次", Actual: 640}, {Indicator: "活动场次", Actual: 10},
			{Indicator: "个案数", Actual: 12}, {Indicator: "满意度", Actual: 94}},
		Beneficiaries: domain.Beneficiaries{Persons: 86, PersonTimes: 640},
		Narrative:     "第一季度完成服务对象需求评估 86 人,建立档案;开展课业辅导、亲情连线和防溺水安全教育共 10 场,新开个案 12 个,均已制定服务计划并完成首次回访。",
		Evidence:      []domain.Evidence{{Title: "活动签到表", Description: "10 场活动签到表扫描件"}, {Title: "个案服务计划", Description: "12 份个案服务计划(已匿名化)"}},
	})
	if err != nil {
		return err
	}
	officer, err := sd.actor(ctx, sd.users["qian"])
	if err != nil {
		return err
	}
	h.Clock.Set(end.AddDays(8).Start().Add(10 * time.Hour))
	_, err = h.Contracts.ReviewReport(ctx, officer, r.ID, domain.ReportReview{Accept: true, Comment: "第一季度服务台账与佐证材料齐全,数据属实,同意支付首期款。"})
	return err
}

// keyOf is the spec key of a demo organisation.
func (sd *seeder) keyOf(id uuid.UUID) string {
	for k, o := range sd.orgs {
		if o.ID == id {
			return k
		}
	}
	return ""
}
