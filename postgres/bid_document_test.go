package postgres_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"hutong/blobstore"
	"hutong/blobstore/blobtest"
	"hutong/domain"
	"hutong/postgres"
)

// CanaryDocument is text inside a document that must never reach blob
// storage or a table in clear.
const CanaryDocument = "CANARY-DOC-91c2 投标文件正文"

// docEnv is a bid environment with a document service on a real
// file:// bucket.
type docEnv struct {
	*bidEnv
	store *blobstore.Store
	docs  *postgres.BidDocumentService
}

func newDocEnv(tb testing.TB) *docEnv {
	tb.Helper()
	e := &docEnv{bidEnv: newBidEnv(tb)}
	s, err := blobstore.Open(context.Background(), blobstore.DefaultURL(tb.TempDir()))
	must(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	e.store, e.docs = s, postgres.NewBidDocumentService(e.db, s)
	return e
}

// pdf is a small PDF carrying the canary.
func pdf(text string) []byte { return []byte("%PDF-1.7\n" + CanaryDocument + text) }

// docx builds a minimal Word package.
func docx(tb testing.TB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, err := z.Create(name)
		must(tb, err)
		_, _ = w.Write([]byte("<w>" + CanaryDocument + "</w>"))
	}
	must(tb, z.Close())
	return buf.Bytes()
}

func (e *docEnv) upload(tb testing.TB, name string, data []byte) *domain.BidDocument {
	tb.Helper()
	d, err := e.docs.UploadBidDocument(context.Background(), e.bidStaff, e.project.ID,
		domain.BidDocumentUpload{OrganizationID: e.bidder.ID, Name: name, Data: data})
	must(tb, err)
	return d
}

// blobs lists the keys in the bucket.
func (e *docEnv) blobs(tb testing.TB) []string {
	tb.Helper()
	keys, err := e.store.Keys(context.Background(), "")
	must(tb, err)
	return keys
}

func TestUploadBidDocument(t *testing.T) {
	t.Parallel()
	e := newDocEnv(t)
	ctx := context.Background()
	d := e.upload(t, `..\方案/服务方案.PDF`, pdf("1"))
	t.Run("OKSealed", func(t *testing.T) {
		sum := sha256.Sum256(pdf("1"))
		if d.Name != "服务方案.pdf" || d.ContentType != domain.DocTypePDF || d.SHA256 != hex.EncodeToString(sum[:]) || d.BidID != nil {
			t.Fatalf("doc = %+v", d)
		}
		keys := e.blobs(t)
		if len(keys) != 1 {
			t.Fatalf("blobs = %v", keys)
		}
		raw, err := e.store.Get(ctx, keys[0])
		must(t, err)
		if bytes.Contains(raw, []byte("CANARY")) || bytes.Contains(raw, []byte("%PDF")) {
			t.Error("the blob holds the document in clear")
		}
		var row string
		must(t, e.db.SQL().QueryRow(`SELECT d::text FROM bid_documents d WHERE id = $1`, d.ID).Scan(&row))
		for _, leak := range []string{"服务方案", "pdf", d.SHA256} {
			if bytes.Contains([]byte(row), []byte(leak)) {
				t.Errorf("the row holds %q in clear: %s", leak, row)
			}
		}
	})
	t.Run("OKDownloadByBidder", func(t *testing.T) {
		got, data, err := e.docs.OpenBidDocument(ctx, e.bidStaff, d.ID)
		must(t, err)
		if !bytes.Equal(data, pdf("1")) || got.Name != d.Name {
			t.Fatalf("download = %+v %q", got, data)
		}
	})
	t.Run("OKDocx", func(t *testing.T) {
		if got := e.upload(t, "budget", docx(t)); got.ContentType != domain.DocTypeDOCX || got.Name != "budget.docx" {
			t.Fatalf("docx = %+v", got)
		}
	})
	for name, tc := range map[string]struct {
		actor *domain.Actor
		in    domain.BidDocumentUpload
		code  string
		field string
	}{
		"ErrType":       {e.bidStaff, domain.BidDocumentUpload{OrganizationID: e.bidder.ID, Name: "x.pdf", Data: []byte("MZ")}, domain.EINVALID, "file"},
		"ErrEmpty":      {e.bidStaff, domain.BidDocumentUpload{OrganizationID: e.bidder.ID, Name: "x.pdf"}, domain.EINVALID, "file"},
		"ErrNoOrg":      {e.bidStaff, domain.BidDocumentUpload{Name: "x.pdf", Data: pdf("")}, domain.EINVALID, "organization_id"},
		"ErrTooLarge":   {e.bidStaff, domain.BidDocumentUpload{OrganizationID: e.bidder.ID, Data: append(pdf(""), make([]byte, 20<<20)...)}, domain.ETOOLARGE, "file"},
		"ErrStranger":   {e.stranger, domain.BidDocumentUpload{OrganizationID: e.bidder.ID, Data: pdf("")}, domain.EFORBIDDEN, ""},
		"ErrBureau":     {e.staff, domain.BidDocumentUpload{OrganizationID: e.bureau.ID, Data: pdf("")}, domain.EFORBIDDEN, ""},
		"ErrAnonymous":  {nil, domain.BidDocumentUpload{OrganizationID: e.bidder.ID, Data: pdf("")}, domain.EUNAUTHORIZED, ""},
		"ErrNoSuchOrgs": {e.bidStaff, domain.BidDocumentUpload{OrganizationID: uuid.New(), Data: pdf("")}, domain.EINVALID, "organization_id"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := e.docs.UploadBidDocument(ctx, tc.actor, e.project.ID, tc.in)
			if tc.field != "" {
				wantField(t, err, tc.code, tc.field)
				return
			}
			wantCode(t, err, tc.code)
		})
	}
	t.Run("NothingLeftByFailures", func(t *testing.T) {
		if n := e.count(t, `SELECT count(*) FROM bid_documents`); n != 2 || len(e.blobs(t)) != 2 {
			t.Errorf("rows %d, blobs %v", n, e.blobs(t))
		}
	})
}

