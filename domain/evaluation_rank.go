package domain

import (
	"bytes"
	"cmp"
	"slices"
	"time"

	"github.com/google/uuid"
)

// ScoredBid is a valid bid with its price score and combined technical
// score, ready to be ranked.
type ScoredBid struct {
	BidID          uuid.UUID `json:"bid_id"`
	OrganizationID uuid.UUID `json:"organization_id"`
	PriceFen       int64     `json:"price_fen"`
	SubmittedAt    time.Time `json:"submitted_at"`
	PriceScore     Points    `json:"price_score"`
	TechnicalScore Points    `json:"technical_score"`
}

// Total is the bid's total score: price score plus technical score.
func (b ScoredBid) Total() Points { return b.PriceScore + b.TechnicalScore }

// WithPriceScores returns a copy of bids with each PriceScore computed
// from the lowest price among them (评标基准价) and the price weight.
// Callers pass valid bids only, so that an invalid bid's low price never
// becomes the benchmark. The input is not changed.
func WithPriceScores(bids []ScoredBid, priceWeight int) []ScoredBid {
	out := slices.Clone(bids)
	var lowest int64
	for _, b := range out {
		if b.PriceFen > 0 && (lowest == 0 || b.PriceFen < lowest) {
			lowest = b.PriceFen
		}
	}
	for i := range out {
		out[i].PriceScore = PriceScore(lowest, out[i].PriceFen, priceWeight)
	}
	return out
}

// RankedBid is a scored bid with its total and its place, 1 for the
// recommended winner.
type RankedBid struct {
	ScoredBid
	TotalScore Points `json:"total_score"`
	Rank       int    `json:"rank"`
}

// Rank orders bids by total score, highest first. Ties go to the higher
// technical score, then the earlier submission, then the lower bid id, so
// the order is total and deterministic: ranks run 1..n and no two bids
// share a rank, and the same bids always rank the same way whatever order
// they come in. The input is not changed.
func Rank(bids []ScoredBid) []RankedBid {
	out := make([]RankedBid, len(bids))
	for i, b := range bids {
		out[i] = RankedBid{ScoredBid: b, TotalScore: b.Total()}
	}
	slices.SortFunc(out, compareRanked)
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

// compareRanked is the ranking order: negative when a ranks before b.
func compareRanked(a, b RankedBid) int {
	if c := cmp.Compare(b.TotalScore, a.TotalScore); c != 0 {
		return c
	}
	if c := cmp.Compare(b.TechnicalScore, a.TechnicalScore); c != 0 {
		return c
	}
	if c := a.SubmittedAt.Compare(b.SubmittedAt); c != 0 {
		return c
	}
	return bytes.Compare(a.BidID[:], b.BidID[:])
}

// EvaluationOutcome is what an evaluation decides: the project's next
// status, the ranking, and the recommended winner (中标候选人) when it did
// not fail.
type EvaluationOutcome struct {
	// Status is StatusEvaluated, or StatusFailed (流标) with too few
	// valid bids.
	Status ProjectStatus `json:"status"`
	// ValidBids and MinValidBids say why a project failed.
	ValidBids    int         `json:"valid_bids"`
	MinValidBids int         `json:"min_valid_bids"`
	Ranking      []RankedBid `json:"ranking"`
	// Winner is the first-ranked bid; nil when the project failed.
	Winner *RankedBid `json:"winner,omitempty"`
}

// Failed reports whether the project failed for want of valid bids.
func (o EvaluationOutcome) Failed() bool { return o.Status == StatusFailed }

// Outcome decides an evaluation: with fewer valid bids than the method's
// MinValidBids the project fails (流标) and nobody is recommended;
// otherwise the bids are ranked and the first is the recommended winner.
// A failed outcome still carries the ranking of the bids it had, for the
// record, but no winner.
func Outcome(method ProjectMethod, validBids []ScoredBid) EvaluationOutcome {
	o := EvaluationOutcome{
		Status:       StatusEvaluated,
		ValidBids:    len(validBids),
		MinValidBids: MinValidBids(method),
		Ranking:      Rank(validBids),
	}
	if o.ValidBids < o.MinValidBids {
		o.Status = StatusFailed
		return o
	}
	o.Winner = &o.Ranking[0]
	return o
}
