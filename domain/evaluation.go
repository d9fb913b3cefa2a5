package domain

import (
	"fmt"
	"slices"
)

// Points is a score in integer hundredths of a point (100 = 1.00 point).
// Scores are fixed point so that totals are exact and every evaluation
// replays to the same ranking: no float ever decides who wins a tender.
type Points int64

// PointsPerPoint is the number of hundredths in one whole point.
const PointsPerPoint Points = 100

// WholePoints returns n whole points, e.g. an item's maximum points.
func WholePoints(n int) Points { return Points(n) * PointsPerPoint }

// String shows the score with two decimals, as evaluation sheets print
// it: 2800 → "28.00".
func (p Points) String() string {
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	return fmt.Sprintf("%s%d.%02d", sign, p/PointsPerPoint, p%PointsPerPoint)
}

// MinValidBids returns how many valid bids a method needs for the
// evaluation to go on; with fewer the project fails (流标).
//
// An open tender needs 3 (政府采购法 art. 36: fewer than three
// responsive suppliers void the tender). Competitive consultation needs 3
// too (财库〔2014〕214号 art. 21). That notice lets some consultations go
// on with 2 — research projects with little competition (art. 21) and,
// by 财库〔2015〕124号, government-purchased services with only 2
// qualified suppliers — but the platform records neither the approval
// nor the circumstances, so Hutong keeps the general rule of 3. Single
// source negotiates with its one supplier, so 1 suffices.
func MinValidBids(method ProjectMethod) int {
	if method == MethodSingleSource {
		return 1
	}
	return 3
}

// PriceScore returns a bid's price score under 综合评分法 (财政部令第87号
// art. 55): the lowest valid price ÷ the bid's price × the price weight,
// in hundredths, rounded half up at the hundredth (28.125 → 28.13). It
// uses integer arithmetic only, so it is exact for every budget Hutong
// allows (MaxProjectBudgetFen × 100 × 100 × 2 fits in an int64).
//
// A price at or below the lowest one scores the full weight, and a
// non-positive price or lowest price scores 0: neither is a valid bid,
// and the callers filter them out before scoring.
func PriceScore(lowestValidFen, priceFen int64, priceWeight int) Points {
	if lowestValidFen <= 0 || priceFen <= 0 || priceWeight <= 0 {
		return 0
	}
	if lowestValidFen >= priceFen {
		return WholePoints(priceWeight)
	}
	num := lowestValidFen * int64(WholePoints(priceWeight))
	return Points(divRoundHalfUp(num, priceFen))
}

// divRoundHalfUp divides non-negative num by positive den, rounding half
// up: (2·num + den) ÷ (2·den).
func divRoundHalfUp(num, den int64) int64 {
	return (2*num + den) / (2 * den)
}

// TechnicalScores are one evaluator's scores of one bid: each technical
// item's key to the points given, in hundredths.
type TechnicalScores map[string]Points

// CheckTechnicalScores checks an evaluator's scores against a project's
// technical items: every item scored, each within 0 to its maximum
// points, and no key that is not an item. Every problem is reported at
// once, as EINVALID on "scores.<item key>".
func CheckTechnicalScores(items []TechnicalItem, scores TechnicalScores) error {
	var v Validation
	known := make(map[string]bool, len(items))
	for _, it := range items {
		known[it.Key] = true
		p, ok := scores[it.Key]
		if !ok {
			v.Add("scores."+it.Key, "is required: every technical item must be scored")
			continue
		}
		v.Check(p >= 0 && p <= WholePoints(it.MaxPoints), "scores."+it.Key,
			fmt.Sprintf("must be between 0.00 and %s", WholePoints(it.MaxPoints)))
	}
	var unknown []string
	for k := range scores {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown) // the same input always lists its errors in the same order
	for _, k := range unknown {
		v.Add("scores."+k, "is not a technical item of this project")
	}
	return v.Err()
}

// CombineTechnicalScores returns a bid's technical score from several
// evaluators' sheets: for each item, the average across evaluators in
// hundredths, rounded half up, then the sum over items. Averaging per
// item before summing keeps each item's rounding visible on the
// published evaluation sheet. Every sheet is checked first; no sheet at
// all is EINVALID on "scores".
func CombineTechnicalScores(items []TechnicalItem, sheets []TechnicalScores) (Points, error) {
	if len(sheets) == 0 {
		return 0, Invalid("scores", "at least one evaluator must score the bid")
	}
	for _, s := range sheets {
		if err := CheckTechnicalScores(items, s); err != nil {
			return 0, err
		}
	}
	var total Points
	n := int64(len(sheets))
	for _, it := range items {
		var sum int64
		for _, s := range sheets {
			sum += int64(s[it.Key])
		}
		total += Points(divRoundHalfUp(sum, n))
	}
	return total, nil
}
