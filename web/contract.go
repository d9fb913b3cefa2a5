package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// contractData is what a contract's page shows: its public terms and
// milestones, the reports the reader may see, and the forms of the
// organisation (report) and the bureau (review, grade).
type contractData struct {
	Contract *domain.Contract
	Reports  []*domain.Report
	// CanReport offers the report form for Next, the milestone the next
	// report claims, while no report awaits review.
	CanReport bool
	Next      *domain.ContractMilestone
	// CanReview offers the bureau the review of Pending and the grades.
	CanReview bool
	Pending   *domain.Report
	Graded    map[string]bool
	Form      *form
	Notice    string
}

// contractsReady answers 503 itself when the pages have no contract
// service.
func (s *Server) contractsReady(c *gin.Context) bool {
	if s.contracts == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return false
	}
	return true
}

// loadContract reads the contract in the path and what the reader may do
// with it.
func (s *Server) loadContract(c *gin.Context) (*contractData, bool) {
	if !s.contractsReady(c) {
		return nil, false
	}
	st := stateOf(c)
	ctx := c.Request.Context()
	id, err := domain.ParseID(c.Param("id"))
	var k *domain.Contract
	if err == nil {
		k, err = s.contracts.FindContractByID(ctx, st.Actor, id)
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	d := &contractData{Contract: k, Form: newForm(nil), Notice: c.Query("done"), Graded: map[string]bool{}}
	if d.Reports, err = s.contracts.FindReports(ctx, st.Actor, k.ID); err != nil {
		s.fail(c, err)
		return nil, false
	}
	for _, r := range d.Reports {
		if r.Status == domain.ReportSubmitted {
			d.Pending = r
		}
	}
	for _, g := range k.Grades {
		d.Graded[string(g.Stage)] = true
	}
	kind := func(id uuid.UUID) domain.OrgKind {
		if m := st.Actor.Membership(id); m != nil {
			return m.OrganizationKind
		}
		return ""
	}
	d.CanReview = domain.Can(st.Actor, domain.ActionContractReview, &domain.Organization{ID: k.BureauID, Kind: kind(k.BureauID)}) == nil
	d.Next = k.NextMilestone()
	d.CanReport = k.Status == domain.ContractActive && d.Next != nil && d.Pending == nil &&
		domain.Can(st.Actor, domain.ActionContractReport, &domain.Organization{ID: k.OrganizationID, Kind: kind(k.OrganizationID)}) == nil
	return d, true
}

// contractPage shows a contract.
func (s *Server) contractPage(c *gin.Context) {
	d, ok := s.loadContract(c)
	if !ok {
		return
	}
	s.renderContract(c, http.StatusOK, d)
}

func (s *Server) renderContract(c *gin.Context, status int, d *contractData) {
	s.render(c, status, "contract", d.Contract.ProjectTitle, d)
}

// submitReport submits an outcome report from the form: one actual per
// target (actual_0, actual_1, ...), the beneficiaries, the narrative and
// evidence as one "title｜description" per line.
func (s *Server) submitReport(c *gin.Context) {
	d, ok := s.loadContract(c)
	if !ok {
		return
	}
	in, err := reportForm(c.Request.PostForm, d.Contract.Targets)
	if err == nil {
		_, err = s.contracts.SubmitReport(c.Request.Context(), stateOf(c).Actor, d.Contract.ID, in)
	}
	s.contractDone(c, d, err, "reported", reportFields)
}

// reportFields are the report form's fields that show their own errors.
var reportFields = []string{"period_start", "period_end", "actuals", "beneficiaries", "beneficiaries.persons", "narrative", "evidence", "evidence.title"}

// reportForm reads the report form; a number that does not parse is
// EINVALID on its field.
func reportForm(f url.Values, targets []domain.Target) (domain.ReportInput, error) {
	var v domain.Validation
	in := domain.ReportInput{
		PeriodStart: parseDateField(&v, "period_start", f.Get("period_start")),
		PeriodEnd:   parseDateField(&v, "period_end", f.Get("period_end")),
		Narrative:   f.Get("narrative"),
	}
	for i, t := range targets {
		x, err := strconv.ParseFloat(strings.TrimSpace(f.Get("actual_"+strconv.Itoa(i))), 64)
		v.Check(err == nil, "actuals", t.Indicator+": must be a number")
		in.Actuals = append(in.Actuals, domain.Actual{Indicator: t.Indicator, Actual: x})
	}
	persons, err1 := strconv.ParseInt(strings.TrimSpace(f.Get("persons")), 10, 64)
	times, err2 := strconv.ParseInt(strings.TrimSpace(f.Get("person_times")), 10, 64)
	v.Check(err1 == nil && err2 == nil, "beneficiaries", "must be whole numbers")
	in.Beneficiaries = domain.Beneficiaries{Persons: persons, PersonTimes: times}
	for _, line := range strings.Split(f.Get("evidence"), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		title, desc, _ := strings.Cut(strings.ReplaceAll(line, "｜", "|"), "|")
		in.Evidence = append(in.Evidence, domain.Evidence{Title: title, Description: desc})
	}
	return in, v.Err()
}

// parseDateField reads a yyyy-mm-dd field, naming it when it does not
// parse.
func parseDateField(v *domain.Validation, field, s string) domain.Date {
	d, err := domain.ParseDate(strings.TrimSpace(s))
	v.Check(err == nil, field, msgDate)
	return d
}

// reviewReport accepts or returns the pending report.
func (s *Server) reviewReport(c *gin.Context) {
	d, ok := s.loadContract(c)
	if !ok {
		return
	}
	id, err := domain.ParseID(c.Param("rid"))
	if err != nil {
		s.fail(c, err)
		return
	}
	pf := c.Request.PostForm
	in := domain.ReportReview{Accept: pf.Get("accept") == "1", Comment: pf.Get("comment")}
	_, err = s.contracts.ReviewReport(c.Request.Context(), stateOf(c).Actor, id, in)
	s.contractDone(c, d, err, "reviewed", []string{"comment"})
}

// gradeContract records a grade.
func (s *Server) gradeContract(c *gin.Context) {
	d, ok := s.loadContract(c)
	if !ok {
		return
	}
	pf := c.Request.PostForm
	in := domain.GradeInput{Stage: domain.GradeStage(pf.Get("stage")), Grade: domain.GradeLevel(pf.Get("grade")), Comment: pf.Get("grade_comment")}
	_, err := s.contracts.GradeContract(c.Request.Context(), stateOf(c).Actor, d.Contract.ID, in)
	if e := domain.AsError(err); e != nil {
		for i := range e.Fields {
			if e.Fields[i].Field == "comment" {
				e.Fields[i].Field = "grade_comment"
			}
		}
	}
	s.contractDone(c, d, err, "graded", []string{"stage", "grade", "grade_comment"})
}

// contractDone sends the reader back to the contract, or shows it again
// with the problem on the form that failed.
func (s *Server) contractDone(c *gin.Context, d *contractData, err error, notice string, fields []string) {
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/contracts/"+d.Contract.ID.String()+"?done="+notice)
		return
	}
	code := domain.ErrorCode(err)
	if code == domain.EFORBIDDEN || code == domain.ECONFLICT {
		s.ruleError(c, err)
		return
	}
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	d.Form = newForm(url.Values(c.Request.PostForm))
	d.Form.Values.Set("form", notice)
	s.applyError(stateOf(c), d.Form, fields, domain.AsError(err))
	s.renderContract(c, formStatus[code], d)
}

