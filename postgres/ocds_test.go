package postgres_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hutong/domain"
	"hutong/ocds"
	"hutong/ocds/ocdstest"
	"hutong/postgres"
)

// ocdsEnv is a tender with three bidders' sealed bids, published with an
// opening an hour after its deadline, and the OCDS service over it.
type ocdsEnv struct {
	*evalEnv
	ocds    *postgres.OCDSService
	opening time.Time
	ocid    string
	prices  []int64
}

func newOCDSEnv(tb testing.TB) *ocdsEnv {
	tb.Helper()
	ctx := context.Background()
	te := newTenderEnv(tb, shanghai(2025, 9, 12, 10))
	deadline := shanghai(2025, 10, 9, 9)
	e := &ocdsEnv{evalEnv: &evalEnv{bidEnv: &bidEnv{tenderEnv: te, bids: postgres.NewBidService(te.db), deadline: deadline}},
		ocds: postgres.NewOCDSService(te.db, ocds.Publisher{Name: "护童 Hutong", URI: "https://hutong.example.org"}),
		// Prices with fen in them, so that the exact decimals are checked.
		opening: deadline.Add(time.Hour), prices: []int64{45_000_012, 42_000_000, 48_000_050}}
	e.evals = postgres.NewEvaluationService(te.db)
	p, err := te.projects.PublishProject(ctx, te.staff, te.create(tb, nil).ID, deadline, e.opening)
	must(tb, err)
	e.project, e.ocid = p, ocds.NewOCID(ocds.DefaultPrefix, p.ID)
	for i, price := range e.prices {
		org, staff := e.newBidder(tb, "社工机构"+string(rune('甲'+i)), "320213")
		b, err := e.bids.SubmitBid(ctx, staff, p.ID, bidFor(org.ID, price))
		must(tb, err)
		e.bidIDs, e.bidderOrgs = append(e.bidIDs, b.ID), append(e.bidderOrgs, org)
		e.clock.Advance(time.Minute)
	}
	e.ev1, e.ev2 = e.evaluator(tb), e.evaluator(tb)
	return e
}

// feed returns every release package page after since, validated.
func (e *ocdsEnv) feed(tb testing.TB, since time.Time, limit int) []string {
	tb.Helper()
	var pages []string
	cursor := ""
	for {
		pkg, next, err := e.ocds.ReleasePackage(context.Background(),
			ocds.ReleaseQuery{Since: since, Page: domain.Page{Limit: limit, Cursor: cursor}})
		must(tb, err)
		body, err := json.Marshal(pkg)
		must(tb, err)
		ocdstest.ValidateReleasePackage(tb, body)
		pages = append(pages, string(body))
		if next == "" {
			return pages
		}
		cursor = next
	}
}

// record returns the project's record package, validated.
func (e *ocdsEnv) record(tb testing.TB) (string, *ocds.RecordPackage) {
	tb.Helper()
	pkg, err := e.ocds.RecordPackage(context.Background(), e.ocid)
	must(tb, err)
	body, err := json.Marshal(pkg)
	must(tb, err)
	ocdstest.ValidateRecordPackage(tb, body)
	return string(body), pkg
}

// compiled decodes the record's compiled release.
func compiled(tb testing.TB, pkg *ocds.RecordPackage) map[string]any {
	tb.Helper()
	var out map[string]any
	must(tb, json.Unmarshal(pkg.Records[0].CompiledRelease, &out))
	return out
}

// sealedTraces are what must not appear in any OCDS document before the
// opening: bidder names and credit codes, bid ids, prices, the proposal,
// and the fields that would count or name bidders.
func (e *ocdsEnv) sealedTraces() []string {
	out := []string{CanaryProposal, `"tenderers"`, `"numberOfTenderers"`, `"bids"`, `"tenderer"`,
		"450000.12", "420000", "480000.5"}
	for i, org := range e.bidderOrgs {
		out = append(out, org.Name, org.CreditCode, e.bidIDs[i].String(), org.ID.String())
	}
	return out
}

