package postgres_test

import (
	"context"
	"strings"
	"testing"

	"hutong/domain"
)

// newContractEnv is awardEnv with the award final and its contract.
func newContractEnv(tb testing.TB) (*awardEnv, *domain.Contract) {
	tb.Helper()
	e := newAwardEnv(tb)
	ctx := context.Background()
	a := e.award(tb)
	e.clock.Advance(a.ComplaintDeadline.Sub(e.clock.Now()))
	_, err := e.awards.FinalizeAward(ctx, e.project.ID)
	must(tb, err)
	a, err = e.awards.FindAward(ctx, nil, e.project.ID)
	must(tb, err)
	c, err := e.contracts.FindContractByID(ctx, nil, *a.ContractID)
	must(tb, err)
	return e, c
}

func reportInput(start, end domain.Date) domain.ReportInput {
	return domain.ReportInput{
		PeriodStart: start, PeriodEnd: end,
		Actuals:       []domain.Actual{{Indicator: "满意度", Actual: 96.5}, {Indicator: "受益人次", Actual: 2140}},
		Beneficiaries: domain.Beneficiaries{Persons: 312, PersonTimes: 2140},
		Narrative:     "本期开展个案管理与入户走访,完成困境儿童需求评估,组织小组活动十二场。",
		Evidence:      []domain.Evidence{{Title: "活动签到表", Description: "12 场活动签到表扫描件"}},
	}
}

