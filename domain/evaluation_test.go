package domain_test

import (
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"hutong/domain"
)

func TestMinValidBids(t *testing.T) {
	t.Parallel()
	cases := []struct {
		method domain.ProjectMethod
		want   int
	}{
		{domain.MethodOpenTender, 3},
		{domain.MethodCompetitiveConsultation, 3},
		{domain.MethodSingleSource, 1},
	}
	for _, tc := range cases {
		t.Run(string(tc.method), func(t *testing.T) {
			t.Parallel()
			if got := domain.MinValidBids(tc.method); got != tc.want {
				t.Errorf("MinValidBids(%s) = %d, want %d", tc.method, got, tc.want)
			}
		})
	}
}

func TestPointsString(t *testing.T) {
	t.Parallel()
	cases := map[domain.Points]string{0: "0.00", 5: "0.05", 2800: "28.00", 2813: "28.13", 10000: "100.00", -150: "-1.50"}
	for p, want := range cases {
		if got := p.String(); got != want {
			t.Errorf("Points(%d).String() = %q, want %q", int64(p), got, want)
		}
	}
	if got := domain.WholePoints(30); got != 3000 {
		t.Errorf("WholePoints(30) = %d, want 3000", got)
	}
}

func TestPriceScore(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name          string
		lowest, price int64
		weight        int
		want          domain.Points
	}{
		{"Example420kVs450kWeight30", 42_000_000, 45_000_000, 30, 2800},
		{"LowestScoresFullWeight", 42_000_000, 42_000_000, 30, 3000},
		{"HalfRoundsUp28125", 15_000_000, 16_000_000, 30, 2813},
		{"HalfRoundsUp3125", 1_000_000, 3_200_000, 10, 313},
		{"BelowHalfRoundsDown", 1_000_000, 3_000_000, 10, 333},
		{"AboveHalfRoundsUp", 2_000_000, 3_000_000, 10, 667},
		{"TinyShareRoundsToZero", 1, 1_000_000, 10, 0},
		{"TinyShareHalfRoundsUp", 1, 2_000, 10, 1}, // 0.005 → 0.01
		{"MaxBudgetNoOverflow", domain.MaxProjectBudgetFen - 1, domain.MaxProjectBudgetFen, 100, 10000},
		{"MaxBudgetHalf", domain.MaxProjectBudgetFen / 2, domain.MaxProjectBudgetFen, 100, 5000},
		{"PriceWeight100", 30_000_000, 40_000_000, 100, 7500},
		{"ZeroPriceScoresZero", 42_000_000, 0, 30, 0},
		{"ZeroLowestScoresZero", 0, 45_000_000, 30, 0},
		{"ZeroWeightScoresZero", 42_000_000, 45_000_000, 0, 0},
		{"LowestAbovePriceCapsAtWeight", 50_000_000, 45_000_000, 30, 3000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := domain.PriceScore(tc.lowest, tc.price, tc.weight); got != tc.want {
				t.Errorf("PriceScore(%d, %d, %d) = %s, want %s", tc.lowest, tc.price, tc.weight, got, tc.want)
			}
		})
	}
}

// TestPriceScoreMatchesExactRational checks the integer arithmetic against
// exact rationals rounded half up, over random prices up to the budget cap.
func TestPriceScoreMatchesExactRational(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(4, 7))
	for range 20000 {
		price := 1 + r.Int64N(domain.MaxProjectBudgetFen)
		lowest := 1 + r.Int64N(price)
		weight := 10 + r.IntN(91)
		// exact = lowest × weight × 100 / price; half up = floor(exact + 1/2).
		exact := new(big.Rat).SetFrac(big.NewInt(lowest*int64(weight)*100), big.NewInt(price))
		exact.Add(exact, big.NewRat(1, 2))
		want := new(big.Int).Quo(exact.Num(), exact.Denom()).Int64()
		if got := domain.PriceScore(lowest, price, weight); int64(got) != want {
			t.Fatalf("PriceScore(%d, %d, %d) = %d, want %d", lowest, price, weight, got, want)
		}
	}
}

var evalItems = []domain.TechnicalItem{
	{Key: "plan", Name: "服务方案", MaxPoints: 40},
	{Key: "team", Name: "团队资质", MaxPoints: 30},
}