// contractListData lists the contracts of the reader's organisations.
type contractListData struct {
	Groups []contractGroup
}

type contractGroup struct {
	Membership *domain.Membership
	Contracts  []*domain.Contract
}

// myContracts lists the contracts of every organisation the reader
// belongs to: as the contracted organisation, or as the buying bureau.
func (s *Server) myContracts(c *gin.Context) {
	if !s.contractsReady(c) {
		return
	}
	st := stateOf(c)
	if st.Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return
	}
	var d contractListData
	for _, m := range st.Actor.Memberships {
		id := m.OrganizationID
		f := domain.ContractFilter{OrganizationID: &id}
		if m.OrganizationKind == domain.KindBureau {
			f = domain.ContractFilter{BureauID: &id}
		}
		list, err := s.contracts.FindContracts(c.Request.Context(), st.Actor, f)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Groups = append(d.Groups, contractGroup{Membership: m, Contracts: list})
	}
	s.render(c, http.StatusOK, "contract_list", st.L.T("contract.list_title"), d)
}

// ContractStatus names a contract's status.
func (p *page) ContractStatus(s domain.ContractStatus) string {
	return p.st.L.T("contract.status." + string(s))
}

// ReportStatus names a report's status.
func (p *page) ReportStatus(s domain.ReportStatus) string {
	return p.st.L.T("report.status." + string(s))
}

// MilestoneStatus names a milestone's status.
func (p *page) MilestoneStatus(s domain.MilestoneStatus) string {
	return p.st.L.T("milestone.status." + string(s))
}

// GradeLevel names a grade (优秀/良好/合格/不合格).
func (p *page) GradeLevel(g domain.GradeLevel) string { return p.st.L.T("grade.level." + string(g)) }

// GradeStage names a grading stage.
func (p *page) GradeStage(g domain.GradeStage) string { return p.st.L.T("grade.stage." + string(g)) }

// GradeLevels lists the grades, best first, for the grade form.
func (p *page) GradeLevels() []domain.GradeLevel { return domain.GradeLevels }
