package postgres_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

// TestBidDocumentsSealed: one second before the opening nobody but the
// bidder learns of the document through any method, the audit log
// included; one second after, the bureau's staff and evaluators read it
// and nobody else does.
func TestBidDocumentsSealed(t *testing.T) {
	t.Parallel()
	e := newDocEnv(t)
	ctx := context.Background()
	d := e.upload(t, "方案.pdf", pdf("s"))
	in := bidFor(e.bidder.ID, 45_000_000)
	in.DocumentIDs = []uuid.UUID{d.ID}
	bid, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, in)
	must(t, err)
	evaluator := e.actor(t, e.register(t, "Evaluator"))
	_, err = e.members.AddMember(ctx, e.owner, e.bureau.ID, domain.MemberInput{UserID: evaluator.User.ID, Roles: []domain.Role{domain.RoleEvaluator}})
	must(t, err)
	evaluator = e.actor(t, evaluator.User)
	_, rivalStaff := e.newBidder(t, "另一家社工机构", "320213")
	admin := e.platform
	hidden := func(t *testing.T, who string, a *domain.Actor) {
		t.Helper()
		if _, err := e.docs.FindBidDocumentByID(ctx, a, d.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("%s: find = %v", who, err)
		}
		if _, _, err := e.docs.OpenBidDocument(ctx, a, d.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("%s: open = %v", who, err)
		}
		if _, err := e.docs.FindBidDocuments(ctx, a, bid.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("%s: list = %v", who, err)
		}
		if a != nil {
			if got, err := e.docs.FindMyBidDocuments(ctx, a, e.project.ID); err != nil || len(got) != 0 {
				t.Errorf("%s: mine = %v, %v", who, got, err)
			}
		}
	}
	readable := func(t *testing.T, who string, a *domain.Actor) {
		t.Helper()
		if _, data, err := e.docs.OpenBidDocument(ctx, a, d.ID); err != nil || string(data) != string(pdf("s")) {
			t.Errorf("%s: open = %v", who, err)
		}
		if got, err := e.docs.FindBidDocuments(ctx, a, bid.ID); err != nil || len(got) != 1 {
			t.Errorf("%s: list = %v, %v", who, got, err)
		}
	}
	e.clock.Advance(e.deadline.Sub(e.clock.Now()))
	_, err = e.projects.CloseBidding(ctx, e.project.ID)
	must(t, err)
	e.clock.Advance(-time.Second)
	t.Run("BeforeOpening", func(t *testing.T) {
		for who, a := range map[string]*domain.Actor{"bureau owner": e.owner, "bureau staff": e.staff, "evaluator": evaluator,
			"rival": rivalStaff, "platform admin": admin, "anonymous": nil} {
			hidden(t, who, a)
		}
		readable(t, "bidder", e.bidStaff)
		entries, _, err := e.audit.FindAuditEntries(ctx, admin, nil, domain.Page{Limit: 100})
		must(t, err)
		for _, en := range entries {
			if strings.Contains(en.ObjectType, "document") || en.ObjectID == d.ID.String() {
				t.Errorf("the audit log shows the document: %+v", en)
			}
		}
	})
	e.clock.Advance(2 * time.Second)
	if ok, err := e.bids.OpenBids(ctx, e.project.ID); err != nil || !ok {
		t.Fatalf("opened %v, %v", ok, err)
	}
	t.Run("AfterOpening", func(t *testing.T) {
		for who, a := range map[string]*domain.Actor{"bureau owner": e.owner, "bureau staff": e.staff, "evaluator": evaluator, "bidder": e.bidStaff} {
			readable(t, who, a)
		}
		for who, a := range map[string]*domain.Actor{"rival": rivalStaff, "platform admin": admin, "anonymous": nil} {
			hidden(t, who, a)
		}
	})
}

// TestBidDocumentUploadsRaceTheDeadline: uploads racing the close of
// bidding are each wholly in (row and blob) or wholly out (neither).
func TestBidDocumentUploadsRaceTheDeadline(t *testing.T) {
	t.Parallel()
	e := newDocEnv(t)
	ctx := context.Background()
	e.clock.Advance(e.deadline.Sub(e.clock.Now()) - time.Millisecond)
	var wg sync.WaitGroup
	var mu sync.Mutex
	stored := 0
	for i := range 16 {
		wg.Go(func() {
			_, err := e.docs.UploadBidDocument(ctx, e.bidStaff, e.project.ID,
				domain.BidDocumentUpload{OrganizationID: e.bidder.ID, Name: "f.pdf", Data: pdf(strings.Repeat("x", i))})
			if err == nil {
				mu.Lock()
				stored++
				mu.Unlock()
			} else if domain.ErrorCode(err) != domain.ECONFLICT {
				t.Errorf("upload: %v", err)
			}
		})
		if i == 8 {
			e.clock.Advance(time.Millisecond)
			_, err := e.projects.CloseBidding(ctx, e.project.ID)
			must(t, err)
		}
	}
	wg.Wait()
	rows := e.count(t, `SELECT count(*) FROM bid_documents`)
	if rows != stored || len(e.blobs(t)) != stored {
		t.Fatalf("stored %d, rows %d, blobs %d", stored, rows, len(e.blobs(t)))
	}
}

// TestConfirmKeepsDocuments: confirming a bid after a substantive
// amendment reseals its content with the documents it named, so the new
// receipt still covers them and the opening checks out.
func TestConfirmKeepsDocuments(t *testing.T) {
	t.Parallel()
	e := newDocEnv(t)
	ctx := context.Background()
	d := e.upload(t, "a.pdf", pdf("c"))
	in := bidFor(e.bidder.ID, 45_000_000)
	in.DocumentIDs = []uuid.UUID{d.ID}
	bid, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, in)
	must(t, err)
	_, err = e.db.SQL().Exec(`UPDATE bids SET status = 'needs_confirmation' WHERE id = $1`, bid.ID)
	must(t, err)
	e.clock.Advance(time.Minute)
	confirmed, err := e.bids.ConfirmBid(ctx, e.bidStaff, bid.ID)
	must(t, err)
	if confirmed.Receipt.ContentSHA256 == bid.Receipt.ContentSHA256 {
		t.Error("the receipt did not change")
	}
	e.clock.Advance(e.deadline.Sub(e.clock.Now()))
	_, err = e.projects.CloseBidding(ctx, e.project.ID)
	must(t, err)
	if ok, err := e.bids.OpenBids(ctx, e.project.ID); err != nil || !ok {
		t.Fatalf("opened %v, %v", ok, err)
	}
	if got, err := e.docs.FindBidDocuments(ctx, e.owner, bid.ID); err != nil || len(got) != 1 {
		t.Fatalf("documents after opening = %v, %v", got, err)
	}
}
