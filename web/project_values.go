package web

import (
	"net/url"
	"strconv"
	"time"

	"hutong/domain"
)

// projectValues fills the editor from a project, the inverse of
// projectInput.
func projectValues(p *domain.Project) url.Values {
	v := url.Values{
		"title": {p.Title}, "description": {p.Description}, "category": {p.Category},
		"region_code": {p.RegionCode}, "budget": {formatYuanInput(p.BudgetFen)}, "method": {string(p.Method)},
		"min_rating": {p.Eligibility.MinRating}, "region_codes": p.Eligibility.RegionCodes,
		"price_weight":  {strconv.Itoa(p.Criteria.PriceWeight)},
		"service_start": {p.ServiceStart.String()}, "service_end": {p.ServiceEnd.String()},
	}
	check := func(name string, on bool) {
		if on {
			v.Set(name, "1")
		}
	}
	check("verified_only", p.Eligibility.VerifiedOnly)
	check("safeguarding_required", p.Eligibility.SafeguardingRequired)
	check("exclude_failed_grade", p.Eligibility.ExcludeFailedGrade)
	for i, t := range p.Criteria.Technical {
		v.Set(rowField("tech_key", i), t.Key)
		v.Set(rowField("tech_name", i), t.Name)
		v.Set(rowField("tech_points", i), strconv.Itoa(t.MaxPoints))
	}
	for i, t := range p.Targets {
		v.Set(rowField("target_indicator", i), t.Indicator)
		v.Set(rowField("target_unit", i), t.Unit)
		v.Set(rowField("target_value", i), strconv.FormatFloat(t.Target, 'f', -1, 64))
		v.Set(rowField("target_kind", i), string(t.Kind))
	}
	for i, m := range p.Milestones {
		v.Set(rowField("milestone_name", i), m.Name)
		v.Set(rowField("milestone_percent", i), strconv.Itoa(m.Percent))
		v.Set(rowField("milestone_due", i), m.Due.String())
	}
	return v
}

// newProjectValues are a blank editor's defaults: an open tender with the
// price weighed at 30 and every bidder verified.
func newProjectValues(bureau string) url.Values {
	return url.Values{
		"bureau_id": {bureau}, "method": {string(domain.MethodOpenTender)},
		"price_weight": {"30"}, "verified_only": {"1"},
	}
}

// localLayouts are what a datetime-local input sends: minutes, and
// seconds when a browser adds them.
var localLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05"}

// localInputLayout writes a time for a datetime-local input.
const localInputLayout = "2006-01-02T15:04"

// parseLocal reads a datetime-local input as Beijing time, whatever the
// browser's or the server's zone: procurement deadlines are Beijing time.
func parseLocal(v *domain.Validation, field, s string) time.Time {
	v.Check(s != "", field, "is required")
	if s == "" {
		return time.Time{}
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, s, domain.Shanghai); err == nil {
			return t
		}
	}
	v.Add(field, msgTime)
	return time.Time{}
}