func TestOCDSSealedUntilOpening(t *testing.T) {
	t.Parallel()
	e := newOCDSEnv(t)
	ctx := context.Background()
	e.clock.Advance(e.deadline.Sub(e.clock.Now()))
	_, err := e.projects.CloseBidding(ctx, e.project.ID)
	must(t, err)
	e.clock.Advance(e.opening.Add(-time.Second).Sub(e.clock.Now()))
	opened, err := e.bids.OpenBids(ctx, e.project.ID)
	must(t, err)
	if opened {
		t.Fatal("opened a second before the opening time")
	}
	t.Run("NothingSealedOneSecondBefore", func(t *testing.T) {
		body, _ := e.record(t)
		docs := append(e.feed(t, time.Time{}, 1), body)
		for _, doc := range docs {
			for _, trace := range e.sealedTraces() {
				if strings.Contains(doc, trace) {
					t.Errorf("an OCDS document before the opening contains %q:\n%s", trace, doc)
				}
			}
		}
	})
	e.clock.Advance(2 * time.Second)
	opened, err = e.bids.OpenBids(ctx, e.project.ID)
	must(t, err)
	if !opened {
		t.Fatal("not opened a second after the opening time")
	}
	t.Run("OpeningRecordPublishedOneSecondAfter", func(t *testing.T) {
		body, pkg := e.record(t)
		for _, want := range []string{"450000.12", "420000", "480000.5", `"numberOfTenderers":3`} {
			if !strings.Contains(body, want) {
				t.Errorf("record after the opening lacks %s:\n%s", want, body)
			}
		}
		tender := compiled(t, pkg)["tender"].(map[string]any)
		if n := len(tender["tenderers"].([]any)); n != 3 {
			t.Errorf("compiled tenderers = %d, want 3", n)
		}
		for _, org := range e.bidderOrgs {
			if !strings.Contains(body, org.Name) {
				t.Errorf("record lacks bidder %s", org.Name)
			}
		}
		if strings.Contains(body, CanaryProposal) {
			t.Error("the technical proposal is not part of the opening record")
		}
	})
}

func TestOCDSReleasesFollowTheTender(t *testing.T) {
	t.Parallel()
	e := newOCDSEnv(t)
	ctx := context.Background()
	desc := "为辖区困境儿童提供个案管理、入户走访、心理疏导和家庭教育指导服务。"
	_, err := e.projects.AmendProject(ctx, e.staff, e.project.ID, domain.ProjectAmendment{Description: &desc, Reason: "补充服务内容"})
	must(t, err)
	e.clock.Advance(e.deadline.Sub(e.clock.Now()))
	_, err = e.projects.CloseBidding(ctx, e.project.ID)
	must(t, err)
	e.clock.Advance(e.opening.Sub(e.clock.Now()))
	_, err = e.bids.OpenBids(ctx, e.project.ID)
	must(t, err)
	for _, ev := range []*domain.Actor{e.ev1, e.ev2} {
		e.declare(t, ev)
		for _, b := range e.bidIDs {
			e.score(t, ev, b, 3000, 2000)
		}
	}
	e.clock.Advance(time.Hour)
	_, err = e.evals.FinalizeEvaluation(ctx, e.staff, e.project.ID)
	must(t, err)

	body, pkg := e.record(t)
	rec := pkg.Records[0]
	t.Run("OneReleasePerChange", func(t *testing.T) {
		want := [][]string{{"tender"}, {"tenderAmendment"}, {"tenderUpdate"}, {"tenderUpdate"}, {"tenderUpdate"}}
		if len(rec.Releases) != len(want) {
			t.Fatalf("releases = %d, want %d:\n%s", len(rec.Releases), len(want), body)
		}
		ids := map[string]bool{}
		for i, raw := range rec.Releases {
			var r struct {
				ID   string
				OCID string
				Tag  []string
			}
			must(t, json.Unmarshal(raw, &r))
			if strings.Join(r.Tag, ",") != strings.Join(want[i], ",") || r.OCID != e.ocid || ids[r.ID] {
				t.Errorf("release %d = %+v, want tags %v, ocid %s, a new id", i, r, want[i], e.ocid)
			}
			ids[r.ID] = true
		}
	})
	t.Run("CompiledReleaseMerged", func(t *testing.T) {
		c := compiled(t, pkg)
		tender := c["tender"].(map[string]any)
		if tender["status"] != "complete" || tender["description"] != desc || tender["procurementMethod"] != "open" ||
			tender["mainProcurementCategory"] != "services" || tender["awardCriteria"] != "ratedCriteria" {
			t.Errorf("compiled tender = %v", tender)
		}
		if v := tender["value"].(map[string]any); v["amount"] != json.Number("500000") && v["amount"] != float64(500000) {
			t.Errorf("tender value = %v, want 500000 CNY", v)
		}
		if tags := c["tag"].([]any); len(tags) != 1 || tags[0] != "compiled" {
			t.Errorf("compiled tag = %v", tags)
		}
		if am := tender["amendments"].([]any); len(am) != 1 || am[0].(map[string]any)["rationale"] != "补充服务内容" {
			t.Errorf("amendments = %v", am)
		}
		parties := c["parties"].([]any)
		if len(parties) != 4 || parties[0].(map[string]any)["roles"].([]any)[0] != "buyer" {
			t.Errorf("parties = %v, want the bureau as buyer and three tenderers", parties)
		}
	})
	t.Run("CodelistsChecked", func(t *testing.T) {
		var doc any
		must(t, json.Unmarshal([]byte(body), &doc))
		seen := ocdstest.Coded(doc)
		for _, l := range []string{"releaseTag", "initiationType", "language", "partyRole", "tenderStatus", "method",
			"procurementCategory", "awardCriteria", "submissionMethod", "currency", "milestoneType", "milestoneStatus",
			"classificationScheme"} {
			if !seen[l] {
				t.Errorf("no value of codelist %s was checked", l)
			}
		}
	})
	t.Run("FeedPagesEveryRelease", func(t *testing.T) {
		pages := e.feed(t, time.Time{}, 2)
		if len(pages) != 3 {
			t.Fatalf("pages of 2 = %d, want 3", len(pages))
		}
		if got := e.feed(t, e.clock.Now(), 10); len(got) != 1 || !strings.Contains(got[0], `"releases":[]`) {
			t.Errorf("feed after the last release = %v, want one empty page", got)
		}
	})
}

