package postgres_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"hutong/domain"
	"hutong/ocds"
	"hutong/ocds/ocdstest"
	"hutong/postgres"
)

// awardRecord returns the validated record and its compiled release,
// checking that the award and contract services' own hooks published
// the latest release with tags (an implementation after the first is
// an implementationUpdate).
func awardRecord(tb testing.TB, e *awardEnv, tags ...string) (*ocds.RecordPackage, map[string]any) {
	tb.Helper()
	ctx := context.Background()
	svc := postgres.NewOCDSService(e.db, ocds.Publisher{Name: "护童", URI: "https://hutong.example.org"})
	pkg, err := svc.RecordPackage(ctx, ocds.NewOCID(ocds.DefaultPrefix, e.project.ID))
	must(tb, err)
	body, err := json.Marshal(pkg)
	must(tb, err)
	ocdstest.ValidateRecordPackage(tb, body)
	if got, want := lastTags(tb, pkg), strings.Join(tags, ","); got != want && got != want+"Update" {
		tb.Errorf("latest release tags = %s, want %s", got, want)
	}
	return pkg, compiled(tb, pkg)
}

// lastTags are the tags of the record's latest release.
func lastTags(tb testing.TB, pkg *ocds.RecordPackage) string {
	tb.Helper()
	var r struct{ Tag []string }
	rs := pkg.Records[0].Releases
	must(tb, json.Unmarshal(rs[len(rs)-1], &r))
	return strings.Join(r.Tag, ",")
}

func TestOCDSAwardContractImplementation(t *testing.T) {
	t.Parallel()
	e := newAwardEnv(t)
	ctx := context.Background()
	a := e.award(t)
	t.Run("PendingDuringComplaintWindow", func(t *testing.T) {
		_, c := awardRecord(t, e, ocds.TagAward)
		aw := c["awards"].([]any)[0].(map[string]any)
		if aw["status"] != "pending" || aw["id"] != a.ID.String() || aw["value"].(map[string]any)["currency"] != "CNY" {
			t.Errorf("award = %v", aw)
		}
	})
	e.clock.Advance(a.ComplaintDeadline.Sub(e.clock.Now()))
	_, err := e.awards.FinalizeAward(ctx, e.project.ID)
	must(t, err)
	t.Run("ActiveWithContract", func(t *testing.T) {
		pkg, c := awardRecord(t, e, ocds.TagAwardUpdate, ocds.TagContract)
		aw := c["awards"].([]any)[0].(map[string]any)
		ct := c["contracts"].([]any)[0].(map[string]any)
		if aw["status"] != "active" || ct["status"] != "active" || ct["awardID"] != a.ID.String() ||
			len(ct["milestones"].([]any)) != 2 || lastTags(t, pkg) != "awardUpdate,contract" {
			t.Errorf("award %v, contract %v, tags %s", aw, ct, lastTags(t, pkg))
		}
		if !strings.Contains(string(pkg.Records[0].CompiledRelease), `"roles":["tenderer","supplier"]`) {
			t.Errorf("the winner is not a supplier party: %s", pkg.Records[0].CompiledRelease)
		}
	})
	contract, err := e.awards.FindAward(ctx, nil, e.project.ID)
	must(t, err)
	for i, period := range [][2]domain.Date{{domain.NewDate(2026, 3, 1), domain.NewDate(2026, 6, 30)},
		{domain.NewDate(2026, 7, 1), domain.NewDate(2026, 12, 31)}} {
		r, err := e.contracts.SubmitReport(ctx, e.bidStaff, *contract.ContractID, reportInput(period[0], period[1]))
		must(t, err)
		_, err = e.contracts.ReviewReport(ctx, e.staff, r.ID, domain.ReportReview{Accept: true, Comment: "通过"})
		must(t, err)
		pkg, c := awardRecord(t, e, ocds.TagImplementation)
		ct := c["contracts"].([]any)[0].(map[string]any)
		impl := ct["implementation"].(map[string]any)
		wantTag, wantStatus := "implementation", "active"
		if i == 1 {
			wantTag, wantStatus = "implementationUpdate", "terminated"
		}
		if n := len(impl["transactions"].([]any)); n != i+1 || lastTags(t, pkg) != wantTag || ct["status"] != wantStatus {
			t.Errorf("after report %d: transactions %d, tags %s, contract %v", i+1, n, lastTags(t, pkg), ct["status"])
		}
	}
}

func TestOCDSAwardCancelledByComplaint(t *testing.T) {
	t.Parallel()
	e := newAwardEnv(t)
	ctx := context.Background()
	e.award(t)
	c, err := e.complain(t, 1)
	must(t, err)
	_, err = e.awards.AnswerComplaint(ctx, e.staff, c.ID, domain.ComplaintAnswer{Upheld: true, Response: "质疑成立,重新评审。"})
	must(t, err)
	_, comp := awardRecord(t, e, ocds.TagAwardCancellation)
	if aw := comp["awards"].([]any)[0].(map[string]any); aw["status"] != "cancelled" {
		t.Errorf("award after an upheld complaint = %v", aw)
	}
}