func TestOutcomeReports(t *testing.T) {
	t.Parallel()
	e, c := newContractEnv(t)
	ctx := context.Background()
	first := reportInput(domain.NewDate(2026, 3, 1), domain.NewDate(2026, 6, 30))
	t.Run("ErrOtherOrgMayNotReport", func(t *testing.T) {
		_, err := e.contracts.SubmitReport(ctx, e.ownerOf(t, e.bidderOrgs[1]), c.ID, first)
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("ErrBadFigures", func(t *testing.T) {
		for name, change := range map[string]func(*domain.ReportInput){
			"actuals":               func(in *domain.ReportInput) { in.Actuals = in.Actuals[:1] },
			"beneficiaries.persons": func(in *domain.ReportInput) { in.Beneficiaries.Persons = 3000 },
			"period_start":          func(in *domain.ReportInput) { in.PeriodStart = domain.NewDate(2026, 1, 1) },
			"narrative":             func(in *domain.ReportInput) { in.Narrative = "完成" },
		} {
			in := reportInput(first.PeriodStart, first.PeriodEnd)
			change(&in)
			_, err := e.contracts.SubmitReport(ctx, e.bidStaff, c.ID, in)
			wantField(t, err, domain.EINVALID, name)
		}
	})
	r1, err := e.contracts.SubmitReport(ctx, e.bidStaff, c.ID, first)
	must(t, err)
	t.Run("OKInServiceAfterFirstReport", func(t *testing.T) {
		if r1.MilestoneIndex != 0 || r1.Version != 1 || r1.Status != domain.ReportSubmitted || e.status(t) != domain.StatusInService {
			t.Errorf("report = %+v, project %s", r1, e.status(t))
		}
	})
	t.Run("ErrSecondWhilePending", func(t *testing.T) {
		_, err := e.contracts.SubmitReport(ctx, e.bidStaff, c.ID, first)
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("ErrOrgMayNotReview", func(t *testing.T) {
		_, err := e.contracts.ReviewReport(ctx, e.bidStaff, r1.ID, domain.ReportReview{Accept: true})
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("ErrStrangerCannotSeePending", func(t *testing.T) {
		_, err := e.contracts.FindReportByID(ctx, e.stranger, r1.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = e.contracts.ReviewReport(ctx, e.stranger, r1.ID, domain.ReportReview{Accept: true})
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("ErrReturnWithoutComment", func(t *testing.T) {
		_, err := e.contracts.ReviewReport(ctx, e.staff, r1.ID, domain.ReportReview{})
		wantField(t, err, domain.EINVALID, "comment")
	})
	_, err = e.contracts.ReviewReport(ctx, e.staff, r1.ID, domain.ReportReview{Comment: "请补充人数统计口径说明。"})
	must(t, err)
	r2, err := e.contracts.SubmitReport(ctx, e.bidStaff, c.ID, first)
	must(t, err)
	t.Run("OKResubmittedAsVersionTwo", func(t *testing.T) {
		if r2.Version != 2 || r2.MilestoneIndex != 0 {
			t.Errorf("report = %+v", r2)
		}
	})
	_, err = e.contracts.ReviewReport(ctx, e.staff, r2.ID, domain.ReportReview{Accept: true})
	must(t, err)
	t.Run("OKAcceptedReleasesMilestone", func(t *testing.T) {
		got, err := e.contracts.FindContractByID(ctx, nil, c.ID)
		must(t, err)
		m := got.Milestones[0]
		if m.Status != domain.MilestoneReleased || m.ReportID == nil || *m.ReportID != r2.ID || got.Milestones[1].Status != domain.MilestonePending {
			t.Errorf("milestones = %+v", got.Milestones)
		}
		if n := e.audits(t, domain.AuditMilestoneReleased, c.ID.String()); n != 1 {
			t.Errorf("release audits = %d", n)
		}
	})
	t.Run("OKPublicSeesAcceptedFiguresOnly", func(t *testing.T) {
		public, err := e.contracts.FindReports(ctx, nil, c.ID)
		must(t, err)
		party, err := e.contracts.FindReports(ctx, e.staff, c.ID)
		must(t, err)
		if len(public) != 1 || public[0].Narrative != "" || public[0].Evidence != nil || public[0].Beneficiaries.Persons != 312 || len(party) != 2 {
			t.Errorf("public %+v, party %d", public, len(party))
		}
	})
	t.Run("OKLastMilestoneCompletes", func(t *testing.T) {
		r3, err := e.contracts.SubmitReport(ctx, e.bidStaff, c.ID, reportInput(domain.NewDate(2026, 7, 1), domain.NewDate(2026, 12, 31)))
		must(t, err)
		_, err = e.contracts.ReviewReport(ctx, e.staff, r3.ID, domain.ReportReview{Accept: true, Comment: "完成全部绩效目标。"})
		must(t, err)
		got, err := e.contracts.FindContractByID(ctx, nil, c.ID)
		must(t, err)
		if got.Status != domain.ContractCompleted || e.status(t) != domain.StatusCompleted {
			t.Errorf("contract %s, project %s", got.Status, e.status(t))
		}
		_, err = e.contracts.SubmitReport(ctx, e.bidStaff, c.ID, first)
		wantCode(t, err, domain.ECONFLICT)
	})
}

func TestGrades(t *testing.T) {
	t.Parallel()
	e, c := newContractEnv(t)
	ctx := context.Background()
	t.Run("ErrFailNeedsComment", func(t *testing.T) {
		_, err := e.contracts.GradeContract(ctx, e.staff, c.ID, domain.GradeInput{Stage: domain.StageMidTerm, Grade: domain.GradeFail})
		wantField(t, err, domain.EINVALID, "comment")
	})
	t.Run("ErrBadStage", func(t *testing.T) {
		_, err := e.contracts.GradeContract(ctx, e.staff, c.ID, domain.GradeInput{Stage: "annual", Grade: domain.GradeGood})
		wantField(t, err, domain.EINVALID, "stage")
	})
	t.Run("ErrOrgMayNotGradeItself", func(t *testing.T) {
		_, err := e.contracts.GradeContract(ctx, e.bidStaff, c.ID, domain.GradeInput{Stage: domain.StageMidTerm, Grade: domain.GradeExcellent})
		wantCode(t, err, domain.EFORBIDDEN)
	})
	_, err := e.contracts.GradeContract(ctx, e.staff, c.ID,
		domain.GradeInput{Stage: domain.StageMidTerm, Grade: domain.GradeFail, Comment: "服务人次不足目标的三成,档案缺失。"})
	must(t, err)
	t.Run("ErrGradedTwice", func(t *testing.T) {
		_, err := e.contracts.GradeContract(ctx, e.staff, c.ID, domain.GradeInput{Stage: domain.StageMidTerm, Grade: domain.GradePass})
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("ErrFailedGradeExcludesBidder", func(t *testing.T) {
		p := e.publish(t, e.create(t, func(in *domain.ProjectInput) { in.Eligibility.ExcludeFailedGrade = true }), e.clock.Now().AddDate(0, 1, 0))
		_, err := e.bids.SubmitBid(ctx, e.bidStaff, p.ID, bidFor(e.bidder.ID, 40_000_000))
		de := wantCode(t, err, domain.EFORBIDDEN)
		if de != nil && !strings.Contains(de.Message, "exclude_failed_grade") {
			t.Errorf("message = %q", de.Message)
		}
		other := e.publish(t, e.create(t, nil), e.clock.Now().AddDate(0, 1, 0))
		_, err = e.bids.SubmitBid(ctx, e.bidStaff, other.ID, bidFor(e.bidder.ID, 40_000_000))
		must(t, err)
	})
}
