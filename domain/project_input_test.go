package domain_test

import (
	"testing"

	"hutong/domain"
)

// validProjectInput returns an open tender that passes Normalize.
func validProjectInput() domain.ProjectInput {
	return domain.ProjectInput{
		Title:       "2026年困境儿童关爱服务项目",
		Description: "为辖区困境儿童提供个案管理、入户走访和心理疏导服务。",
		Category:    "case_management",
		RegionCode:  "320213",
		BudgetFen:   50_000_000,
		Method:      domain.MethodOpenTender,
		Eligibility: domain.Eligibility{MinRating: "3A", RegionCodes: []string{"320200", "320200", " "}, VerifiedOnly: true},
		Criteria: domain.Criteria{PriceWeight: 30, Technical: []domain.TechnicalItem{
			{Key: "plan", Name: "服务方案", MaxPoints: 40},
			{Key: "team", Name: "团队资质", MaxPoints: 30},
		}},
		Targets: []domain.Target{
			{Indicator: "受益人次", Unit: "人次", Target: 5000, Kind: domain.TargetPersonTimes},
			{Indicator: "满意度", Unit: "%", Target: 95.5, Kind: domain.TargetPercent},
		},
		Milestones: []domain.Milestone{
			{Name: "首期", Percent: 40, Due: domain.NewDate(2026, 3, 1)},
			{Name: "尾款", Percent: 60, Due: domain.NewDate(2026, 12, 31)},
		},
		ServiceStart: domain.NewDate(2026, 3, 1),
		ServiceEnd:   domain.NewDate(2026, 12, 31),
	}
}

func TestProjectInputNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(in *domain.ProjectInput)
		field  string
	}{
		{"OK", func(*domain.ProjectInput) {}, ""},
		{"OKPriceOnly", func(in *domain.ProjectInput) { in.Criteria = domain.Criteria{PriceWeight: 100} }, ""},
		{"OKConsultation", func(in *domain.ProjectInput) {
			in.Method = domain.MethodCompetitiveConsultation
			in.Criteria.Technical[0].MaxPoints = 40
		}, ""},
		{"ErrTitle", func(in *domain.ProjectInput) { in.Title = " 项目 " }, "title"},
		{"ErrCategory", func(in *domain.ProjectInput) { in.Category = "cooking" }, "category"},
		{"ErrRegion", func(in *domain.ProjectInput) { in.RegionCode = "3202" }, "region_code"},
		{"ErrBudgetZero", func(in *domain.ProjectInput) { in.BudgetFen = 0 }, "budget_fen"},
		{"ErrBudgetHuge", func(in *domain.ProjectInput) { in.BudgetFen = domain.MaxProjectBudgetFen + 1 }, "budget_fen"},
		{"ErrMethod", func(in *domain.ProjectInput) { in.Method = "auction" }, "method"},
		{"ErrMinRating", func(in *domain.ProjectInput) { in.Eligibility.MinRating = "6A" }, "eligibility.min_rating"},
		{"ErrEligibleRegion", func(in *domain.ProjectInput) { in.Eligibility.RegionCodes = []string{"32"} }, "eligibility.region_codes"},
		{"ErrWeightsNot100", func(in *domain.ProjectInput) { in.Criteria.Technical[1].MaxPoints = 20 }, "criteria"},
		{"ErrPriceWeightLow", func(in *domain.ProjectInput) {
			in.Criteria.PriceWeight = 5
			in.Criteria.Technical[0].MaxPoints = 65
		}, "criteria.price_weight"},
		{"ErrConsultationPriceWeightHigh", func(in *domain.ProjectInput) {
			in.Method = domain.MethodCompetitiveConsultation
			in.Criteria = domain.Criteria{PriceWeight: 40, Technical: []domain.TechnicalItem{{Key: "plan", Name: "方案", MaxPoints: 60}}}
		}, "criteria.price_weight"},
		{"ErrZeroPoints", func(in *domain.ProjectInput) {
			in.Criteria.Technical = append(in.Criteria.Technical, domain.TechnicalItem{Key: "x", Name: "x"})
		}, "criteria.technical.max_points"},
		{"ErrDuplicateKey", func(in *domain.ProjectInput) { in.Criteria.Technical[1].Key = "plan" }, "criteria.technical.key"},
		{"ErrTooManyItems", func(in *domain.ProjectInput) {
			in.Criteria = domain.Criteria{PriceWeight: 10}
			for i := range 21 {
				in.Criteria.Technical = append(in.Criteria.Technical, domain.TechnicalItem{Key: string(rune('a' + i)), Name: "x", MaxPoints: 1})
			}
		}, "criteria.technical"},
		{"ErrNoTargets", func(in *domain.ProjectInput) { in.Targets = nil }, "targets"},
		{"ErrTargetKind", func(in *domain.ProjectInput) { in.Targets[0].Kind = "money" }, "targets.kind"},
		{"ErrFractionalCount", func(in *domain.ProjectInput) { in.Targets[0].Target = 10.5 }, "targets.target"},
		{"ErrPercentOver100", func(in *domain.ProjectInput) { in.Targets[1].Target = 101 }, "targets.target"},
		{"ErrMilestonesNot100", func(in *domain.ProjectInput) { in.Milestones[1].Percent = 50 }, "milestones"},
		{"ErrNoMilestones", func(in *domain.ProjectInput) { in.Milestones = nil }, "milestones"},
		{"ErrMilestoneBeforeService", func(in *domain.ProjectInput) { in.Milestones[0].Due = domain.NewDate(2026, 2, 1) }, "milestones.due"},
		{"ErrMilestoneOrder", func(in *domain.ProjectInput) {
			in.Milestones[0].Due, in.Milestones[1].Due = in.Milestones[1].Due, in.Milestones[0].Due
		}, "milestones.due"},
		{"ErrServiceEnd", func(in *domain.ProjectInput) { in.ServiceEnd = domain.NewDate(2026, 1, 1) }, "service_end"},
		{"ErrServiceStartMissing", func(in *domain.ProjectInput) { in.ServiceStart = domain.Date{} }, "service_start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := validProjectInput()
			tt.change(&in)
			checkField(t, in.Normalize(), tt.field)
		})
	}
	t.Run("TrimsAndDedupes", func(t *testing.T) {
		t.Parallel()
		in := validProjectInput()
		in.Title = "\u3000" + in.Title + " "
		if err := in.Normalize(); err != nil {
			t.Fatal(err)
		}
		if in.Title != "2026年困境儿童关爱服务项目" || len(in.Eligibility.RegionCodes) != 1 {
			t.Errorf("got title %q, regions %v", in.Title, in.Eligibility.RegionCodes)
		}
	})
}

func TestProjectFilterNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		filter domain.ProjectFilter
		field  string
	}{
		{"OK", domain.ProjectFilter{Status: domain.StatusPublished, RegionCode: "320000", BudgetMinFen: 1, BudgetMaxFen: 2}, ""},
		{"ErrStatus", domain.ProjectFilter{Status: "open"}, "status"},
		{"ErrRegion", domain.ProjectFilter{RegionCode: "32"}, "region"},
		{"ErrCategory", domain.ProjectFilter{Category: "x"}, "category"},
		{"ErrMethod", domain.ProjectFilter{Method: "x"}, "method"},
		{"ErrBudgetRange", domain.ProjectFilter{BudgetMinFen: 10, BudgetMaxFen: 5}, "budget_max"},
		{"ErrLimit", domain.ProjectFilter{Page: domain.Page{Limit: 500}}, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkField(t, tt.filter.Normalize(), tt.field)
		})
	}
}
