package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// contractsReady reads the id in the path once the contract service is
// configured, answering failures itself.
func (s *Server) contractsReady(c *gin.Context) (uuid.UUID, bool) {
	return s.configuredID(c, s.contracts != nil, "contracts are not configured on this server")
}

// getContract answers a contract; its terms are public.
func (s *Server) getContract(c *gin.Context) {
	id, ok := s.contractsReady(c)
	if !ok {
		return
	}
	out, err := s.contracts.FindContractByID(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// listContracts answers one organisation's or one bureau's contracts.
func (s *Server) listContracts(c *gin.Context) {
	if _, ok := s.contractsReady(c); !ok {
		return
	}
	if err := onlyQuery(c, "organization_id", "bureau_id"); err != nil {
		s.fail(c, err)
		return
	}
	var f domain.ContractFilter
	var err error
	if f.OrganizationID, err = optionalID("organization_id", c.Query("organization_id")); err != nil {
		s.fail(c, err)
		return
	}
	if f.BureauID, err = optionalID("bureau_id", c.Query("bureau_id")); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.contracts.FindContracts(c.Request.Context(), actor(c), f)
	s.respond(c, http.StatusOK, gin.H{"items": out}, err)
}

// onlyQuery rejects query parameters other than the names given, so that
// a mistyped filter is an error rather than silently ignored.
func onlyQuery(c *gin.Context, names ...string) error {
	for k := range c.Request.URL.Query() {
		known := false
		for _, n := range names {
			known = known || k == n
		}
		if !known {
			return domain.Invalid(k, "is not a parameter of this list")
		}
	}
	return nil
}

// reportBody is an outcome report as a client sends it, its dates as
// strings so that a bad one is 422 naming its field.
type reportBody struct {
	PeriodStart   string               `json:"period_start"`
	PeriodEnd     string               `json:"period_end"`
	Actuals       []domain.Actual      `json:"actuals"`
	Beneficiaries domain.Beneficiaries `json:"beneficiaries"`
	Narrative     string               `json:"narrative"`
	Evidence      []domain.Evidence    `json:"evidence"`
}

func (b *reportBody) input() (domain.ReportInput, error) {
	var v domain.Validation
	in := domain.ReportInput{PeriodStart: parseDate(&v, "period_start", b.PeriodStart),
		PeriodEnd: parseDate(&v, "period_end", b.PeriodEnd), Actuals: b.Actuals, Beneficiaries: b.Beneficiaries,
		Narrative: b.Narrative, Evidence: b.Evidence}
	return in, v.Err()
}

// submitReport submits an outcome report for the contract's next
// milestone.
func (s *Server) submitReport(c *gin.Context) {
	id, ok := s.contractsReady(c)
	if !ok {
		return
	}
	var body reportBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	in, err := body.input()
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.contracts.SubmitReport(c.Request.Context(), actor(c), id, in)
	s.respond(c, http.StatusCreated, out, err)
}

// listReports answers a contract's reports: in full to its parties, the
// accepted figures to everyone else.
func (s *Server) listReports(c *gin.Context) {
	id, ok := s.contractsReady(c)
	if !ok {
		return
	}
	out, err := s.contracts.FindReports(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, gin.H{"items": out}, err)
}

// getReport answers one report under the same rule.
func (s *Server) getReport(c *gin.Context) {
	id, ok := s.contractsReady(c)
	if !ok {
		return
	}
	out, err := s.contracts.FindReportByID(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// reviewReport accepts a report, releasing its milestone, or returns it.
func (s *Server) reviewReport(c *gin.Context) {
	id, ok := s.contractsReady(c)
	if !ok {
		return
	}
	var body domain.ReportReview
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.contracts.ReviewReport(c.Request.Context(), actor(c), id, body)
	s.respond(c, http.StatusOK, out, err)
}

// gradeContract records a mid-term or final grade.
func (s *Server) gradeContract(c *gin.Context) {
	id, ok := s.contractsReady(c)
	if !ok {
		return
	}
	var body domain.GradeInput
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.contracts.GradeContract(c.Request.Context(), actor(c), id, body)
	s.respond(c, http.StatusCreated, out, err)
}
