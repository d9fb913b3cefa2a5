package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// questionData is the questions section of a project's page: the public
// answers, the pending questions the reader may see (all of them for the
// bureau, their own for an asking organisation), and the forms the reader
// may use. No field names an asker.
type questionData struct {
	Answered []*domain.Question
	Pending  []*domain.Question
	// CanAnswer offers the bureau's staff the answer and clarification
	// forms; AskOrgs are the reader's organisations that may ask.
	CanAnswer bool
	AskOrgs   []*domain.Membership
	// Open says questions are still taken (before the bid deadline).
	Open bool
	// Form holds a failed ask or clarification; AnswerForm a failed
	// answer, with the question's id in "qid".
	Form, AnswerForm *form
	Asked            bool
}

// questionMessageIDs translate the question rules' messages.
var questionMessageIDs = map[string]string{
	"must be 5 to 2000 characters":                      "msg.question.length",
	"questions are closed: the bid deadline has passed": "msg.question.closed",
	"the question is already answered":                  "msg.question.answered",
	"question not found":                                "msg.question.not_found",
}

func init() {
	for msg, id := range questionMessageIDs {
		messageIDs[msg] = id
	}
}

// questionSection loads what the reader may see and do of p's questions;
// nil when the server has no question service or p is not public.
func (s *Server) questionSection(c *gin.Context, p *domain.Project) (*questionData, error) {
	if s.questions == nil || !p.Public() {
		return nil, nil
	}
	st, ctx := stateOf(c), c.Request.Context()
	qs, err := s.questions.FindQuestions(ctx, st.Actor, p.ID)
	if err != nil {
		return nil, err
	}
	d := &questionData{Form: newForm(nil), AnswerForm: newForm(nil), Open: domain.CanAsk(p, time.Now()) == nil,
		Asked: c.Query("asked") == "1"}
	for _, q := range qs {
		if q.Status == domain.QuestionAnswered {
			d.Answered = append(d.Answered, q)
		} else {
			d.Pending = append(d.Pending, q)
		}
	}
	if st.Actor.Membership(p.BureauID) != nil {
		bureau, err := s.orgs.FindOrganizationByID(ctx, p.BureauID)
		if err != nil {
			return nil, err
		}
		d.CanAnswer = domain.Can(st.Actor, domain.ActionQuestionAnswer, bureau) == nil
	}
	if d.Open && !st.Actor.Anonymous() {
		for _, m := range st.Actor.Memberships {
			if m.OrganizationKind == domain.KindBureau {
				continue
			}
			o, err := s.orgs.FindOrganizationByID(ctx, m.OrganizationID)
			if err == nil && domain.Can(st.Actor, domain.ActionQuestionAsk, o) == nil {
				d.AskOrgs = append(d.AskOrgs, m)
			}
		}
	}
	return d, nil
}

// askQuestion asks a question for the organisation chosen on the form,
// or, from the bureau's form (no organisation), publishes a
// clarification.
func (s *Server) askQuestion(c *gin.Context) {
	p, ok := s.questionProject(c)
	if !ok {
		return
	}
	st, f := stateOf(c), c.Request.PostForm
	text := f.Get("text")
	var err error
	if org := f.Get("organization_id"); org == "" {
		_, err = s.questions.PublishClarification(c.Request.Context(), st.Actor, p.ID, text)
	} else if id, perr := uuid.Parse(org); perr != nil {
		err = domain.Invalid("organization_id", "is required")
	} else {
		_, err = s.questions.AskQuestion(c.Request.Context(), st.Actor, p.ID, id, text)
	}
	s.questionDone(c, p, err, func(d *questionData) *form {
		d.Form = newForm(url.Values{"text": {text}, "organization_id": {f.Get("organization_id")}})
		return d.Form
	})
}

// answerQuestion publishes the bureau's answer to a pending question.
func (s *Server) answerQuestion(c *gin.Context) {
	p, ok := s.questionProject(c)
	if !ok {
		return
	}
	qid, err := uuid.Parse(c.Param("qid"))
	if err != nil {
		s.fail(c, domain.Errorf(domain.ENOTFOUND, "question not found"))
		return
	}
	answer := c.Request.PostForm.Get("answer")
	_, err = s.questions.AnswerQuestion(c.Request.Context(), stateOf(c).Actor, p.ID, qid, answer)
	s.questionDone(c, p, err, func(d *questionData) *form {
		d.AnswerForm = newForm(url.Values{"answer": {answer}, "qid": {qid.String()}})
		return d.AnswerForm
	})
}

// questionProject loads the project of a question form, answering 503
// itself when questions are not configured.
func (s *Server) questionProject(c *gin.Context) (*domain.Project, bool) {
	if s.questions == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "questions are not configured on this server"))
		return nil, false
	}
	return s.loadProject(c)
}

// questionDone sends the reader back to the project's questions, or shows
// the page again with the problem on the form that failed.
func (s *Server) questionDone(c *gin.Context, p *domain.Project, err error, keep func(*questionData) *form) {
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/projects/"+p.ID.String()+"?asked=1#questions")
		return
	}
	code := domain.ErrorCode(err)
	if formStatus[code] == 0 {
		s.fail(c, err)
		return
	}
	s.renderProject(c, formStatus[code], p, func(d *questionData) {
		f := keep(d)
		s.applyError(stateOf(c), f, []string{"text", "answer", "organization_id"}, domain.AsError(err))
	})
}
