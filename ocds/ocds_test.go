package ocds_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/ocds"
	"hutong/ocds/ocdstest"
)

func TestAmountIsExactYuan(t *testing.T) {
	t.Parallel()
	for fen, want := range map[int64]string{
		0: "0", 1: "0.01", 10: "0.1", 99: "0.99", 100: "1", 12345: "123.45", 120000: "1200",
		100000000000: "1000000000", 73_456_789: "734567.89", 45_000_050: "450000.5", -150: "-1.5",
	} {
		got, err := json.Marshal(ocds.Amount(fen))
		if err != nil || string(got) != want {
			t.Errorf("Amount(%d) = %s, %v; want %s", fen, got, err, want)
		}
	}
}

func TestNewOCID(t *testing.T) {
	t.Parallel()
	id := uuid.MustParse("01a20907-9f63-70f3-887b-70ad62ba2607")
	for prefix, want := range map[string]string{
		"ocds-hutong":  "ocds-hutong-01a20907-9f63-70f3-887b-70ad62ba2607",
		"ocds-213czf-": "ocds-213czf-01a20907-9f63-70f3-887b-70ad62ba2607",
	} {
		if got := ocds.NewOCID(prefix, id); got != want {
			t.Errorf("NewOCID(%q) = %s, want %s", prefix, got, want)
		}
	}
}

func TestCompileFollowsMergeRules(t *testing.T) {
	t.Parallel()
	releases := []json.RawMessage{
		json.RawMessage(`{"ocid":"o-1","id":"o-1-1","date":"2025-01-01T00:00:00Z","tag":["tender"],"initiationType":"tender",
			"tender":{"id":"t","title":"A","description":"first","value":{"amount":1.10,"currency":"CNY"},
			"items":[{"id":"1","description":"x"}],"submissionMethod":["written"]},
			"parties":[{"id":"p1","name":"Bureau","roles":["buyer"]}]}`),
		json.RawMessage(`{"ocid":"o-1","id":"o-1-2","date":"2025-02-01T00:00:00Z","tag":["tenderUpdate"],"initiationType":"tender",
			"tender":{"id":"t","title":"B","description":null,"items":[{"id":"2","description":"y"}],
			"submissionMethod":["electronicSubmission"]},
			"parties":[{"id":"p2","name":"Bidder","roles":["tenderer"]},{"id":"p1","name":"Bureau 2"}]}`),
	}
	out, err := ocds.Compile(releases)
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		ID     string   `json:"id"`
		Date   string   `json:"date"`
		Tag    []string `json:"tag"`
		Tender struct {
			Title            string          `json:"title"`
			Description      *string         `json:"description"`
			Value            json.RawMessage `json:"value"`
			Items            []struct{ ID string }
			SubmissionMethod []string `json:"submissionMethod"`
		} `json:"tender"`
		Parties []struct {
			ID, Name string
			Roles    []string
		} `json:"parties"`
	}
	if err := json.Unmarshal(out, &c); err != nil {
		t.Fatal(err)
	}
	t.Run("OmitWhenMergedReplaced", func(t *testing.T) {
		if c.ID != "o-1-2025-02-01T00:00:00Z" || c.Date != "2025-02-01T00:00:00Z" || len(c.Tag) != 1 || c.Tag[0] != "compiled" {
			t.Errorf("compiled id/date/tag = %s %s %v", c.ID, c.Date, c.Tag)
		}
	})
	t.Run("LaterFieldWinsNullRemoves", func(t *testing.T) {
		if c.Tender.Title != "B" || c.Tender.Description != nil || !strings.Contains(string(c.Tender.Value), "1.10") {
			t.Errorf("tender = %+v (the amount must stay the exact decimal)", c.Tender)
		}
	})
	t.Run("IdentifiedArraysMergeByID", func(t *testing.T) {
		if len(c.Tender.Items) != 2 || len(c.Parties) != 2 || c.Parties[0].Name != "Bureau 2" ||
			len(c.Parties[0].Roles) != 1 || c.Parties[1].ID != "p2" {
			t.Errorf("items %+v, parties %+v", c.Tender.Items, c.Parties)
		}
	})
	t.Run("OtherArraysReplaced", func(t *testing.T) {
		if len(c.Tender.SubmissionMethod) != 1 || c.Tender.SubmissionMethod[0] != "electronicSubmission" {
			t.Errorf("submissionMethod = %v", c.Tender.SubmissionMethod)
		}
	})
	t.Run("NoReleasesIsAnError", func(t *testing.T) {
		if _, err := ocds.Compile(nil); err == nil {
			t.Error("compiled nothing")
		}
	})
}

