package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// questionRequest asks a question for an organisation, or, without
// organization_id from the bureau, publishes a clarification.
type questionRequest struct {
	OrganizationID string `json:"organization_id"`
	Text           string `json:"text"`
}

// answerRequest answers a pending question.
type answerRequest struct {
	Answer string `json:"answer"`
}

// questionJSON is a question as the API shows it. It has no field for the
// asker, so no response can carry one; mine tells the asking
// organisation's members that the question is theirs.
type questionJSON struct {
	ID            uuid.UUID  `json:"id"`
	ProjectID     uuid.UUID  `json:"project_id"`
	Text          string     `json:"text"`
	Answer        string     `json:"answer"`
	Status        string     `json:"status"`
	Clarification bool       `json:"clarification"`
	Mine          bool       `json:"mine"`
	AskedAt       time.Time  `json:"asked_at"`
	AnsweredAt    *time.Time `json:"answered_at"`
}

func questionView(q *domain.Question) questionJSON {
	return questionJSON{ID: q.ID, ProjectID: q.ProjectID, Text: q.Text, Answer: q.Answer,
		Status: string(q.Status), Clarification: q.Clarification, Mine: q.Mine,
		AskedAt: q.AskedAt, AnsweredAt: q.AnsweredAt}
}

// questionsReady answers 503 itself when the server has no question
// service.
func (s *Server) questionsReady(c *gin.Context) bool {
	if s.questions == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "questions are not configured on this server"))
		return false
	}
	return true
}

// listQuestions lists what the caller may read of a project's questions:
// answered ones for everyone, pending ones for the bureau and the askers.
func (s *Server) listQuestions(c *gin.Context) {
	if !s.questionsReady(c) {
		return
	}
	id, err := pathID(c, "id")
	var qs []*domain.Question
	if err == nil {
		qs, err = s.questions.FindQuestions(c.Request.Context(), actor(c), id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	items := make([]questionJSON, len(qs))
	for i, q := range qs {
		items[i] = questionView(q)
	}
	c.JSON(http.StatusOK, newList(items, ""))
}

// askQuestion asks a question for the organisation named in the body; with
// no organisation, the caller speaks for the project's bureau and
// publishes a clarification.
func (s *Server) askQuestion(c *gin.Context) {
	if !s.questionsReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var body questionRequest
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	a, ctx := actor(c), c.Request.Context()
	var q *domain.Question
	if body.OrganizationID == "" {
		q, err = s.questions.PublishClarification(ctx, a, id, body.Text)
	} else {
		var org uuid.UUID
		if org, err = uuid.Parse(body.OrganizationID); err != nil {
			err = domain.Invalid("organization_id", "must be a uuid")
		} else {
			q, err = s.questions.AskQuestion(ctx, a, id, org, body.Text)
		}
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, questionView(q))
}

// answerQuestion publishes the bureau's answer to a pending question.
func (s *Server) answerQuestion(c *gin.Context) {
	if !s.questionsReady(c) {
		return
	}
	id, err := pathID(c, "id")
	var qid uuid.UUID
	if err == nil {
		qid, err = pathID(c, "qid")
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	var body answerRequest
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	q, err := s.questions.AnswerQuestion(c.Request.Context(), actor(c), id, qid, body.Answer)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, questionView(q))
}
