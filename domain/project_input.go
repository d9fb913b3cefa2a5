package domain

import (
	"fmt"
	"math"
	"regexp"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Limits of a project's content.
const (
	MaxProjectBudgetFen = 100_000_000_000 // ¥10 亿: beyond any single service purchase
	MaxTechnicalItems   = 20
	MaxTargets          = 30
	MaxMilestones       = 24
	MaxEligibleRegions  = 50
)

// PriceWeightRange returns the allowed price weight (价格分值, out of 100)
// for a method. Services follow 财政部令第87号 art. 55 for open tenders
// (the price share of a service project at least 10%) and 财库〔2014〕214号
// art. 24 for competitive consultation (10% to 30% for services). Single
// source has no competition, so the open-tender range applies. A weight
// of 100 means price alone decides, with no technical items.
func PriceWeightRange(m ProjectMethod) (lo, hi int) {
	if m == MethodCompetitiveConsultation {
		return 10, 30
	}
	return 10, 100
}

// ProjectInput is the editable content of a project. The service sets the
// bureau, region name and timeline.
type ProjectInput struct {
	Title        string        `json:"title"`
	Description  string        `json:"description"`
	Category     string        `json:"category"`
	RegionCode   string        `json:"region_code"`
	BudgetFen    int64         `json:"budget_fen"`
	Method       ProjectMethod `json:"method"`
	Eligibility  Eligibility   `json:"eligibility"`
	Criteria     Criteria      `json:"criteria"`
	Targets      []Target      `json:"targets"`
	Milestones   []Milestone   `json:"milestones"`
	ServiceStart Date          `json:"service_start"`
	ServiceEnd   Date          `json:"service_end"`
}

// Normalize trims and validates the input, naming every bad field (e.g.
// "criteria.price_weight", "milestones", "budget_fen"). The region's
// existence is checked by the service, which knows the region table.
func (in *ProjectInput) Normalize() error {
	var v Validation
	in.Title = trimSpace(in.Title)
	n := utf8.RuneCountInString(in.Title)
	v.Check(n >= 4 && n <= 200, "title", "must be 4 to 200 characters")
	in.Description = trimSpace(in.Description)
	n = utf8.RuneCountInString(in.Description)
	v.Check(n >= 1 && n <= 20000, "description", "must be 1 to 20000 characters")
	v.Check(contains(ServiceAreas, in.Category), "category", "must be a known service area")
	v.Check(regionCodeRE.MatchString(in.RegionCode), "region_code", "must be a 6-digit administrative division code")
	v.Check(in.BudgetFen > 0 && in.BudgetFen <= MaxProjectBudgetFen, "budget_fen", "must be more than 0 and at most 100000000000 fen")
	v.Check(in.Method.Valid(), "method", "must be open_tender, competitive_consultation or single_source")
	in.Eligibility.normalize(&v)
	in.Criteria.normalize(&v, in.Method)
	in.normalizeTargets(&v)
	in.normalizeMilestones(&v)
	in.normalizeServicePeriod(&v)
	return v.Err()
}

var regionCodeRE = regexp.MustCompile(`^[0-9]{6}$`)

func (e *Eligibility) normalize(v *Validation) {
	v.Check(contains(Ratings, e.MinRating), "eligibility.min_rating", "must be empty or one of 1A to 5A")
	e.RegionCodes = dedupe(e.RegionCodes)
	v.Check(len(e.RegionCodes) <= MaxEligibleRegions, "eligibility.region_codes", "must be at most 50 regions")
	for _, c := range e.RegionCodes {
		v.Check(regionCodeRE.MatchString(c), "eligibility.region_codes", "must be 6-digit administrative division codes")
	}
}

// normalize checks 综合评分法 weights: the price weight within the method's
// range, each technical item with a unique key, a name and positive
// points, and the total exactly 100.
func (c *Criteria) normalize(v *Validation, m ProjectMethod) {
	lo, hi := PriceWeightRange(m)
	v.Check(c.PriceWeight >= lo && c.PriceWeight <= hi, "criteria.price_weight",
		fmt.Sprintf("must be between %d and %d for this method", lo, hi))
	if c.Technical == nil {
		c.Technical = []TechnicalItem{} // stored and shown as a list, never null
	}
	v.Check(len(c.Technical) <= MaxTechnicalItems, "criteria.technical", "must be at most 20 items")
	total, keys := c.PriceWeight, map[string]bool{}
	for i := range c.Technical {
		it := &c.Technical[i]
		it.Key, it.Name = trimSpace(it.Key), trimSpace(it.Name)
		v.Check(criterionKeyRE.MatchString(it.Key) && !keys[it.Key], "criteria.technical.key",
			"must be unique, 1 to 40 lowercase letters, digits or underscores")
		keys[it.Key] = true
		nn := utf8.RuneCountInString(it.Name)
		v.Check(nn >= 1 && nn <= 100, "criteria.technical.name", "must be 1 to 100 characters")
		v.Check(it.MaxPoints > 0, "criteria.technical.max_points", "must be more than 0")
		total += it.MaxPoints
	}
	v.Check(total == 100, "criteria", fmt.Sprintf("price weight and technical points must total 100, not %d", total))
}

var criterionKeyRE = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)