func TestCheckTechnicalScores(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		scores domain.TechnicalScores
		fields []string
	}{
		{"OKWithinBounds", domain.TechnicalScores{"plan": 3550, "team": 2000}, nil},
		{"OKAtZeroAndMax", domain.TechnicalScores{"plan": 0, "team": 3000}, nil},
		{"ErrNegative", domain.TechnicalScores{"plan": -1, "team": 2000}, []string{"scores.plan"}},
		{"ErrAboveMaxByOneHundredth", domain.TechnicalScores{"plan": 4001, "team": 2000}, []string{"scores.plan"}},
		{"ErrItemMissing", domain.TechnicalScores{"plan": 3000}, []string{"scores.team"}},
		{"ErrUnknownItem", domain.TechnicalScores{"plan": 3000, "team": 2000, "price": 500}, []string{"scores.price"}},
		{"ErrEveryProblemListed", domain.TechnicalScores{"plan": 4100, "zeta": 1, "alpha": 1},
			[]string{"scores.plan", "scores.team", "scores.alpha", "scores.zeta"}},
		{"ErrNilScores", nil, []string{"scores.plan", "scores.team"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := domain.CheckTechnicalScores(evalItems, tc.scores)
			if tc.fields == nil {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			e := domain.AsError(err)
			if e == nil || e.Code != domain.EINVALID {
				t.Fatalf("got %v, want EINVALID", err)
			}
			var got []string
			for _, f := range e.Fields {
				got = append(got, f.Field)
			}
			if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Errorf("fields = %v, want %v", got, tc.fields)
			}
		})
	}
	t.Run("ErrBoundNamedInMessage", func(t *testing.T) {
		t.Parallel()
		e := domain.AsError(domain.CheckTechnicalScores(evalItems, domain.TechnicalScores{"plan": 4001, "team": 0}))
		if e == nil || !strings.Contains(e.Fields[0].Message, "40.00") {
			t.Errorf("got %+v, want the maximum 40.00 in the message", e)
		}
	})
}

func TestCombineTechnicalScores(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		sheets []domain.TechnicalScores
		want   domain.Points
	}{
		{"OneEvaluator", []domain.TechnicalScores{{"plan": 3550, "team": 2025}}, 5575},
		// plan: (3000+3000+3001)/3 = 3000.33 → 3000; team: (2000+2000+2002)/3 = 2000.67 → 2001.
		{"ThreeEvaluatorsRoundPerItem", []domain.TechnicalScores{
			{"plan": 3000, "team": 2000}, {"plan": 3000, "team": 2000}, {"plan": 3001, "team": 2002},
		}, 5001},
		// plan: 1000.5 → 1001; team: 1000.5 → 1001; summing first would give 2001.
		{"HalfRoundsUpPerItemBeforeSum", []domain.TechnicalScores{
			{"plan": 1000, "team": 1000}, {"plan": 1001, "team": 1001},
		}, 2002},
		{"AllZero", []domain.TechnicalScores{{"plan": 0, "team": 0}, {"plan": 0, "team": 0}}, 0},
		{"AllMax", []domain.TechnicalScores{{"plan": 4000, "team": 3000}, {"plan": 4000, "team": 3000}}, 7000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := domain.CombineTechnicalScores(evalItems, tc.sheets)
			if err != nil || got != tc.want {
				t.Errorf("got %s, %v; want %s", got, err, tc.want)
			}
		})
	}
	t.Run("ErrNoSheets", func(t *testing.T) {
		t.Parallel()
		_, err := domain.CombineTechnicalScores(evalItems, nil)
		if e := domain.AsError(err); e == nil || e.Code != domain.EINVALID || !hasField(e, "scores") {
			t.Errorf("got %v, want EINVALID on scores", err)
		}
	})
	t.Run("ErrOneSheetOutOfBounds", func(t *testing.T) {
		t.Parallel()
		_, err := domain.CombineTechnicalScores(evalItems, []domain.TechnicalScores{
			{"plan": 3000, "team": 2000}, {"plan": 3000, "team": 3100},
		})
		if e := domain.AsError(err); e == nil || e.Code != domain.EINVALID || !hasField(e, "scores.team") {
			t.Errorf("got %v, want EINVALID on scores.team", err)
		}
	})
}
