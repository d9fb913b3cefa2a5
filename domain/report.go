package domain

import (
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"
)

// ReportStatus is where an outcome report stands.
type ReportStatus string

// Report statuses: submitted reports await the bureau, which accepts them
// (releasing the milestone) or returns them with comments, after which
// the organisation submits a corrected one.
const (
	ReportSubmitted ReportStatus = "submitted"
	ReportAccepted  ReportStatus = "accepted"
	ReportReturned  ReportStatus = "returned"
)

// Bounds of a report's text, in characters.
const (
	ReportNarrativeMin = 20
	ReportNarrativeMax = 20000
	ReportCommentMin   = 5
	ReportCommentMax   = 5000
	ReportEvidenceMax  = 20
	ReportEvidenceText = 500
)

// Actual is the value achieved for one of the contract's targets in a
// report.
type Actual struct {
	Indicator string  `json:"indicator"`
	Actual    float64 `json:"actual"`
}

// Beneficiaries counts the children and families served up to the end of
// the report's period. Persons (人数) are unique people and are not
// additive across reports; person-times (人次) count each attendance. A
// person attends at least once, so Persons never exceeds PersonTimes.
type Beneficiaries struct {
	Persons     int64 `json:"persons"`
	PersonTimes int64 `json:"person_times"`
}

// Evidence is a piece of evidence a report cites: what it is and where
// the bureau can check it (a file reference, an activity record).
type Evidence struct {
	Title       string `json:"title"`
	Description string `json:"description"`
}

// ReportInput is an organisation's outcome report for a period.
type ReportInput struct {
	PeriodStart   Date          `json:"period_start"`
	PeriodEnd     Date          `json:"period_end"`
	Actuals       []Actual      `json:"actuals"`
	Beneficiaries Beneficiaries `json:"beneficiaries"`
	Narrative     string        `json:"narrative"`
	Evidence      []Evidence    `json:"evidence"`
}

// Normalize checks a report against the contract it reports on: a period
// within the service period, an actual for every target and no other,
// whole numbers for counts, percents within 0..100, persons not above
// person-times, a narrative and bounded evidence. Each problem names its
// field.
func (in *ReportInput) Normalize(c *Contract) error {
	var v Validation
	v.Check(!in.PeriodStart.IsZero(), "period_start", "is required")
	v.Check(!in.PeriodEnd.IsZero() && !in.PeriodEnd.Before(in.PeriodStart), "period_end", "must not be before period_start")
	if !in.PeriodStart.IsZero() && !c.ServiceStart.IsZero() {
		v.Check(!in.PeriodStart.Before(c.ServiceStart), "period_start", "must not be before the service starts")
	}
	if !in.PeriodEnd.IsZero() && !c.ServiceEnd.IsZero() {
		v.Check(!in.PeriodEnd.After(c.ServiceEnd), "period_end", "must not be after the service ends")
	}
	in.checkActuals(&v, c.Targets)
	b := in.Beneficiaries
	v.Check(b.Persons >= 0 && b.PersonTimes >= 0, "beneficiaries", "must not be negative")
	v.Check(b.Persons <= b.PersonTimes, "beneficiaries.persons", "unique persons (人数) cannot exceed person-times (人次)")
	in.Narrative = trimSpace(in.Narrative)
	n := len([]rune(in.Narrative))
	v.Check(n >= ReportNarrativeMin && n <= ReportNarrativeMax, "narrative", "must be 20 to 20000 characters")
	v.Check(len(in.Evidence) <= ReportEvidenceMax, "evidence", "must list at most 20 items")
	for i := range in.Evidence {
		e := &in.Evidence[i]
		e.Title, e.Description = trimSpace(e.Title), trimSpace(e.Description)
		v.Check(e.Title != "" && len([]rune(e.Title)) <= ReportEvidenceText, "evidence.title", "must be 1 to 500 characters")
		v.Check(len([]rune(e.Description)) <= ReportEvidenceText, "evidence.description", "must be at most 500 characters")
	}
	if in.Evidence == nil {
		in.Evidence = []Evidence{}
	}
	return v.Err()
}

// checkActuals requires exactly one actual per target, in the targets'
// order once normalised, each valid for the target's kind.
func (in *ReportInput) checkActuals(v *Validation, targets []Target) {
	byName := map[string]float64{}
	for _, a := range in.Actuals {
		name := trimSpace(a.Indicator)
		if _, dup := byName[name]; dup {
			v.Add("actuals", fmt.Sprintf("%q is reported twice", name))
		}
		byName[name] = a.Actual
	}
	out := make([]Actual, 0, len(targets))
	for _, t := range targets {
		val, ok := byName[t.Indicator]
		if !ok {
			v.Add("actuals", fmt.Sprintf("%q needs an actual value", t.Indicator))
			continue
		}
		delete(byName, t.Indicator)
		v.Check(validActual(t.Kind, val), "actuals", fmt.Sprintf("%q: %s", t.Indicator, actualRule(t.Kind)))
		out = append(out, Actual{Indicator: t.Indicator, Actual: val})
	}
	for name := range byName {
		v.Add("actuals", fmt.Sprintf("%q is not a target of this contract", name))
	}
	in.Actuals = out
}

func validActual(k TargetKind, x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || x > 1e12 {
		return false
	}
	if k == TargetPercent {
		return x <= 100
	}
	return x == math.Trunc(x)
}

func actualRule(k TargetKind) string {
	if k == TargetPercent {
		return "must be a percentage from 0 to 100"
	}
	return "must be a whole number, not negative"
}

// Report is an outcome report. For readers outside the contract the
// narrative, evidence and review comments are left out: the figures are
// public, the words may speak of children and stay between the parties.
type Report struct {
	ID             uuid.UUID     `json:"id"`
	ContractID     uuid.UUID     `json:"contract_id"`
	MilestoneIndex int           `json:"milestone_index"`
	Version        int           `json:"version"`
	PeriodStart    Date          `json:"period_start"`
	PeriodEnd      Date          `json:"period_end"`
	Actuals        []Actual      `json:"actuals"`
	Beneficiaries  Beneficiaries `json:"beneficiaries"`
	Narrative      string        `json:"narrative,omitempty"`
	Evidence       []Evidence    `json:"evidence,omitempty"`
	Status         ReportStatus  `json:"status"`
	Comment        string        `json:"comment,omitempty"`
	SubmittedAt    time.Time     `json:"submitted_at"`
	ReviewedAt     *time.Time    `json:"reviewed_at,omitempty"`
}

// Public returns the report as outsiders see it: figures only.
func (r *Report) Public() *Report {
	out := *r
	out.Narrative, out.Evidence, out.Comment = "", nil, ""
	return &out
}

// ReportReview is the bureau's decision on a report. Returning it needs a
// comment saying what to correct.
type ReportReview struct {
	Accept  bool   `json:"accept"`
	Comment string `json:"comment"`
}

// Normalize checks the review: a comment of 5 to 5000 characters when
// returning, and at most 5000 when accepting.
func (in *ReportReview) Normalize() error {
	in.Comment = trimSpace(in.Comment)
	n := len([]rune(in.Comment))
	if !in.Accept && n < ReportCommentMin || n > ReportCommentMax {
		return Invalid("comment", "a returned report needs a comment of 5 to 5000 characters")
	}
	return nil
}
