package domain

import (
	"time"

	"github.com/google/uuid"
)

// GradeStage is when a contract is graded.
type GradeStage string

// Grade stages: the mid-term and final evaluations (中期评估, 末期评估).
const (
	StageMidTerm GradeStage = "mid_term"
	StageFinal   GradeStage = "final"
)

// GradeLevel is the performance evaluation's grade.
type GradeLevel string

// Grade levels (优秀/良好/合格/不合格).
const (
	GradeExcellent GradeLevel = "excellent"
	GradeGood      GradeLevel = "good"
	GradePass      GradeLevel = "pass"
	GradeFail      GradeLevel = "fail"
)

// GradeLevels lists the levels, best first.
var GradeLevels = []GradeLevel{GradeExcellent, GradeGood, GradePass, GradeFail}

// FailedGradeLookback is how far back a 不合格 grade bars an organisation
// from projects that exclude failed grades.
const FailedGradeLookback = 365 * 24 * time.Hour

// Grade is a recorded evaluation grade of a contract. Grades are public:
// they are how the next bureau judges an organisation.
type Grade struct {
	ContractID uuid.UUID  `json:"contract_id"`
	Stage      GradeStage `json:"stage"`
	Grade      GradeLevel `json:"grade"`
	Comment    string     `json:"comment"`
	GradedAt   time.Time  `json:"graded_at"`
}

// GradeInput is the bureau's grade.
type GradeInput struct {
	Stage   GradeStage `json:"stage"`
	Grade   GradeLevel `json:"grade"`
	Comment string     `json:"comment"`
}

// Normalize checks the stage, level and comment, naming each bad field.
func (in *GradeInput) Normalize() error {
	var v Validation
	v.Check(in.Stage == StageMidTerm || in.Stage == StageFinal, "stage", "must be mid_term or final")
	v.Check(contains([]string{"excellent", "good", "pass", "fail"}, string(in.Grade)), "grade", "must be excellent, good, pass or fail")
	in.Comment = trimSpace(in.Comment)
	v.Check(len([]rune(in.Comment)) <= 5000, "comment", "must be at most 5000 characters")
	v.Check(in.Grade != GradeFail || len([]rune(in.Comment)) >= 5, "comment", "a 不合格 grade needs a comment")
	return v.Err()
}

// CheckFailedGrades applies a project's ExcludeFailedGrade rule: failed
// names the bidder or consortium members graded 不合格 within
// FailedGradeLookback. It returns nil or EFORBIDDEN naming the rule.
func CheckFailedGrades(p *Project, failed []string) error {
	if !p.Eligibility.ExcludeFailedGrade || len(failed) == 0 {
		return nil
	}
	return Errorf(EFORBIDDEN, "rule exclude_failed_grade: %s was graded 不合格 within the last year", failed[0])
}
