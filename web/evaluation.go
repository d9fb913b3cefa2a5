package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"hutong/domain"
)

// evaluationData is what the bureau's evaluation page shows: the
// declaration and score sheets to evaluators, progress to staff.
type evaluationData struct {
	Project *domain.Project
	Opening []*domain.OpenedBid
	// Names are the bidders' names by bid id, for the progress list.
	Names     map[string]string
	CanScore  bool
	CanManage bool
	// Declaration is the reader's own declaration of interest, once made.
	Declaration *domain.ConflictDeclaration
	Evaluation  *domain.Evaluation
	// Problems are the fields of a refused score sheet, e.g. scores.plan.
	Problems []string
	Values   map[string]string
	Notice   string
}

// msgPoints is the message of a score that is not a number with at most
// two decimals.
const msgPoints = "must be a number with at most two decimals"

func init() { messageIDs[msgPoints] = "msg.evaluation.points" }

// evaluationsReady answers 503 itself when the server has no evaluation
// or bid service.
func (s *Server) evaluationsReady(c *gin.Context) bool {
	if s.evaluations == nil || s.bids == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return false
	}
	return true
}

// evaluationProject loads the project and the reader's rights on its
// bureau; a reader with neither right gets the 403 page.
func (s *Server) evaluationProject(c *gin.Context) (*evaluationData, bool) {
	if !s.evaluationsReady(c) {
		return nil, false
	}
	st := stateOf(c)
	if st.Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return nil, false
	}
	p, ok := s.loadProject(c)
	if !ok {
		return nil, false
	}
	bureau, err := s.orgs.FindOrganizationByID(c.Request.Context(), p.BureauID)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	d := &evaluationData{Project: p, Values: map[string]string{}}
	d.CanScore = domain.Can(st.Actor, domain.ActionEvaluationScore, bureau) == nil
	d.CanManage = domain.Can(st.Actor, domain.ActionEvaluationManage, bureau) == nil
	if !d.CanScore && !d.CanManage {
		s.ruleError(c, domain.Errorf(domain.EFORBIDDEN, "rule evaluation_bureau: only the bureau's evaluators and staff may evaluate"))
		return nil, false
	}
	if d.Opening, err = s.bids.FindOpening(c.Request.Context(), st.Actor, p.ID); err != nil {
		s.fail(c, err)
		return nil, false
	}
	d.Names = map[string]string{}
	for _, b := range d.Opening {
		d.Names[b.BidID.String()] = b.OrganizationName
	}
	if d.CanScore {
		d.Declaration, err = s.evaluations.FindMyDeclaration(c.Request.Context(), st.Actor, p.ID)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			s.fail(c, err)
			return nil, false
		}
	}
	if d.CanManage {
		if d.Evaluation, err = s.evaluations.FindEvaluation(c.Request.Context(), st.Actor, p.ID); err != nil {
			s.fail(c, err)
			return nil, false
		}
	}
	return d, true
}

// evaluationPage shows the evaluation page.
func (s *Server) evaluationPage(c *gin.Context) {
	d, ok := s.evaluationProject(c)
	if !ok {
		return
	}
	d.Notice = c.Query("done")
	s.renderEvaluation(c, http.StatusOK, d)
}

func (s *Server) renderEvaluation(c *gin.Context, status int, d *evaluationData) {
	s.render(c, status, "evaluation", stateOf(c).L.T("evaluation.title"), d)
}

// declareConflicts records the evaluator's declaration of interest.
func (s *Server) declareConflicts(c *gin.Context) {
	d, ok := s.evaluationProject(c)
	if !ok {
		return
	}
	pf := c.Request.PostForm
	in := domain.DeclarationInput{Conflict: pf.Get("conflict") == "1", Note: pf.Get("note")}
	if _, err := s.evaluations.DeclareConflicts(c.Request.Context(), stateOf(c).Actor, d.Project.ID, in); err != nil {
		s.evaluationError(c, d, err)
		return
	}
	c.Redirect(http.StatusSeeOther, evaluationPath(d.Project)+"?done=declared")
}

// submitScores stores the evaluator's score sheet for one bid.
func (s *Server) submitScores(c *gin.Context) {
	d, ok := s.evaluationProject(c)
	if !ok {
		return
	}
	pf := c.Request.PostForm
	bidID, err := domain.ParseID(pf.Get("bid_id"))
	if err != nil {
		s.fail(c, domain.Errorf(domain.EMALFORMED, "bad bid id"))
		return
	}
	scores, err := scoreInput(d.Project.Criteria.Technical, pf.Get)
	if err == nil {
		_, err = s.evaluations.SubmitScores(c.Request.Context(), stateOf(c).Actor, d.Project.ID, bidID, scores)
	}
	if err != nil {
		for _, it := range d.Project.Criteria.Technical {
			d.Values[bidID.String()+"."+it.Key] = pf.Get("score_" + it.Key)
		}
		s.evaluationError(c, d, err)
		return
	}
	c.Redirect(http.StatusSeeOther, evaluationPath(d.Project)+"?done=scored")
}