// TestUploadBidDocumentStorageFails: a write refused by the disk is
// EUNAVAILABLE and leaves no row; a transaction that fails after the
// blob was written (the client went away) leaves no blob.
func TestUploadBidDocumentStorageFails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("ErrDiskFails", func(t *testing.T) {
		e := newBidEnv(t)
		broken, _ := blobtest.Broken(t, filepath.Join(t.TempDir(), "data"))
		docs := postgres.NewBidDocumentService(e.db, broken)
		_, err := docs.UploadBidDocument(ctx, e.bidStaff, e.project.ID, domain.BidDocumentUpload{OrganizationID: e.bidder.ID, Data: pdf("")})
		wantCode(t, err, domain.EUNAVAILABLE)
		if n := e.count(t, `SELECT count(*) FROM bid_documents`); n != 0 {
			t.Errorf("%d rows after a failed write", n)
		}
	})
	t.Run("ErrTransactionFailsBlobDeleted", func(t *testing.T) {
		e := newDocEnv(t)
		cctx, cancel := context.WithCancel(ctx)
		docs := postgres.NewBidDocumentService(e.db, &afterPut{BlobStore: e.store, hook: cancel})
		_, err := docs.UploadBidDocument(cctx, e.bidStaff, e.project.ID, domain.BidDocumentUpload{OrganizationID: e.bidder.ID, Data: pdf("")})
		if err == nil {
			t.Fatal("upload succeeded after its context ended")
		}
		if n := e.count(t, `SELECT count(*) FROM bid_documents`); n != 0 || len(e.blobs(t)) != 0 {
			t.Errorf("rows %d, blobs %v", n, e.blobs(t))
		}
	})
}

// afterPut runs hook once a blob has been written: the moment between
// the blob and its row.
type afterPut struct {
	domain.BlobStore
	hook func()
}

func (a *afterPut) Put(ctx context.Context, key string, data []byte) error {
	err := a.BlobStore.Put(ctx, key, data)
	a.hook()
	return err
}

