package domain_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

var rankT0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// scored builds a bid named by the last byte of its id.
func scored(id byte, price, technical domain.Points, submittedMin int) domain.ScoredBid {
	return domain.ScoredBid{
		BidID:          uuid.UUID{15: id},
		OrganizationID: uuid.UUID{0: 1, 15: id},
		PriceScore:     price,
		TechnicalScore: technical,
		SubmittedAt:    rankT0.Add(time.Duration(submittedMin) * time.Minute),
	}
}

// rankedIDs lists the ranking's bids by their last id byte, checking that
// ranks run 1..n.
func rankedIDs(t *testing.T, rs []domain.RankedBid) []byte {
	t.Helper()
	out := make([]byte, len(rs))
	for i, r := range rs {
		out[i] = r.BidID[15]
		if r.Rank != i+1 {
			t.Errorf("bid %d at place %d has rank %d", r.BidID[15], i+1, r.Rank)
		}
	}
	return out
}

func TestRank(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		bids []domain.ScoredBid
		want []byte
	}{
		{"ByTotalDescending", []domain.ScoredBid{
			scored(1, 2500, 5000, 0), scored(2, 3000, 5500, 0), scored(3, 2800, 5000, 0),
		}, []byte{2, 3, 1}},
		{"TieOnTotalGoesToHigherTechnical", []domain.ScoredBid{
			scored(1, 3000, 5000, 0), scored(2, 2000, 6000, 5), scored(3, 2500, 5500, 9),
		}, []byte{2, 3, 1}},
		{"TieOnTotalAndTechnicalGoesToEarlierSubmission", []domain.ScoredBid{
			scored(1, 3000, 5000, 30), scored(2, 3000, 5000, 10), scored(3, 3000, 5000, 20),
		}, []byte{2, 3, 1}},
		{"FullTieGoesToLowerBidID", []domain.ScoredBid{
			scored(9, 3000, 5000, 0), scored(4, 3000, 5000, 0), scored(7, 3000, 5000, 0),
		}, []byte{4, 7, 9}},
		{"TechnicalBeatsEarlierSubmission", []domain.ScoredBid{
			scored(1, 3001, 4999, 0), scored(2, 3000, 5000, 60),
		}, []byte{2, 1}},
		{"HundredthDecides", []domain.ScoredBid{
			scored(1, 2999, 5000, 0), scored(2, 3000, 5000, 60),
		}, []byte{2, 1}},
		{"OneBid", []domain.ScoredBid{scored(5, 100, 100, 0)}, []byte{5}},
		{"NoBids", nil, []byte{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := domain.Rank(tc.bids)
			if ids := rankedIDs(t, got); !slices.Equal(ids, tc.want) {
				t.Errorf("order = %v, want %v", ids, tc.want)
			}
			for _, r := range got {
				if r.TotalScore != r.PriceScore+r.TechnicalScore {
					t.Errorf("bid %d total %s, want %s + %s", r.BidID[15], r.TotalScore, r.PriceScore, r.TechnicalScore)
				}
			}
		})
	}
}

func TestRankDeterministicWhateverInputOrder(t *testing.T) {
	t.Parallel()
	bids := []domain.ScoredBid{
		scored(1, 3000, 5000, 10), scored(2, 3000, 5000, 10), scored(3, 2000, 6000, 10),
		scored(4, 3000, 5000, 5), scored(5, 2500, 5500, 10), scored(6, 3100, 5000, 99),
	}
	want := rankedIDs(t, domain.Rank(bids))
	if !slices.Equal(want, []byte{6, 3, 5, 4, 1, 2}) {
		t.Fatalf("order = %v", want)
	}
	// Every rotation and the reverse rank the same; the input is untouched.
	for i := range bids {
		in := append(slices.Clone(bids[i:]), bids[:i]...)
		before := slices.Clone(in)
		if got := rankedIDs(t, domain.Rank(in)); !slices.Equal(got, want) {
			t.Errorf("rotation %d: order = %v, want %v", i, got, want)
		}
		if !slices.Equal(in, before) {
			t.Errorf("rotation %d: input changed", i)
		}
		slices.Reverse(in)
		if got := rankedIDs(t, domain.Rank(in)); !slices.Equal(got, want) {
			t.Errorf("reversed rotation %d: order = %v, want %v", i, got, want)
		}
	}
}

func TestOutcome(t *testing.T) {
	t.Parallel()
	three := []domain.ScoredBid{scored(1, 2800, 5000, 0), scored(2, 3000, 5200, 0), scored(3, 2900, 4000, 0)}
	cases := []struct {
		name   string
		method domain.ProjectMethod
		bids   []domain.ScoredBid
		failed bool
	}{
		{"OpenTenderFailsWithTwo", domain.MethodOpenTender, three[:2], true},
		{"OpenTenderFailsWithNone", domain.MethodOpenTender, nil, true},
		{"OpenTenderEvaluatedWithThree", domain.MethodOpenTender, three, false},
		{"ConsultationFailsWithTwo", domain.MethodCompetitiveConsultation, three[:2], true},
		{"ConsultationEvaluatedWithThree", domain.MethodCompetitiveConsultation, three, false},
		{"SingleSourceFailsWithNone", domain.MethodSingleSource, nil, true},
		{"SingleSourceEvaluatedWithOne", domain.MethodSingleSource, three[:1], false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := domain.Outcome(tc.method, tc.bids)
			if o.ValidBids != len(tc.bids) || o.MinValidBids != domain.MinValidBids(tc.method) || len(o.Ranking) != len(tc.bids) {
				t.Fatalf("got %+v", o)
			}
			if tc.failed {
				if o.Status != domain.StatusFailed || !o.Failed() || o.Winner != nil {
					t.Errorf("got status %s winner %v, want failed with no winner", o.Status, o.Winner)
				}
				return
			}
			if o.Status != domain.StatusEvaluated || o.Failed() || o.Winner == nil {
				t.Fatalf("got status %s winner %v, want evaluated with a winner", o.Status, o.Winner)
			}
			if o.Winner.Rank != 1 || o.Winner.BidID != o.Ranking[0].BidID {
				t.Errorf("winner %+v is not the first-ranked %+v", o.Winner, o.Ranking[0])
			}
		})
	}
	t.Run("WinnerIsHighestTotal", func(t *testing.T) {
		t.Parallel()
		o := domain.Outcome(domain.MethodOpenTender, three)
		if o.Winner.BidID[15] != 2 || o.Winner.TotalScore != 8200 {
			t.Errorf("winner = %+v, want bid 2 with 82.00", o.Winner)
		}
	})
}

func TestWithPriceScores(t *testing.T) {
	t.Parallel()
	in := []domain.ScoredBid{
		{PriceFen: 45_000_000, TechnicalScore: 6000},
		{PriceFen: 42_000_000, TechnicalScore: 5000},
		{PriceFen: 48_000_000, TechnicalScore: 6500},
	}
	got := domain.WithPriceScores(in, 30)
	want := []domain.Points{2800, 3000, 2625}
	for i, b := range got {
		if b.PriceScore != want[i] || b.TechnicalScore != in[i].TechnicalScore {
			t.Errorf("bid %d: price score %s, want %s", i, b.PriceScore, want[i])
		}
		if in[i].PriceScore != 0 {
			t.Errorf("bid %d: input changed", i)
		}
	}
	if got := domain.WithPriceScores(nil, 30); len(got) != 0 {
		t.Errorf("no bids: got %v", got)
	}
}