func TestOCDSFailedCancelledAndDrafts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("FailedIsUnsuccessful", func(t *testing.T) {
		t.Parallel()
		e := newEvalEnv(t, 45_000_000, 42_000_000)
		e.declare(t, e.ev1)
		for _, b := range e.bidIDs {
			e.score(t, e.ev1, b, 3000, 2000)
		}
		_, err := e.evals.FinalizeEvaluation(ctx, e.staff, e.project.ID)
		must(t, err)
		svc := postgres.NewOCDSService(e.db, ocds.Publisher{Name: "护童", URI: "https://hutong.example.org"})
		pkg, err := svc.RecordPackage(ctx, ocds.NewOCID(ocds.DefaultPrefix, e.project.ID))
		must(t, err)
		body, _ := json.Marshal(pkg)
		ocdstest.ValidateRecordPackage(t, body)
		tender := compiled(t, pkg)["tender"].(map[string]any)
		if tender["status"] != "unsuccessful" || tender["finalStatus"] != "unsuccessful" {
			t.Errorf("failed tender = %v, want unsuccessful", tender)
		}
	})
	t.Run("DraftsNeverReleased", func(t *testing.T) {
		t.Parallel()
		te := newTenderEnv(t, shanghai(2025, 9, 12, 10))
		draft := te.create(t, nil)
		_, err := te.projects.CancelProject(ctx, te.staff, draft.ID, "预算调整")
		must(t, err)
		svc := postgres.NewOCDSService(te.db, ocds.Publisher{Name: "护童", URI: "https://hutong.example.org"})
		_, err = svc.RecordPackage(ctx, ocds.NewOCID(ocds.DefaultPrefix, draft.ID))
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("record of a cancelled draft: err = %v, want ENOTFOUND", err)
		}
		if n := te.count(t, `SELECT count(*) FROM ocds_releases`); n != 0 {
			t.Fatalf("releases = %d, want none for drafts", n)
		}
	})
	t.Run("CancellationReleased", func(t *testing.T) {
		t.Parallel()
		te := newTenderEnv(t, shanghai(2025, 9, 12, 10))
		p := te.publish(t, te.create(t, nil), shanghai(2025, 10, 9, 9))
		_, err := te.projects.CancelProject(ctx, te.staff, p.ID, "预算调整")
		must(t, err)
		svc := postgres.NewOCDSService(te.db, ocds.Publisher{Name: "护童", URI: "https://hutong.example.org"})
		pkg, err := svc.RecordPackage(ctx, ocds.NewOCID(ocds.DefaultPrefix, p.ID))
		must(t, err)
		body, _ := json.Marshal(pkg)
		ocdstest.ValidateRecordPackage(t, body)
		tender := compiled(t, pkg)["tender"].(map[string]any)
		if len(pkg.Records[0].Releases) != 2 || tender["status"] != "cancelled" ||
			!strings.Contains(tender["finalStatusDetails"].(string), "预算调整") {
			t.Errorf("cancelled tender = %v (%d releases)", tender, len(pkg.Records[0].Releases))
		}
		if !strings.Contains(string(pkg.Records[0].Releases[1]), `"tag":["tenderCancellation"]`) {
			t.Errorf("second release is not a cancellation: %s", pkg.Records[0].Releases[1])
		}
	})
}

func TestOCDSReleasesAppendOnly(t *testing.T) {
	t.Parallel()
	te := newTenderEnv(t, shanghai(2025, 9, 12, 10))
	te.publish(t, te.create(t, nil), shanghai(2025, 10, 9, 9))
	ctx := context.Background()
	if err := te.db.Gorm().WithContext(ctx).Exec(`UPDATE ocds_releases SET tags = '{tender}'`).Error; err == nil {
		t.Error("a published release was changed")
	}
	if err := te.db.Gorm().WithContext(ctx).Exec(`DELETE FROM ocds_releases`).Error; err == nil {
		t.Error("a published release was deleted")
	}
	svc := postgres.NewOCDSService(te.db, ocds.Publisher{Name: "护童", URI: "https://hutong.example.org"})
	_, _, err := svc.ReleasePackage(ctx, ocds.ReleaseQuery{Page: domain.Page{Cursor: "nonsense"}})
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("bad cursor: err = %v, want EINVALID", err)
	}
}