// TestBidNamesDocuments: the bid's receipt covers the documents it
// names; a replacement can change them; the prune after the deadline
// removes what no live bid names, rows and blobs alike.
func TestBidNamesDocuments(t *testing.T) {
	t.Parallel()
	e := newDocEnv(t)
	ctx := context.Background()
	a, b := e.upload(t, "a.pdf", pdf("a")), e.upload(t, "b.pdf", pdf("b"))
	in := bidFor(e.bidder.ID, 45_000_000)
	in.DocumentIDs = []uuid.UUID{a.ID, b.ID}
	first, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, in)
	must(t, err)
	t.Run("OKListedForBidder", func(t *testing.T) {
		got, err := e.docs.FindBidDocuments(ctx, e.bidStaff, first.ID)
		must(t, err)
		if len(got) != 2 || got[0].BidID == nil || *got[0].BidID != first.ID {
			t.Fatalf("documents = %+v", got)
		}
	})
	t.Run("ErrDeleteNamed", func(t *testing.T) {
		wantCode(t, e.docs.DeleteBidDocument(ctx, e.bidStaff, a.ID), domain.ECONFLICT)
	})
	t.Run("ErrOtherBiddersDocument", func(t *testing.T) {
		other, otherStaff := e.newBidder(t, "另一家社工机构", "320213")
		in := bidFor(other.ID, 40_000_000)
		in.DocumentIDs = []uuid.UUID{a.ID}
		_, err := e.bids.SubmitBid(ctx, otherStaff, e.project.ID, in)
		wantField(t, err, domain.EINVALID, "document_ids")
	})
	in.DocumentIDs = []uuid.UUID{b.ID}
	second, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, in)
	must(t, err)
	t.Run("OKReplacementChangesDocuments", func(t *testing.T) {
		if second.Receipt.ContentSHA256 == first.Receipt.ContentSHA256 {
			t.Error("the receipt did not change")
		}
		got, err := e.docs.FindBidDocuments(ctx, e.bidStaff, second.ID)
		must(t, err)
		if len(got) != 1 || got[0].ID != b.ID {
			t.Fatalf("documents = %+v", got)
		}
		must(t, e.docs.DeleteBidDocument(ctx, e.bidStaff, a.ID))
		if len(e.blobs(t)) != 1 {
			t.Errorf("blobs = %v", e.blobs(t))
		}
	})
	unused := e.upload(t, "unused.pdf", pdf("u"))
	t.Run("OKPruneWaitsForDeadline", func(t *testing.T) {
		n, err := e.docs.PruneBidDocuments(ctx)
		if err != nil || n != 0 {
			t.Fatalf("pruned %d, %v", n, err)
		}
	})
	e.clock.Advance(e.deadline.Sub(e.clock.Now()))
	_, err = e.projects.CloseBidding(ctx, e.project.ID)
	must(t, err)
	t.Run("OKPruneAfterDeadline", func(t *testing.T) {
		n, err := e.docs.PruneBidDocuments(ctx)
		if err != nil || n != 1 {
			t.Fatalf("pruned %d, %v", n, err)
		}
		_, err = e.docs.FindBidDocumentByID(ctx, e.bidStaff, unused.ID)
		wantCode(t, err, domain.ENOTFOUND)
		if len(e.blobs(t)) != 1 {
			t.Errorf("blobs = %v", e.blobs(t))
		}
	})
	_, err = e.bids.OpenBids(ctx, e.project.ID)
	must(t, err)
	t.Run("OKOpeningChecksReceiptWithDocuments", func(t *testing.T) {
		rec, err := e.bids.FindOpening(ctx, nil, e.project.ID)
		must(t, err)
		if len(rec) != 1 || rec[0].ContentSHA256 != second.Receipt.ContentSHA256 {
			t.Fatalf("record = %+v", rec)
		}
	})
}

// TestWithdrawnBidDocumentsPruned: a withdrawn bid lets go of its
// documents, which go at the prune after the deadline.
func TestWithdrawnBidDocumentsPruned(t *testing.T) {
	t.Parallel()
	e := newDocEnv(t)
	ctx := context.Background()
	d := e.upload(t, "a.pdf", pdf("a"))
	in := bidFor(e.bidder.ID, 45_000_000)
	in.DocumentIDs = []uuid.UUID{d.ID}
	bid, err := e.bids.SubmitBid(ctx, e.bidStaff, e.project.ID, in)
	must(t, err)
	_, err = e.bids.WithdrawBid(ctx, e.bidStaff, bid.ID)
	must(t, err)
	e.clock.Advance(e.deadline.Sub(e.clock.Now()) + time.Second)
	n, err := e.docs.PruneBidDocuments(ctx)
	if err != nil || n != 1 || len(e.blobs(t)) != 0 {
		t.Fatalf("pruned %d, %v; blobs %v", n, err, e.blobs(t))
	}
}