// finalizeEvaluation closes the evaluation and shows the outcome on the
// public page.
func (s *Server) finalizeEvaluation(c *gin.Context) {
	d, ok := s.evaluationProject(c)
	if !ok {
		return
	}
	if _, err := s.evaluations.FinalizeEvaluation(c.Request.Context(), stateOf(c).Actor, d.Project.ID); err != nil {
		s.evaluationError(c, d, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/projects/"+d.Project.ID.String()+"#evaluation")
}

// retender copies a failed project into a new draft (重新招标).
func (s *Server) retender(c *gin.Context) {
	if !s.evaluationsReady(c) {
		return
	}
	p, ok := s.loadProject(c)
	if !ok {
		return
	}
	np, err := s.evaluations.CopyProject(c.Request.Context(), stateOf(c).Actor, p.ID)
	if err != nil {
		s.evaluationError(c, &evaluationData{Project: p}, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/bureau/projects/"+np.ID.String()+"/edit")
}

// evaluationError maps a refused evaluation step: invalid scores re-render
// the page naming the fields (422), broken rules get the rule's page.
func (s *Server) evaluationError(c *gin.Context, d *evaluationData, err error) {
	switch domain.ErrorCode(err) {
	case domain.EINVALID:
		if e := domain.AsError(err); e != nil && d.Opening != nil {
			for _, fe := range e.Fields {
				msg, _ := knownMessage(stateOf(c).L, fe.Message)
				d.Problems = append(d.Problems, fe.Field+stateOf(c).L.T("msg.colon")+msg)
			}
			s.renderEvaluation(c, http.StatusUnprocessableEntity, d)
			return
		}
		s.fail(c, err)
	case domain.EFORBIDDEN, domain.ECONFLICT:
		s.ruleError(c, err)
	default:
		s.fail(c, err)
	}
}

// evaluationPath is the bureau's evaluation page of p.
func evaluationPath(p *domain.Project) string {
	return "/bureau/projects/" + p.ID.String() + "/evaluation"
}

// scoreInput reads one number per technical item, exactly into
// hundredths; a malformed number is EINVALID on scores.<key>.
func scoreInput(items []domain.TechnicalItem, get func(string) string) (domain.TechnicalScores, error) {
	var v domain.Validation
	out := domain.TechnicalScores{}
	for _, it := range items {
		p, ok := parsePoints(get("score_" + it.Key))
		v.Check(ok, "scores."+it.Key, msgPoints)
		out[it.Key] = p
	}
	return out, v.Err()
}

// parsePoints reads "12", "12.5" or "12.34" into hundredths without
// floats; signs, exponents and a third decimal are refused.
func parsePoints(s string) (domain.Points, bool) {
	s = strings.TrimSpace(s)
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || len(whole) > 6 || len(frac) > 2 || hasDot && frac == "" {
		return 0, false
	}
	var n int64
	for _, r := range whole + frac + strings.Repeat("0", 2-len(frac)) {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int64(r-'0')
	}
	return domain.Points(n), true
}

// evaluationSectionData is the evaluation part of a project's page: the
// outcome once finalised, with the bidders' names from the opening record.
type evaluationSectionData struct {
	Outcome *domain.EvaluationOutcome
	Names   map[string]string
	// Link offers the bureau the evaluation page; Retender the 重新招标
	// button of a failed project.
	Link, Retender bool
}

// evaluationSection builds the evaluation part of p's page; nil hides it.
func (s *Server) evaluationSection(c *gin.Context, p *domain.Project, opening []*domain.OpenedBid) (*evaluationSectionData, error) {
	if s.evaluations == nil {
		return nil, nil
	}
	st := stateOf(c)
	d := &evaluationSectionData{Names: map[string]string{}}
	for _, b := range opening {
		d.Names[b.BidID.String()] = b.OrganizationName
	}
	bureauMember := st.Actor.Membership(p.BureauID) != nil
	switch p.Status {
	case domain.StatusOpened:
		d.Link = bureauMember
	case domain.StatusDraft, domain.StatusPublished, domain.StatusBiddingClosed, domain.StatusCancelled:
		return nil, nil
	default:
		ev, err := s.evaluations.FindEvaluation(c.Request.Context(), st.Actor, p.ID)
		if err != nil || ev.Outcome == nil {
			return nil, nil //nolint:nilerr // a project failed some other way has no outcome to show
		}
		d.Outcome = ev.Outcome
		if ev.Outcome.Failed() && bureauMember {
			bureau, err := s.orgs.FindOrganizationByID(c.Request.Context(), p.BureauID)
			if err != nil {
				return nil, err
			}
			d.Retender = domain.Can(st.Actor, domain.ActionProjectCreate, bureau) == nil
		}
	}
	if !d.Link && d.Outcome == nil {
		return nil, nil
	}
	return d, nil
}