func (in *ProjectInput) normalizeTargets(v *Validation) {
	v.Check(len(in.Targets) >= 1 && len(in.Targets) <= MaxTargets, "targets", "must be 1 to 30 targets")
	for i := range in.Targets {
		t := &in.Targets[i]
		t.Indicator, t.Unit = trimSpace(t.Indicator), trimSpace(t.Unit)
		n := utf8.RuneCountInString(t.Indicator)
		v.Check(n >= 1 && n <= 100, "targets.indicator", "must be 1 to 100 characters")
		n = utf8.RuneCountInString(t.Unit)
		v.Check(n >= 1 && n <= 20, "targets.unit", "must be 1 to 20 characters")
		v.Check(t.Kind.Valid(), "targets.kind", "must be person_count, person_times, count or percent")
		v.Check(validTargetValue(t.Kind, t.Target), "targets.target", targetValueRule(t.Kind))
	}
}

// validTargetValue checks a target's number: counts are positive whole
// numbers (at most 10⁹), percentages above 0 and at most 100.
func validTargetValue(k TargetKind, x float64) bool {
	if math.IsNaN(x) || x <= 0 {
		return false
	}
	if k == TargetPercent {
		return x <= 100
	}
	return x == math.Trunc(x) && x <= 1e9
}

func targetValueRule(k TargetKind) string {
	if k == TargetPercent {
		return "must be more than 0 and at most 100"
	}
	return "must be a whole number from 1 to 1000000000"
}

// normalizeMilestones checks the payment plan: 1 to 24 milestones, each
// named with a positive percent and a due date not before the service
// starts, in due-date order, the percents totalling 100.
func (in *ProjectInput) normalizeMilestones(v *Validation) {
	v.Check(len(in.Milestones) >= 1 && len(in.Milestones) <= MaxMilestones, "milestones", "must be 1 to 24 milestones")
	total := 0
	for i := range in.Milestones {
		m := &in.Milestones[i]
		m.Name = trimSpace(m.Name)
		n := utf8.RuneCountInString(m.Name)
		v.Check(n >= 1 && n <= 100, "milestones.name", "must be 1 to 100 characters")
		v.Check(m.Percent > 0 && m.Percent <= 100, "milestones.percent", "must be from 1 to 100")
		v.Check(!m.Due.IsZero(), "milestones.due", "is required")
		v.Check(m.Due.IsZero() || in.ServiceStart.IsZero() || !m.Due.Before(in.ServiceStart),
			"milestones.due", "must not be before the service starts")
		v.Check(i == 0 || !m.Due.Before(in.Milestones[i-1].Due), "milestones.due", "must be in date order")
		total += m.Percent
	}
	v.Check(total == 100, "milestones", fmt.Sprintf("percents must total 100, not %d", total))
}

// normalizeServicePeriod checks that the service runs at most five years,
// the longest term a purchase of services may be contracted for.
func (in *ProjectInput) normalizeServicePeriod(v *Validation) {
	v.Check(!in.ServiceStart.IsZero(), "service_start", "is required")
	v.Check(!in.ServiceEnd.IsZero(), "service_end", "is required")
	if in.ServiceStart.IsZero() || in.ServiceEnd.IsZero() {
		return
	}
	v.Check(!in.ServiceEnd.Before(in.ServiceStart), "service_end", "must not be before the service starts")
	v.Check(DaysBetween(in.ServiceStart, in.ServiceEnd) <= 5*366, "service_end", "the service may last at most five years")
}

// ProjectFilter selects projects for a list.
type ProjectFilter struct {
	Status ProjectStatus
	// RegionCode matches the region and everything under it.
	RegionCode string
	Category   string
	Method     ProjectMethod
	// BudgetMinFen and BudgetMaxFen bound the budget, inclusive; 0 for no
	// bound.
	BudgetMinFen int64
	BudgetMaxFen int64
	// BureauID limits the list to one bureau's projects; its members then
	// see its drafts too.
	BureauID uuid.UUID
	Page     Page
}

// Normalize checks each filter value and the page, naming the parameter.
func (f *ProjectFilter) Normalize() error {
	var v Validation
	v.Check(f.Status == "" || f.Status.Valid(), "status", "unknown status")
	v.Check(f.RegionCode == "" || regionCodeRE.MatchString(f.RegionCode), "region", "must be an administrative division code")
	v.Check(f.Category == "" || contains(ServiceAreas, f.Category), "category", "unknown service area")
	v.Check(f.Method == "" || f.Method.Valid(), "method", "unknown method")
	v.Check(f.BudgetMinFen >= 0, "budget_min", "must not be negative")
	v.Check(f.BudgetMaxFen >= 0, "budget_max", "must not be negative")
	v.Check(f.BudgetMaxFen == 0 || f.BudgetMinFen <= f.BudgetMaxFen, "budget_max", "must not be below budget_min")
	if err := v.Err(); err != nil {
		return err
	}
	return f.Page.Normalize()
}
