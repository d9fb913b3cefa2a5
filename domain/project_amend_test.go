package domain_test

import (
	"testing"
	"time"

	"hutong/domain"
)

// amendedProject is an open tender published with its deadline and
// opening at 2025-10-09 09:00 Beijing time.
func amendedProject() *domain.Project {
	deadline := at(2025, 10, 9, 9)
	return &domain.Project{Method: domain.MethodOpenTender, Status: domain.StatusPublished, BudgetFen: 1000,
		Description: "原说明", Targets: []domain.Target{{Indicator: "受益人次", Unit: "人次", Target: 100, Kind: domain.TargetPersonTimes}},
		Timeline: domain.Timeline{BidDeadline: &deadline, OpeningAt: &deadline}}
}

func TestPlanAmendment(t *testing.T) {
	t.Parallel()
	cal := domain.NewCalendar(officialDays())
	rules := domain.DefaultTenderRules()
	p := amendedProject()
	deadline := *p.Timeline.BidDeadline
	a := domain.ProjectAmendment{}
	base := a.Input(p)
	moreTargets := base
	moreTargets.Targets = []domain.Target{{Indicator: "受益人次", Unit: "人次", Target: 200, Kind: domain.TargetPersonTimes}}
	reworded := base
	reworded.Description = "新说明"
	tests := []struct {
		name         string
		in           domain.ProjectInput
		now          time.Time
		substantive  bool
		wantDeadline time.Time
	}{
		// 9/20 + 20 days is 10 October, a working day after National Day.
		{"SubstantiveExtended", moreTargets, at(2025, 9, 20, 10), true, at(2025, 10, 10, 9)},
		// 9/14 + 20 days falls in the holiday and runs on to 9 October: enough.
		{"SubstantiveAlreadyLongEnough", moreTargets, at(2025, 9, 14, 10), true, deadline},
		{"WordingNotExtended", reworded, at(2025, 10, 4, 10), false, deadline},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			plan, err := rules.PlanAmendment(cal, p, tt.in, deadline, deadline, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if plan.Substantive != tt.substantive || !plan.BidDeadline.Equal(tt.wantDeadline) ||
				!plan.OpeningAt.Equal(tt.wantDeadline) || plan.Extended != !tt.wantDeadline.Equal(deadline) {
				t.Errorf("plan = %+v", plan)
			}
		})
	}
	t.Run("ErrBudgetLowered", func(t *testing.T) {
		t.Parallel()
		low := base
		low.BudgetFen = 999
		_, err := rules.PlanAmendment(cal, p, low, deadline, deadline, at(2025, 9, 20, 10))
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("ErrDeadlineBroughtForward", func(t *testing.T) {
		t.Parallel()
		early := deadline.Add(-time.Hour)
		_, err := rules.PlanAmendment(cal, p, base, early, deadline, at(2025, 9, 20, 10))
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("err = %v", err)
		}
	})
}
