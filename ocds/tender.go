package ocds

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"hutong/domain"
)

// Procurement methods (method.csv) for Hutong's methods.
//
// 公开招标 (open tender) is advertised and any eligible organisation may
// bid: "open". 单一来源 (single source) negotiates with the one supplier
// the bureau names: "direct". 竞争性磋商 (competitive consultation) is the
// hard one. Under 财库〔2014〕214号 a bureau may invite suppliers from a
// supplier pool or by recommendation ("limited"), or by public
// announcement; on Hutong it is always announced publicly, every
// organisation meeting the eligibility rules may respond, and the
// consultation panel then negotiates (磋商) only with those it finds
// qualified. That is "selective" — all potential suppliers can qualify
// to submit a bid — not "limited", since the bureau chooses nobody; it is
// also how Prozorro maps its own negotiated competitive dialogue.
var procurementMethods = map[domain.ProjectMethod]struct{ code, details string }{
	domain.MethodOpenTender:              {"open", "公开招标"},
	domain.MethodCompetitiveConsultation: {"selective", "竞争性磋商"},
	domain.MethodSingleSource:            {"direct", "单一来源采购"},
}

// tenderStatus maps a project's status to tenderStatus.csv: active while
// bids are taken, complete once the deadline passed (whatever comes
// after belongs to awards and contracts), cancelled, or unsuccessful for
// 流标.
func tenderStatus(s domain.ProjectStatus) string {
	switch s {
	case domain.StatusDraft:
		return "planned"
	case domain.StatusPublished:
		return "active"
	case domain.StatusCancelled:
		return "cancelled"
	case domain.StatusFailed:
		return "unsuccessful"
	}
	return "complete"
}

// childWelfareCPV classifies every item: Hutong buys child-protection
// services, CPV 85311300 "Welfare services for children and young
// people". China's own 政府采购品目分类目录 is not in the
// classificationScheme codelist, CPV is, and it has this exact heading.
var childWelfareCPV = Classification{Scheme: "CPV", ID: "85311300", Description: "Welfare services for children and young people"}

func buildTender(in Input) *Tender {
	p := in.Project
	m := procurementMethods[p.Method]
	t := &Tender{
		ID: p.ID.String(), Title: p.Title, Description: p.Description,
		Status: tenderStatus(p.Status), Value: CNY(p.BudgetFen),
		ProcurementMethod: m.code, ProcurementMethodDetails: m.details,
		MainProcurementCategory: "services",
		AwardCriteria:           "ratedCriteria",
		AwardCriteriaDetails:    awardCriteriaDetails(p.Criteria),
		SubmissionMethod:        []string{"electronicSubmission"},
		EligibilityCriteria:     eligibilityText(p.Eligibility),
		Items:                   items(p),
		Milestones:              tenderMilestones(p.Milestones),
		ContractPeriod:          servicePeriod(p.ServiceStart, p.ServiceEnd),
	}
	if tl := p.Timeline; tl.PublishedAt != nil && tl.BidDeadline != nil {
		t.TenderPeriod = &Period{StartDate: At(*tl.PublishedAt), EndDate: At(*tl.BidDeadline)}
	}
	if p.Timeline.OpeningAt != nil {
		t.AwardPeriod = &Period{StartDate: At(*p.Timeline.OpeningAt)}
	}
	switch p.Status {
	case domain.StatusCancelled:
		t.FinalStatus, t.FinalStatusDetails = "cancelled", "项目已取消："+p.CancelReason
	case domain.StatusFailed:
		t.FinalStatus, t.FinalStatusDetails = "unsuccessful", failedDetails(in.Evaluation)
	}
	for _, a := range in.Amendments {
		t.Amendments = append(t.Amendments, Amendment{ID: a.ID, Date: At(a.Date), Rationale: a.Reason,
			Description: "变更内容：" + strings.Join(a.Changed, "、")})
	}
	return t
}

// endOfDay is the last second of d in Asia/Shanghai, where service
// periods and payment dates are counted; nil for no date.
func endOfDay(d domain.Date) *Time {
	if d.IsZero() {
		return nil
	}
	return At(d.AddDays(1).Start().Add(-time.Second))
}

// startOfDay is the first moment of d in Asia/Shanghai; nil for no date.
func startOfDay(d domain.Date) *Time {
	if d.IsZero() {
		return nil
	}
	return At(d.Start())
}

// servicePeriod runs from the first day's start to the last day's end.
func servicePeriod(start, end domain.Date) *Period {
	return &Period{StartDate: startOfDay(start), EndDate: endOfDay(end)}
}

// awardCriteriaDetails spells out 综合评分法 with the project's weights.
func awardCriteriaDetails(c domain.Criteria) string {
	parts := make([]string, 0, len(c.Technical))
	for _, it := range c.Technical {
		parts = append(parts, fmt.Sprintf("%s %d 分", it.Name, it.MaxPoints))
	}
	return fmt.Sprintf("综合评分法：价格分 %d 分（最低有效报价 ÷ 投标报价 × %d）；技术分：%s。总分 100 分，按总分排序推荐中标候选人。",
		c.PriceWeight, c.PriceWeight, strings.Join(parts, "；"))
}

// eligibilityText states who may bid, in Chinese.
func eligibilityText(e domain.Eligibility) string {
	var parts []string
	if e.MinRating != "" {
		parts = append(parts, "社会组织评估等级不低于 "+e.MinRating)
	}
	if len(e.RegionCodes) > 0 {
		parts = append(parts, "限以下行政区划的机构："+strings.Join(e.RegionCodes, "、"))
	}
	if e.VerifiedOnly {
		parts = append(parts, "仅限经平台认证的机构")
	}
	if e.SafeguardingRequired {
		parts = append(parts, "接触儿童的服务人员须完成入职查询")
	}
	if e.ExcludeFailedGrade {
		parts = append(parts, "近一年履约考核不合格的机构不得参与")
	}
	if len(parts) == 0 {
		return "符合《政府采购法》第二十二条规定的供应商均可参与。"
	}
	return strings.Join(parts, "；") + "。"
}

// items are the service's performance targets, each with its quantity and
// unit (受益人次 5000 人次).
func items(p *domain.Project) []Item {
	out := make([]Item, 0, len(p.Targets))
	for i, tg := range p.Targets {
		q := tg.Target
		c := childWelfareCPV
		out = append(out, Item{ID: strconv.Itoa(i + 1), Description: tg.Indicator, Classification: &c,
			Quantity: &q, Unit: &Unit{Name: tg.Unit}})
	}
	return out
}

// tenderMilestones are the payment milestones as the tender announces
// them: a share of the contract price due on a date.
func tenderMilestones(ms []domain.Milestone) []Milestone {
	out := make([]Milestone, 0, len(ms))
	for i, m := range ms {
		out = append(out, Milestone{ID: "payment-" + strconv.Itoa(i+1), Title: m.Name, Type: "payment",
			Description: fmt.Sprintf("支付合同价款的 %d%%", m.Percent), DueDate: endOfDay(m.Due), Status: "scheduled"})
	}
	return out
}

// failedDetails says why the tender failed (流标).
func failedDetails(o *domain.EvaluationOutcome) string {
	if o == nil {
		return "流标"
	}
	return fmt.Sprintf("流标：有效投标 %d 家，少于规定的 %d 家。", o.ValidBids, o.MinValidBids)
}
