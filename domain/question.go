package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Question text bounds, in runes: long enough for a real question, short
// enough to read on a phone.
const (
	QuestionMinRunes = 5
	QuestionMaxRunes = 2000
)

// Actions on questions. Ask is decided on the asking organisation, answer
// on the project's bureau.
const (
	ActionQuestionAsk    Action = "question.ask"
	ActionQuestionAnswer Action = "question.answer"
)

// Audit actions of questions. question.asked records ids only: the text
// is kept out of the log so that nothing there ties a question to its
// asker in public.
const (
	AuditQuestionAsked     = "question.asked"
	AuditQuestionAnswered  = "question.answered"
	AuditClarificationMade = "question.clarified"
)

// Notification kinds of questions: the bureau's staff learn of a new
// question, the asking organisation's members of its answer.
const (
	NotifyQuestionAsked    = "question_asked"
	NotifyQuestionAnswered = "question_answered"
)

// QuestionStatus is whether a question has been answered.
type QuestionStatus string

// Question statuses.
const (
	QuestionPending  QuestionStatus = "pending"
	QuestionAnswered QuestionStatus = "answered"
)

// Question is a bidder's question (答疑) about a published project, or a
// clarification (澄清) the bureau published without one. It deliberately
// carries no asker: the asking organisation and user stay in the database
// and never reach a response, page or search document. Mine tells the
// reader that their own organisation asked it.
type Question struct {
	ID            uuid.UUID      `json:"id"`
	ProjectID     uuid.UUID      `json:"project_id"`
	Text          string         `json:"text"`
	Answer        string         `json:"answer"`
	Status        QuestionStatus `json:"status"`
	Clarification bool           `json:"clarification"`
	Mine          bool           `json:"mine"`
	AskedAt       time.Time      `json:"asked_at"`
	AnsweredAt    *time.Time     `json:"answered_at"`
}

// NormalizeQuestionText trims a question, answer or clarification and
// checks its length; field names the input for the error.
func NormalizeQuestionText(field, text string) (string, error) {
	text = trimSpace(text)
	n := len([]rune(text))
	if n < QuestionMinRunes || n > QuestionMaxRunes {
		return "", Invalid(field, "must be 5 to 2000 characters")
	}
	return text, nil
}

// CanAsk checks that questions about p are open at now: a published
// project before its bid deadline. Anything else is ECONFLICT.
func CanAsk(p *Project, now time.Time) error {
	if p.Status != StatusPublished || p.Timeline.BidDeadline == nil || !now.Before(*p.Timeline.BidDeadline) {
		return Errorf(ECONFLICT, "questions are closed: the bid deadline has passed")
	}
	return nil
}

// questionAllowed decides the question actions: the owners, admins and
// staff of a verified organisation ask (a bureau asks nobody: it answers);
// a verified bureau's owners, admins and staff answer about its projects.
func questionAllowed(a *Actor, action Action, org *Organization) bool {
	if org == nil || !org.Verified() || !a.HasRole(org.ID, RoleOwner, RoleAdmin, RoleStaff) {
		return false
	}
	switch action {
	case ActionQuestionAsk:
		return org.Kind != KindBureau
	case ActionQuestionAnswer:
		return org.Kind == KindBureau
	}
	return false
}

// QuestionService keeps a project's questions and clarifications.
type QuestionService interface {
	// AskQuestion asks about a public project on behalf of orgID
	// (ActionQuestionAsk); after the bid deadline it is ECONFLICT.
	AskQuestion(ctx context.Context, actor *Actor, projectID, orgID uuid.UUID, text string) (*Question, error)
	// AnswerQuestion answers a pending question publicly
	// (ActionQuestionAnswer on the project's bureau); an answered one is
	// ECONFLICT, another project's question ENOTFOUND.
	AnswerQuestion(ctx context.Context, actor *Actor, projectID, questionID uuid.UUID, answer string) (*Question, error)
	// PublishClarification publishes a clarification without a question
	// while bidding is open (ActionQuestionAnswer).
	PublishClarification(ctx context.Context, actor *Actor, projectID uuid.UUID, text string) (*Question, error)
	// FindQuestions lists a visible project's questions, oldest first:
	// answered ones to everyone, pending ones to the bureau's members and
	// to the organisations that asked them.
	FindQuestions(ctx context.Context, actor *Actor, projectID uuid.UUID) ([]*Question, error)
}
