package domain_test

import (
	"testing"
	"time"

	"hutong/domain"
)

func TestPeriodRuleEarliestEnd(t *testing.T) {
	t.Parallel()
	cal := domain.NewCalendar(officialDays())
	rules := domain.DefaultTenderRules()
	open, _ := rules.Period(domain.PeriodOpenTenderBidding)
	consult, _ := rules.Period(domain.PeriodCompetitiveConsultationBidding)
	complaint, _ := rules.Period(domain.PeriodComplaintWindow)
	tests := []struct {
		name string
		rule domain.PeriodRule
		from time.Time
		want domain.Date
	}{
		{"OpenTenderOrdinary", open, at(2025, 9, 10, 10), domain.NewDate(2025, 9, 30)},
		// 9/12 + 20 days is 2 October, a holiday: the period runs on to 9 October.
		{"OpenTenderEndsInNationalDay", open, at(2025, 9, 12, 10), domain.NewDate(2025, 10, 9)},
		// 2/5 + 10 days is 15 February, 春节: it runs on to 24 February.
		{"ConsultationEndsInSpringFestival", consult, at(2026, 2, 5, 10), domain.NewDate(2026, 2, 24)},
		// 9/28 (Sunday, worked), 9/29, 9/30, 10/9, 10/10, 10/11 (Saturday, worked), 10/13.
		{"ComplaintWindowAcrossNationalDay", complaint, at(2025, 9, 26, 16), domain.NewDate(2025, 10, 13)},
		// 2/14 (Saturday, worked), 2/24, 2/25, 2/26, 2/27, 2/28 (Saturday, worked), 3/2.
		{"ComplaintWindowAcrossSpringFestival", complaint, at(2026, 2, 13, 16), domain.NewDate(2026, 3, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.rule.EarliestEnd(cal, tt.from); got != tt.want {
				t.Errorf("EarliestEnd = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCheckPublish(t *testing.T) {
	t.Parallel()
	cal := domain.NewCalendar(officialDays())
	project := func(m domain.ProjectMethod) *domain.Project {
		return &domain.Project{Method: m, ServiceStart: domain.NewDate(2026, 6, 1)}
	}
	working := domain.TenderRules{Periods: []domain.PeriodRule{{Name: domain.PeriodOpenTenderBidding, Days: 15, Working: true}}}
	tests := []struct {
		name              string
		rules             domain.TenderRules
		project           *domain.Project
		now, deadline, op time.Time
		field             string
	}{
		{"OK", domain.DefaultTenderRules(), project(domain.MethodOpenTender), at(2025, 9, 10, 10), at(2025, 9, 30, 9), at(2025, 9, 30, 9), ""},
		{"ErrOpenTenderOneDayShort", domain.DefaultTenderRules(), project(domain.MethodOpenTender), at(2025, 9, 10, 10), at(2025, 9, 29, 17), at(2025, 9, 30, 9), "bid_deadline"},
		{"ErrOpenTenderLastDayIsHoliday", domain.DefaultTenderRules(), project(domain.MethodOpenTender), at(2025, 9, 12, 10), at(2025, 10, 8, 9), at(2025, 10, 9, 9), "bid_deadline"},
		{"OKOpenTenderAfterHoliday", domain.DefaultTenderRules(), project(domain.MethodOpenTender), at(2025, 9, 12, 10), at(2025, 10, 9, 9), at(2025, 10, 9, 9), ""},
		{"ErrConsultationInSpringFestival", domain.DefaultTenderRules(), project(domain.MethodCompetitiveConsultation), at(2026, 2, 5, 10), at(2026, 2, 23, 9), at(2026, 2, 24, 9), "bid_deadline"},
		{"OKConsultation", domain.DefaultTenderRules(), project(domain.MethodCompetitiveConsultation), at(2026, 2, 5, 10), at(2026, 2, 24, 9), at(2026, 2, 24, 9), ""},
		{"OKSingleSourceTomorrow", domain.DefaultTenderRules(), project(domain.MethodSingleSource), at(2025, 9, 10, 10), at(2025, 9, 11, 10), at(2025, 9, 11, 10), ""},
		{"ErrDeadlinePassed", domain.DefaultTenderRules(), project(domain.MethodSingleSource), at(2025, 9, 10, 10), at(2025, 9, 10, 9), at(2025, 9, 11, 10), "bid_deadline"},
		{"ErrOpeningBeforeDeadline", domain.DefaultTenderRules(), project(domain.MethodOpenTender), at(2025, 9, 10, 10), at(2025, 9, 30, 9), at(2025, 9, 30, 8), "opening_at"},
		{"ErrServiceBeforeOpening", domain.DefaultTenderRules(), &domain.Project{Method: domain.MethodSingleSource, ServiceStart: domain.NewDate(2025, 9, 10)}, at(2025, 9, 10, 10), at(2025, 9, 11, 10), at(2025, 9, 11, 10), "service_start"},
		// 15 working days from 9/12: 9/15..9/19, 9/22..9/26, 9/28, 9/29, 9/30, 10/9, 10/10.
		{"ErrWorkingDayRule", working, project(domain.MethodOpenTender), at(2025, 9, 12, 10), at(2025, 10, 9, 9), at(2025, 10, 9, 9), "bid_deadline"},
		{"OKWorkingDayRule", working, project(domain.MethodOpenTender), at(2025, 9, 12, 10), at(2025, 10, 10, 9), at(2025, 10, 10, 9), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkField(t, tt.rules.CheckPublish(cal, tt.project, tt.now, tt.deadline, tt.op), tt.field)
		})
	}
}

func TestTenderRulesValidate(t *testing.T) {
	t.Parallel()
	if err := domain.DefaultTenderRules().Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
	bad := domain.TenderRules{Periods: []domain.PeriodRule{{Name: domain.PeriodComplaintWindow, Days: -1}}}
	if bad.Validate() == nil {
		t.Error("a negative period passed")
	}
}
