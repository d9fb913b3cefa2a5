package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Actions of the evaluation, each decided by Can on the project's bureau.
const (
	// ActionEvaluationScore is declaring interests and scoring bids: the
	// bureau's evaluators only.
	ActionEvaluationScore Action = "evaluation.score"
	// ActionEvaluationManage is finalising the evaluation and following
	// its progress: the bureau's owners, admins and staff.
	ActionEvaluationManage Action = "evaluation.manage"
)

// evaluationAllowed decides the evaluation actions. Evaluators score and
// staff finalise, so that no one person both scores and closes the sheet.
func evaluationAllowed(a *Actor, action Action, org *Organization) bool {
	if org == nil || org.Kind != KindBureau {
		return false
	}
	switch action {
	case ActionEvaluationScore:
		return a.HasRole(org.ID, RoleEvaluator)
	case ActionEvaluationManage:
		return a.HasRole(org.ID, RoleOwner, RoleAdmin, RoleStaff)
	}
	return false
}

// Audit actions of the evaluation. Scores are not secret once the bids
// are opened, so each sheet is audited in full.
const (
	AuditEvaluationDeclared  = "evaluation.declared"
	AuditEvaluationScored    = "evaluation.scored"
	AuditEvaluationFinalized = "evaluation.finalized"
)

// DeclarationInput is what an evaluator declares about their interests
// in a project's bidders.
type DeclarationInput struct {
	Conflict bool   `json:"conflict"`
	Note     string `json:"note"`
}

// MaxDeclarationNote bounds a declaration's note, in characters.
const MaxDeclarationNote = 1000

// ScoreSheet is one evaluator's scores of one bid, replaceable until the
// evaluation is finalised.
type ScoreSheet struct {
	ProjectID   uuid.UUID       `json:"project_id"`
	BidID       uuid.UUID       `json:"bid_id"`
	EvaluatorID uuid.UUID       `json:"evaluator_id"`
	Scores      TechnicalScores `json:"scores"`
	SubmittedAt time.Time       `json:"submitted_at"`
}

// BidProgress is how many evaluators have scored a bid so far.
type BidProgress struct {
	BidID  uuid.UUID `json:"bid_id"`
	Sheets int       `json:"sheets"`
}

// Evaluation is a project's evaluation as the actor may see it: after
// finalising, the outcome (public); before, the progress (bureau only).
type Evaluation struct {
	ProjectID   uuid.UUID          `json:"project_id"`
	Finalized   bool               `json:"finalized"`
	FinalizedAt *time.Time         `json:"finalized_at,omitempty"`
	Outcome     *EvaluationOutcome `json:"outcome,omitempty"`
	Progress    []BidProgress      `json:"progress,omitempty"`
}

// EvaluationService runs the evaluation (评标) of an opened project.
type EvaluationService interface {
	// DeclareConflicts records an evaluator's declaration of interest on
	// an opened project (ActionEvaluationScore); once only, ECONFLICT after.
	DeclareConflicts(ctx context.Context, actor *Actor, projectID uuid.UUID, decl DeclarationInput) (*ConflictDeclaration, error)
	// SubmitScores stores an evaluator's sheet for one valid bid, replacing
	// their earlier sheet, while the project is opened. The evaluator must
	// pass CheckEvaluatorConflict and the scores CheckTechnicalScores.
	SubmitScores(ctx context.Context, actor *Actor, projectID, bidID uuid.UUID, scores TechnicalScores) (*ScoreSheet, error)
	// FinalizeEvaluation combines the sheets, ranks the valid bids and
	// moves the project to evaluated, or failed (流标) with too few valid
	// bids (ActionEvaluationManage). Every valid bid must be scored; a
	// second call is ECONFLICT.
	FinalizeEvaluation(ctx context.Context, actor *Actor, projectID uuid.UUID) (*Evaluation, error)
	// FindMyDeclaration returns the actor's own declaration of interest on
	// a project; ENOTFOUND before they declare.
	FindMyDeclaration(ctx context.Context, actor *Actor, projectID uuid.UUID) (*ConflictDeclaration, error)
	// FindEvaluation returns the outcome to anyone who may see the project
	// once finalised; before, the progress to the bureau only.
	FindEvaluation(ctx context.Context, actor *Actor, projectID uuid.UUID) (*Evaluation, error)
	// CopyProject re-tenders a failed project (重新招标): a new draft with
	// the same content, its title suffixed RetenderSuffix
	// (ActionProjectCreate on the bureau). Any other status is ECONFLICT.
	CopyProject(ctx context.Context, actor *Actor, projectID uuid.UUID) (*Project, error)
}

// RetenderSuffix marks the title of a failed project's re-tender.
const RetenderSuffix = "（重新招标）"

// RetenderTitle returns the re-tender's title: the original with
// RetenderSuffix, the original cut short so that the whole stays within
// maxRunes.
func RetenderTitle(title string, maxRunes int) string {
	r := []rune(title)
	room := maxRunes - len([]rune(RetenderSuffix))
	if len(r) > room {
		r = r[:room]
	}
	return string(r) + RetenderSuffix
}