// input is a published competitive consultation with an opening record
// to show or withhold.
func input() ocds.Input {
	pub, deadline := time.Date(2025, 9, 12, 2, 0, 0, 0, time.UTC), time.Date(2025, 10, 9, 1, 0, 0, 0, time.UTC)
	bureau := &domain.Organization{ID: uuid.New(), Name: "无锡市梁溪区民政局", CreditCode: "11320213MB1234567X", RegionName: "梁溪区"}
	p := &domain.Project{ID: uuid.New(), BureauID: bureau.ID, Title: "困境儿童关爱服务", Description: "个案管理",
		BudgetFen: 50_000_001, Method: domain.MethodCompetitiveConsultation, Status: domain.StatusPublished,
		Criteria:     domain.Criteria{PriceWeight: 30, Technical: []domain.TechnicalItem{{Key: "plan", Name: "服务方案", MaxPoints: 70}}},
		Targets:      []domain.Target{{Indicator: "受益人次", Unit: "人次", Target: 5000}},
		Milestones:   []domain.Milestone{{Name: "首期", Percent: 100, Due: domain.NewDate(2026, 3, 1)}},
		ServiceStart: domain.NewDate(2026, 3, 1), ServiceEnd: domain.NewDate(2026, 12, 31),
		Timeline: domain.Timeline{PublishedAt: &pub, BidDeadline: &deadline, OpeningAt: &deadline}}
	return ocds.Input{OCID: ocds.NewOCID(ocds.DefaultPrefix, p.ID), ReleaseID: "r-1", Date: pub,
		Tags: []string{ocds.TagTender}, Project: p, Bureau: bureau}
}

func TestBuild(t *testing.T) {
	t.Parallel()
	bidder := uuid.New()
	opening := []*domain.OpenedBid{{BidID: uuid.New(), OrganizationID: bidder, OrganizationName: "阳光社工",
		PriceFen: 45_000_012, SubmittedAt: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)}}
	t.Run("SealedWithoutOpening", func(t *testing.T) {
		body, _ := json.Marshal(ocds.Build(input()))
		ocdstest.ValidateRelease(t, body)
		for _, trace := range []string{"tenderer", "numberOfTenderers", `"bids"`, "450000.12", "阳光社工"} {
			if strings.Contains(string(body), trace) {
				t.Errorf("release without an opening record carries %q", trace)
			}
		}
		if !strings.Contains(string(body), `"amount":500000.01`) || !strings.Contains(string(body), `"procurementMethod":"selective"`) {
			t.Errorf("release = %s", body)
		}
	})
	t.Run("OpeningShowsBiddersAndPrices", func(t *testing.T) {
		in := input()
		in.Project.Status, in.Opening = domain.StatusOpened, opening
		in.CreditCodes = map[uuid.UUID]string{bidder: "52320200MJ1234567Y"}
		body, _ := json.Marshal(ocds.Build(in))
		ocdstest.ValidateRelease(t, body)
		for _, want := range []string{`"numberOfTenderers":1`, `"amount":450000.12`, `"id":"CN-USCC-52320200MJ1234567Y"`, `"roles":["tenderer"]`, `"status":"complete"`} {
			if !strings.Contains(string(body), want) {
				t.Errorf("release lacks %s: %s", want, body)
			}
		}
	})
	t.Run("AwardAndContract", func(t *testing.T) {
		in := input()
		in.Project.Status, in.Opening = domain.StatusInService, opening
		award, contract := uuid.New(), uuid.New()
		released := time.Date(2026, 3, 5, 2, 0, 0, 0, time.UTC)
		in.Awards = []ocds.AwardState{{ID: award, Status: ocds.AwardActive, Date: released, SupplierID: bidder,
			SupplierName: "阳光社工", PriceFen: 45_000_012}}
		in.Contracts = []ocds.ContractState{{ID: contract, AwardID: award, Status: ocds.ContractActive, SignedAt: released,
			PriceFen: 45_000_012, ServiceStart: domain.NewDate(2026, 3, 1), ServiceEnd: domain.NewDate(2026, 12, 31),
			Milestones: []ocds.ContractMilestone{{Name: "首期", Percent: 100, AmountFen: 45_000_012, Due: domain.NewDate(2026, 3, 1), ReleasedAt: &released}}}}
		in.Tags = []string{ocds.TagImplementation}
		body, _ := json.Marshal(ocds.Build(in))
		ocdstest.ValidateRelease(t, body)
		for _, want := range []string{`"awardID":"` + award.String() + `"`, `"status":"met"`, `"transactions":[`, `"roles":["tenderer","supplier"]`} {
			if !strings.Contains(string(body), want) {
				t.Errorf("release lacks %s: %s", want, body)
			}
		}
	})
}
