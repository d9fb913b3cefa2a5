package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"hutong/domain"
)

// projectFields are the domain's field names the editor shows problems
// beside; anything else goes to the top of the form.
var projectFields = []string{
	"title", "description", "category", "region_code", "budget_fen", "method",
	"eligibility.min_rating", "eligibility.region_codes",
	"criteria", "criteria.price_weight", "criteria.technical", "criteria.technical.key",
	"criteria.technical.name", "criteria.technical.max_points",
	"targets", "targets.indicator", "targets.unit", "targets.target", "targets.kind",
	"milestones", "milestones.name", "milestones.percent", "milestones.due",
	"service_start", "service_end",
}

// emptyRows is how many blank rows the editor offers beyond the filled
// ones, since without JavaScript a row cannot be added on the page.
const emptyRows = 3

// minRows is the fewest rows each table of the editor shows.
const minRows = 6

// techRow, targetRow and milestoneRow are one row of the editor's tables,
// as typed; Index numbers the row's fields from 0.
type techRow struct {
	Index             int
	Key, Name, Points string
}

type targetRow struct {
	Index                        int
	Indicator, Unit, Value, Kind string
}

type milestoneRow struct {
	Index              int
	Name, Percent, Due string
}

// rowField names the form field of a table cell, e.g. "tech_name_3".
func rowField(prefix string, i int) string { return prefix + "_" + strconv.Itoa(i) }

// rowCount is how many rows of a table to show: the rows the form has
// (its highest index among prefixes), plus blank ones, within [minRows,
// limit].
func rowCount(f url.Values, limit int, prefixes ...string) int {
	n := 0
	for i := 0; i < limit; i++ {
		for _, p := range prefixes {
			if strings.TrimSpace(f.Get(rowField(p, i))) != "" {
				n = i + 1
			}
		}
	}
	return min(max(n+emptyRows, minRows), limit)
}

// techRows, targetRows and milestoneRows lay a form's values out as rows.
func techRows(f url.Values) []techRow {
	rows := make([]techRow, rowCount(f, domain.MaxTechnicalItems, "tech_name", "tech_points"))
	for i := range rows {
		rows[i] = techRow{i, f.Get(rowField("tech_key", i)), f.Get(rowField("tech_name", i)), f.Get(rowField("tech_points", i))}
	}
	return rows
}

func targetRows(f url.Values) []targetRow {
	rows := make([]targetRow, rowCount(f, domain.MaxTargets, "target_indicator", "target_unit", "target_value"))
	for i := range rows {
		rows[i] = targetRow{i, f.Get(rowField("target_indicator", i)), f.Get(rowField("target_unit", i)),
			f.Get(rowField("target_value", i)), f.Get(rowField("target_kind", i))}
	}
	return rows
}

func milestoneRows(f url.Values) []milestoneRow {
	rows := make([]milestoneRow, rowCount(f, domain.MaxMilestones, "milestone_name", "milestone_percent", "milestone_due"))
	for i := range rows {
		rows[i] = milestoneRow{i, f.Get(rowField("milestone_name", i)), f.Get(rowField("milestone_percent", i)),
			f.Get(rowField("milestone_due", i))}
	}
	return rows
}

// blank reports whether every cell of a row is empty; blank rows are the
// spare ones and are ignored.
func blank(cells ...string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// projectInput reads the editor into the domain's input. Values that do
// not parse (an amount with three decimals, points that are not a whole
// number) are reported on the domain's field names; the rest is left to
// the domain's validation.
func projectInput(f url.Values) (domain.ProjectInput, *domain.Validation) {
	v := &domain.Validation{}
	in := domain.ProjectInput{
		Title: f.Get("title"), Description: f.Get("description"), Category: f.Get("category"),
		RegionCode: f.Get("region_code"), Method: domain.ProjectMethod(f.Get("method")),
		Eligibility: domain.Eligibility{
			MinRating: f.Get("min_rating"), RegionCodes: f["region_codes"],
			VerifiedOnly:         f.Get("verified_only") == "1",
			SafeguardingRequired: f.Get("safeguarding_required") == "1",
			ExcludeFailedGrade:   f.Get("exclude_failed_grade") == "1",
		},
		ServiceStart: formDate(v, "service_start", f.Get("service_start")),
		ServiceEnd:   formDate(v, "service_end", f.Get("service_end")),
	}
	if s := strings.TrimSpace(f.Get("budget")); s != "" {
		fen, ok := parseYuan(s)
		v.Check(ok, "budget_fen", msgYuan)
		in.BudgetFen = fen
	}
	in.Criteria = domain.Criteria{PriceWeight: formInt(v, "criteria.price_weight", f.Get("price_weight"))}
	in.Criteria.Technical = techItems(v, techRows(f))
	in.Targets = targets(v, targetRows(f))
	in.Milestones = milestones(v, milestoneRows(f))
	return in, v
}

// techItems reads the filled technical rows. A row without a key gets
// one from its position, so officers never type keys.
func techItems(v *domain.Validation, rows []techRow) []domain.TechnicalItem {
	var out []domain.TechnicalItem
	keys := map[string]bool{}
	for _, r := range rows {
		if blank(r.Name, r.Points) {
			continue
		}
		key := strings.TrimSpace(r.Key)
		for n := len(out) + 1; key == "" || keys[key]; n++ {
			key = fmt.Sprintf("item%d", n)
		}
		keys[key] = true
		out = append(out, domain.TechnicalItem{Key: key, Name: r.Name,
			MaxPoints: formInt(v, "criteria.technical.max_points", r.Points)})
	}
	return out
}

func targets(v *domain.Validation, rows []targetRow) []domain.Target {
	var out []domain.Target
	for _, r := range rows {
		if blank(r.Indicator, r.Unit, r.Value) {
			continue
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(r.Value), 64)
		v.Check(err == nil, "targets.target", msgNumber)
		out = append(out, domain.Target{Indicator: r.Indicator, Unit: r.Unit, Target: x, Kind: domain.TargetKind(r.Kind)})
	}
	return out
}

func milestones(v *domain.Validation, rows []milestoneRow) []domain.Milestone {
	var out []domain.Milestone
	for _, r := range rows {
		if blank(r.Name, r.Percent, r.Due) {
			continue
		}
		out = append(out, domain.Milestone{Name: r.Name, Percent: formInt(v, "milestones.percent", r.Percent),
			Due: formDate(v, "milestones.due", r.Due)})
	}
	return out
}

// Messages of values the editor could not read; messages.go's tables
// translate them like the domain's.
const (
	msgYuan   = "must be an amount in yuan with at most two decimals, like 1,234.56"
	msgNumber = "must be a number"
	msgWhole  = "must be a whole number"
	msgDate   = "must be a date like 2025-10-01"
	msgTime   = "must be a date and time"
)

// formInt reads a whole number; an empty cell is 0, which the domain's
// rules then reject where a number is required.
func formInt(v *domain.Validation, field, s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	v.Check(err == nil, field, msgWhole)
	return n
}

// formDate reads a date input ("2006-01-02"); empty is the zero date.
func formDate(v *domain.Validation, field, s string) domain.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return domain.Date{}
	}
	d, err := domain.ParseDate(s)
	v.Check(err == nil, field, msgDate)
	return d
}
