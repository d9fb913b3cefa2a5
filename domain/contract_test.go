package domain_test

import (
	"math"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
)

func TestMilestoneAmounts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		price    int64
		percents []int
		want     []int64
	}{
		{"OKEven", 45_000_000, []int{40, 60}, []int64{18_000_000, 27_000_000}},
		{"OKRemainderToLast", 100, []int{33, 33, 34}, []int64{33, 33, 34}},
		{"OKOddFen", 1001, []int{30, 30, 40}, []int64{300, 300, 401}},
		{"OKOne", 99_999, []int{100}, []int64{99_999}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := domain.MilestoneAmounts(tc.price, tc.percents)
			var sum int64
			for i := range got {
				sum += got[i]
				if got[i] != tc.want[i] {
					t.Errorf("amounts = %v, want %v", got, tc.want)
				}
			}
			if sum != tc.price {
				t.Errorf("sum = %d, want %d", sum, tc.price)
			}
		})
	}
}

func TestComplaintWindowEnd(t *testing.T) {
	t.Parallel()
	cal := domain.NewCalendar(nil)
	// Published on a Friday afternoon: seven working days run from the
	// next Monday to the Tuesday after, and the window closes at the
	// midnight that ends it, Beijing time.
	got := domain.DefaultTenderRules().ComplaintWindowEnd(cal, at(2026, 11, 20, 16))
	want := domain.NewDate(2026, 12, 2).Start()
	if !got.Equal(want) {
		t.Errorf("window end = %s, want %s", got.In(domain.Shanghai), want)
	}
}

func reportContract() *domain.Contract {
	return &domain.Contract{ServiceStart: domain.NewDate(2026, 3, 1), ServiceEnd: domain.NewDate(2026, 12, 31),
		Targets: []domain.Target{
			{Indicator: "服务人数", Unit: "人", Target: 300, Kind: domain.TargetPersonCount},
			{Indicator: "满意度", Unit: "%", Target: 95, Kind: domain.TargetPercent},
		}}
}

func TestReportInputNormalize(t *testing.T) {
	t.Parallel()
	valid := func() domain.ReportInput {
		return domain.ReportInput{PeriodStart: domain.NewDate(2026, 3, 1), PeriodEnd: domain.NewDate(2026, 6, 30),
			Actuals:       []domain.Actual{{Indicator: " 满意度 ", Actual: 97}, {Indicator: "服务人数", Actual: 280}},
			Beneficiaries: domain.Beneficiaries{Persons: 280, PersonTimes: 1500},
			Narrative:     "  本期完成入户走访与个案评估,开展安全教育活动八场。  "}
	}
	t.Run("OKOrderedByTargets", func(t *testing.T) {
		in := valid()
		if err := in.Normalize(reportContract()); err != nil {
			t.Fatal(err)
		}
		if in.Actuals[0].Indicator != "服务人数" || in.Actuals[1].Indicator != "满意度" || in.Evidence == nil {
			t.Errorf("normalised = %+v", in)
		}
	})
	for _, tc := range []struct {
		name, field string
		change      func(*domain.ReportInput)
	}{
		{"ErrFractionOfAPerson", "actuals", func(in *domain.ReportInput) { in.Actuals[1].Actual = 280.5 }},
		{"ErrPercentAbove100", "actuals", func(in *domain.ReportInput) { in.Actuals[0].Actual = 101 }},
		{"ErrNaN", "actuals", func(in *domain.ReportInput) { in.Actuals[0].Actual = math.NaN() }},
		{"ErrUnknownIndicator", "actuals", func(in *domain.ReportInput) {
			in.Actuals = append(in.Actuals, domain.Actual{Indicator: "活动场次", Actual: 8})
		}},
		{"ErrDuplicate", "actuals", func(in *domain.ReportInput) { in.Actuals[0].Indicator = "服务人数" }},
		{"ErrPersonsAbovePersonTimes", "beneficiaries.persons", func(in *domain.ReportInput) { in.Beneficiaries.PersonTimes = 100 }},
		{"ErrNegative", "beneficiaries", func(in *domain.ReportInput) { in.Beneficiaries = domain.Beneficiaries{Persons: -1, PersonTimes: -1} }},
		{"ErrAfterService", "period_end", func(in *domain.ReportInput) { in.PeriodEnd = domain.NewDate(2027, 1, 1) }},
		{"ErrBackwards", "period_end", func(in *domain.ReportInput) { in.PeriodEnd = domain.NewDate(2026, 2, 1) }},
		{"ErrEvidenceTitle", "evidence.title", func(in *domain.ReportInput) { in.Evidence = []domain.Evidence{{Title: " "}} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := valid()
			tc.change(&in)
			checkField(t, in.Normalize(reportContract()), tc.field)
		})
	}
}

func TestContractPolicy(t *testing.T) {
	t.Parallel()
	bureau := &domain.Organization{ID: domain.NewID(), Kind: domain.KindBureau}
	org := &domain.Organization{ID: domain.NewID(), Kind: domain.KindSocialOrg}
	staff := actorWith(bureau.ID, domain.RoleStaff)
	evaluator := actorWith(bureau.ID, domain.RoleEvaluator)
	orgStaff := actorWith(org.ID, domain.RoleStaff)
	for _, tc := range []struct {
		name   string
		actor  *domain.Actor
		action domain.Action
		org    *domain.Organization
		ok     bool
	}{
		{"OKBureauStaffAwards", staff, domain.ActionAwardManage, bureau, true},
		{"ErrEvaluatorAwards", evaluator, domain.ActionAwardManage, bureau, false},
		{"OKOrgComplains", orgStaff, domain.ActionComplaintFile, org, true},
		{"ErrBureauComplains", staff, domain.ActionComplaintFile, bureau, false},
		{"OKOrgReports", orgStaff, domain.ActionContractReport, org, true},
		{"ErrOrgReviews", orgStaff, domain.ActionContractReview, org, false},
		{"OKBureauReviews", staff, domain.ActionContractReview, bureau, true},
		{"ErrAnonymous", nil, domain.ActionContractReport, org, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := domain.Can(tc.actor, tc.action, tc.org); (err == nil) != tc.ok {
				t.Errorf("Can = %v, want ok %v", err, tc.ok)
			}
		})
	}
}

// actorWith is a signed-in actor holding roles in org.
func actorWith(org uuid.UUID, roles ...domain.Role) *domain.Actor {
	return &domain.Actor{User: &domain.User{ID: domain.NewID()},
		Memberships: []*domain.Membership{{OrganizationID: org, Roles: roles}}}
}

func TestMatchAmount(t *testing.T) {
	t.Parallel()
	p := domain.MatchPledge{RatioPct: 50, CapFen: 10_000, MatchedFen: 9_000}
	for _, tc := range []struct {
		name       string
		gift, room int64
		want       int64
	}{
		{"OKHalf", 1_000, -1, 500},
		{"OKCappedByWhatIsLeft", 4_000, -1, 1_000},
		{"OKCappedByTheWish", 1_000, 200, 200},
		{"OKRoundedDown", 333, -1, 166},
		{"OKNothingForAFullWish", 1_000, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := domain.MatchAmount(p, tc.gift, tc.room); got != tc.want {
				t.Errorf("MatchAmount = %d, want %d", got, tc.want)
			}
		})
	}
}
