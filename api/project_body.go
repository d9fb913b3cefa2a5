package api

import (
	"time"

	"hutong/domain"
)

// projectBody is the editable content of a project as a client sends it.
// Dates travel as strings so that a bad one is 422 naming its field (a
// domain.Date that failed inside the JSON decoder could only be 400
// without one). Status, bureau, timeline and cancellation are not here:
// sending them is 400 like any other unknown field, so a client cannot
// publish or re-budget a project by mass assignment.
type projectBody struct {
	Title        string               `json:"title"`
	Description  string               `json:"description"`
	Category     string               `json:"category"`
	RegionCode   string               `json:"region_code"`
	BudgetFen    int64                `json:"budget_fen"`
	Method       domain.ProjectMethod `json:"method"`
	Eligibility  domain.Eligibility   `json:"eligibility"`
	Criteria     domain.Criteria      `json:"criteria"`
	Targets      []domain.Target      `json:"targets"`
	Milestones   []milestoneBody      `json:"milestones"`
	ServiceStart string               `json:"service_start"`
	ServiceEnd   string               `json:"service_end"`
}

// projectCreate is the body of POST /projects: the content and the bureau
// it is for.
type projectCreate struct {
	BureauID string `json:"bureau_id"`
	projectBody
}

// milestoneBody is a payment milestone with its due date as a string.
type milestoneBody struct {
	Name    string `json:"name"`
	Percent int    `json:"percent"`
	Due     string `json:"due"`
}

// input converts the body into the domain's input, naming every date that
// does not parse.
func (b *projectBody) input() (domain.ProjectInput, error) {
	var v domain.Validation
	in := domain.ProjectInput{
		Title: b.Title, Description: b.Description, Category: b.Category, RegionCode: b.RegionCode,
		BudgetFen: b.BudgetFen, Method: b.Method, Eligibility: b.Eligibility, Criteria: b.Criteria,
		Targets:      b.Targets,
		ServiceStart: parseDate(&v, "service_start", b.ServiceStart),
		ServiceEnd:   parseDate(&v, "service_end", b.ServiceEnd),
	}
	in.Milestones = make([]domain.Milestone, len(b.Milestones))
	for i, m := range b.Milestones {
		in.Milestones[i] = domain.Milestone{Name: m.Name, Percent: m.Percent, Due: parseDate(&v, "milestones.due", m.Due)}
	}
	return in, v.Err()
}

// checkInput runs the domain's validation over an input the body was
// read into, adding its problems to the reading's (readErr) except on
// fields already reported, so that a client learns every problem once.
func checkInput(in *domain.ProjectInput, readErr error) error {
	e := domain.AsError(in.Normalize())
	if readErr == nil || e == nil {
		return joinInvalid(readErr, errOrNil(e))
	}
	out := *domain.AsError(readErr)
	seen := map[string]bool{}
	for _, fe := range out.Fields {
		seen[fe.Field] = true
	}
	for _, fe := range e.Fields {
		if !seen[fe.Field] {
			out.Fields = append(out.Fields, fe)
		}
	}
	return &out
}

// errOrNil keeps a nil *domain.Error from becoming a non-nil error.
func errOrNil(e *domain.Error) error {
	if e == nil {
		return nil
	}
	return e
}

// parseDate reads a "2006-01-02" date; "" is the zero date, which the
// domain's validation reports as missing where a date is required.
func parseDate(v *domain.Validation, field, s string) domain.Date {
	if s == "" {
		return domain.Date{}
	}
	d, err := domain.ParseDate(s)
	v.Check(err == nil, field, "must be a date like 2025-10-01")
	return d
}

// parseTime reads a required RFC 3339 time.
func parseTime(v *domain.Validation, field, s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	v.Check(s != "", field, "is required")
	v.Check(s == "" || err == nil, field, "must be an RFC 3339 time like 2025-10-01T09:30:00+08:00")
	return t
}

// projectPatch is a PATCH body: only the fields present change.
type projectPatch struct {
	Title        *string               `json:"title"`
	Description  *string               `json:"description"`
	Category     *string               `json:"category"`
	RegionCode   *string               `json:"region_code"`
	BudgetFen    *int64                `json:"budget_fen"`
	Method       *domain.ProjectMethod `json:"method"`
	Eligibility  *domain.Eligibility   `json:"eligibility"`
	Criteria     *domain.Criteria      `json:"criteria"`
	Targets      *[]domain.Target      `json:"targets"`
	Milestones   *[]milestoneBody      `json:"milestones"`
	ServiceStart *string               `json:"service_start"`
	ServiceEnd   *string               `json:"service_end"`
}

// overlay returns the project's content as a body with the patch's fields
// laid over it.
func (p *projectPatch) overlay(pr *domain.Project) projectBody {
	b := projectBody{
		Title: pr.Title, Description: pr.Description, Category: pr.Category, RegionCode: pr.RegionCode,
		BudgetFen: pr.BudgetFen, Method: pr.Method, Eligibility: pr.Eligibility, Criteria: pr.Criteria,
		Targets: pr.Targets, ServiceStart: pr.ServiceStart.String(), ServiceEnd: pr.ServiceEnd.String(),
	}
	for _, m := range pr.Milestones {
		b.Milestones = append(b.Milestones, milestoneBody{Name: m.Name, Percent: m.Percent, Due: m.Due.String()})
	}
	set(&b.Title, p.Title)
	set(&b.Description, p.Description)
	set(&b.Category, p.Category)
	set(&b.RegionCode, p.RegionCode)
	set(&b.BudgetFen, p.BudgetFen)
	set(&b.Method, p.Method)
	set(&b.Eligibility, p.Eligibility)
	set(&b.Criteria, p.Criteria)
	set(&b.Targets, p.Targets)
	set(&b.Milestones, p.Milestones)
	set(&b.ServiceStart, p.ServiceStart)
	set(&b.ServiceEnd, p.ServiceEnd)
	return b
}

// publishRequest sets a draft's timeline.
type publishRequest struct {
	BidDeadline string `json:"bid_deadline"`
	OpeningAt   string `json:"opening_at"`
}

// cancelRequest cancels a project; the reason is published.
type cancelRequest struct {
	Reason string `json:"reason"`
}
