package postgres_test

import (
	"context"
	"testing"
	"time"

	"hutong/domain"
)

func TestComplaints(t *testing.T) {
	t.Parallel()
	e := newAwardEnv(t)
	ctx := context.Background()
	a := e.award(t)
	t.Run("ErrNotABidder", func(t *testing.T) {
		other, owner := e.newBidder(t, "旁观社工中心", "320213")
		_, err := e.awards.FileComplaint(ctx, owner, e.project.ID,
			domain.ComplaintInput{OrganizationID: other.ID, Grounds: "我们认为评审存在问题,请复核。"})
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("ErrActingForAnotherOrg", func(t *testing.T) {
		_, err := e.awards.FileComplaint(ctx, e.bidStaff, e.project.ID,
			domain.ComplaintInput{OrganizationID: e.bidderOrgs[1].ID, Grounds: "冒名提出的质疑,应被拒绝。"})
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("ErrShortGrounds", func(t *testing.T) {
		_, err := e.awards.FileComplaint(ctx, e.bidStaff, e.project.ID, domain.ComplaintInput{OrganizationID: e.bidder.ID, Grounds: "不服"})
		wantField(t, err, domain.EINVALID, "grounds")
	})
	c1, err := e.complain(t, 1)
	must(t, err)
	c2, err := e.complain(t, 2)
	must(t, err)
	t.Run("ErrSecondComplaint", func(t *testing.T) {
		_, err := e.complain(t, 1)
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("OKWhoSeesWhat", func(t *testing.T) {
		all, err := e.awards.FindComplaints(ctx, e.staff, e.project.ID)
		must(t, err)
		mine, err := e.awards.FindComplaints(ctx, e.ownerOf(t, e.bidderOrgs[1]), e.project.ID)
		must(t, err)
		public, err := e.awards.FindComplaints(ctx, nil, e.project.ID)
		must(t, err)
		if len(all) != 2 || len(mine) != 1 || mine[0].ID != c1.ID || len(public) != 0 {
			t.Errorf("bureau %d, complainant %d, public %d", len(all), len(mine), len(public))
		}
	})
	t.Run("ErrBidderMayNotAnswer", func(t *testing.T) {
		_, err := e.awards.AnswerComplaint(ctx, e.ownerOf(t, e.bidderOrgs[1]), c1.ID,
			domain.ComplaintAnswer{Response: "自己答复自己的质疑不被允许。"})
		wantCode(t, err, domain.EFORBIDDEN)
	})
	t.Run("ErrStrangerCannotSeeComplaint", func(t *testing.T) {
		_, err := e.awards.AnswerComplaint(ctx, e.stranger, c1.ID, domain.ComplaintAnswer{Response: "陌生人无权答复质疑。"})
		wantCode(t, err, domain.ENOTFOUND)
	})
	t.Run("ErrShortResponse", func(t *testing.T) {
		_, err := e.awards.AnswerComplaint(ctx, e.staff, c1.ID, domain.ComplaintAnswer{Response: "驳回"})
		wantField(t, err, domain.EINVALID, "response")
	})
	_, err = e.awards.AnswerComplaint(ctx, e.staff, c1.ID, domain.ComplaintAnswer{Response: "经复核,评分标准适用一致,质疑不成立。"})
	must(t, err)
	t.Run("OKAnsweredIsPublicWithoutComplainant", func(t *testing.T) {
		public, err := e.awards.FindComplaints(ctx, nil, e.project.ID)
		must(t, err)
		if len(public) != 1 || public[0].OrganizationID != nil || public[0].OrganizationName != "" ||
			public[0].Status != domain.ComplaintRejected {
			t.Errorf("public = %+v", public)
		}
	})
	t.Run("OKPendingComplaintHoldsTheAward", func(t *testing.T) {
		e.clock.Advance(a.ComplaintDeadline.Sub(e.clock.Now()) + time.Hour)
		ok, err := e.awards.FinalizeAward(ctx, e.project.ID)
		must(t, err)
		if ok {
			t.Fatal("finalised with a complaint pending")
		}
		_, err = e.complain(t, 0)
		wantCode(t, err, domain.ECONFLICT)
	})
	t.Run("OKLastRejectionAfterTheWindowMakesItFinal", func(t *testing.T) {
		_, err := e.awards.AnswerComplaint(ctx, e.staff, c2.ID, domain.ComplaintAnswer{Response: "经复核,价格分计算无误,质疑不成立。"})
		must(t, err)
		got, err := e.awards.FindAward(ctx, nil, e.project.ID)
		must(t, err)
		if got.Status != domain.AwardFinal || got.ContractID == nil || e.status(t) != domain.StatusContracted {
			t.Errorf("award = %+v, project %s", got, e.status(t))
		}
	})
	t.Run("ErrAnswerTwice", func(t *testing.T) {
		_, err := e.awards.AnswerComplaint(ctx, e.staff, c2.ID, domain.ComplaintAnswer{Response: "再次答复同一质疑,应当被拒绝。"})
		wantCode(t, err, domain.ECONFLICT)
	})
}

func TestUpheldComplaintReturnsToEvaluation(t *testing.T) {
	t.Parallel()
	e := newAwardEnv(t)
	ctx := context.Background()
	first := e.award(t)
	c1, err := e.complain(t, 1)
	must(t, err)
	c2, err := e.complain(t, 2)
	must(t, err)
	_, err = e.awards.AnswerComplaint(ctx, e.staff, c1.ID, domain.ComplaintAnswer{Upheld: true, Response: "质疑成立:技术分汇总有误,重新评审。"})
	must(t, err)
	t.Run("OKAwardCancelledProjectOpened", func(t *testing.T) {
		got, err := e.awards.FindAward(ctx, nil, e.project.ID)
		must(t, err)
		if got.ID != first.ID || got.Status != domain.AwardCancelled || got.CancelledAt == nil {
			t.Errorf("award = %+v", got)
		}
		if s := e.status(t); s != domain.StatusOpened {
			t.Errorf("status = %s", s)
		}
		if n := e.count(t, `SELECT count(*) FROM evaluation_results WHERE project_id = $1`, e.project.ID); n != 0 {
			t.Errorf("results left = %d", n)
		}
		all, err := e.awards.FindComplaints(ctx, e.staff, e.project.ID)
		must(t, err)
		for _, c := range all {
			if c.ID == c2.ID && c.Status != domain.ComplaintSuperseded {
				t.Errorf("other complaint = %s", c.Status)
			}
		}
	})
	t.Run("OKReevaluatedAndAwardedAgain", func(t *testing.T) {
		e.score(t, e.ev1, e.bidIDs[1], domain.WholePoints(40), domain.WholePoints(30))
		_, err := e.evals.FinalizeEvaluation(ctx, e.staff, e.project.ID)
		must(t, err)
		second := e.award(t)
		if second.ID == first.ID || second.BidID != e.bidIDs[1] {
			t.Errorf("second award = %+v", second)
		}
		// The old award's finalize job finds nothing to do until the new
		// window closes.
		e.clock.Advance(first.ComplaintDeadline.Sub(e.clock.Now()) + time.Minute)
		ok, err := e.awards.FinalizeAward(ctx, e.project.ID)
		must(t, err)
		if ok != !e.clock.Now().Before(second.ComplaintDeadline) {
			t.Errorf("finalize = %v", ok)
		}
	})
}
