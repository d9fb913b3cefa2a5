package api_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/google/uuid"

	"hutong/api"
	"hutong/blobstore"
	"hutong/blobstore/blobtest"
	"hutong/domain"
	"hutong/postgres"
)

func init() {
	for _, ct := range []string{domain.DocTypePDF, domain.DocTypeDOCX, domain.DocTypeXLSX, domain.DocTypeJPEG, domain.DocTypePNG} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}

// docCanary is text inside an uploaded document, and docName its name:
// neither may reach anyone who may not read the document.
const (
	docCanary = "CANARY-DOC-5d1e 投标文件"
	docName   = "阳光社工服务方案"
)

// docScene is a published project with a bidder that uploaded a document
// and bid with it, an evaluator of the bureau, and the others.
type docScene struct {
	h                                               *harness
	project                                         project
	bidder                                          org
	bidStaff, bureau, evaluator, rival, admin, anon *client
	bid                                             bidResponse
	doc                                             docResponse
	store                                           *blobstore.Store
}

type docResponse struct {
	ID          string  `json:"id"`
	BidID       *string `json:"bid_id"`
	Name        string  `json:"name"`
	ContentType string  `json:"content_type"`
	Size        int64   `json:"size"`
	SHA256      string  `json:"sha256"`
}

func docPDF() []byte { return []byte("%PDF-1.7\n" + docCanary) }

// newDocHarness is the bid API with documents kept in store.
func newDocHarness(tb testing.TB, store domain.BlobStore) *harness {
	tb.Helper()
	return newHarnessWith(tb, func(db *postgres.DB, d *api.Deps) {
		d.Projects = postgres.NewProjectService(db)
		d.Calendar = postgres.NewCalendarService(db)
		d.Bids = postgres.NewBidService(db)
		d.BidDocuments = postgres.NewBidDocumentService(db, store)
	})
}

func newDocScene(t *testing.T) *docScene {
	t.Helper()
	store, err := blobstore.Open(context.Background(), blobstore.DefaultURL(t.TempDir()))
	must(t, err)
	t.Cleanup(func() { _ = store.Close() })
	h := newDocHarness(t, store)
	admin := h.admin()
	bureauOwner, evaluator := h.signUp("Bureau"), h.signUp("Evaluator")
	bureau := verifiedOrg(bureauOwner, admin, "bureau", "无锡市梁溪区民政局")
	bureauOwner.do("POST", "/api/v1/organizations/"+bureau.ID+"/members",
		map[string]any{"login": evaluator.Email, "roles": []string{"evaluator"}}).want(201)
	p := bureauOwner.createProject(bureau.ID)
	bureauOwner.do("POST", "/api/v1/projects/"+p.ID+"/publish", publishBody(40)).want(200)
	bidStaff, rival := h.signUp("Bidder"), h.signUp("Rival")
	s := &docScene{h: h, project: p, bidStaff: bidStaff.client, bureau: bureauOwner.client, evaluator: evaluator.client,
		rival: rival.client, admin: admin.client, anon: h.anon(), store: store}
	s.bidder = bidderOrg(bidStaff, admin, "梁溪区阳光社工服务中心")
	bidderOrg(rival, admin, "梁溪区彩虹社工服务中心")
	upload(s.bidStaff, p.ID, s.bidder.ID, docName+".pdf", docPDF()).want(201).decode(&s.doc)
	body := bidBody(s.bidder.ID, bidPrice)
	body["document_ids"] = []string{s.doc.ID}
	bidStaff.do("POST", "/api/v1/projects/"+p.ID+"/bids", body).want(201).decode(&s.bid)
	return s
}

// upload posts a multipart form with organization_id and file; an empty
// name sends no file part at all.
func upload(c *client, projectID, orgID, name string, data []byte) *response {
	c.tb.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	must(c.tb, w.WriteField("organization_id", orgID))
	if name != "" {
		f, err := w.CreateFormFile("file", name)
		must(c.tb, err)
		_, _ = f.Write(data)
	}
	must(c.tb, w.Close())
	return c.send("POST", "/api/v1/projects/"+projectID+"/bid-documents", w.FormDataContentType(), &buf)
}

// send is client.do with any content type.
func (c *client) send(method, path, contentType string, body *bytes.Buffer) *response {
	c.tb.Helper()
	req := httptest.NewRequest(method, path, body)
	req.Header.Set("Content-Type", contentType)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	w := httptest.NewRecorder()
	c.r.ServeHTTP(w, req)
	res := &response{tb: c.tb, Code: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
	validateResponse(c.tb, req, res)
	return res
}

func TestUploadBidDocumentAPI(t *testing.T) {
	t.Parallel()
	s := newDocScene(t)
	t.Run("OKStoredSealed", func(t *testing.T) {
		if s.doc.Name != docName+".pdf" || s.doc.ContentType != domain.DocTypePDF || len(s.doc.SHA256) != 64 || s.doc.Size != int64(len(docPDF())) {
			t.Fatalf("doc = %+v", s.doc)
		}
		keys, err := s.store.Keys(context.Background(), "")
		must(t, err)
		for _, k := range keys {
			raw, err := s.store.Get(context.Background(), k)
			must(t, err)
			if bytes.Contains(raw, []byte("CANARY")) {
				t.Errorf("blob %s holds the document in clear", k)
			}
		}
	})
	t.Run("OKDownloadByBidder", func(t *testing.T) {
		r := s.bidStaff.do("GET", "/api/v1/bid-documents/"+s.doc.ID+"/content", nil).want(200)
		if !bytes.Equal(r.Body, docPDF()) || r.Header.Get("Content-Type") != domain.DocTypePDF ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") || r.Header.Get("Cache-Control") != "private, no-store" {
			t.Fatalf("download %v: %q", r.Header, r.Body)
		}
	})
	t.Run("OKBidListsDocument", func(t *testing.T) {
		var list struct{ Items []docResponse }
		s.bidStaff.do("GET", "/api/v1/bids/"+s.bid.ID+"/documents", nil).want(200).decode(&list)
		if len(list.Items) != 1 || list.Items[0].BidID == nil || *list.Items[0].BidID != s.bid.ID {
			t.Fatalf("documents = %+v", list)
		}
	})
	path := s.project.ID
	for name, tc := range map[string]struct {
		name  string
		data  []byte
		code  int
		field string
	}{
		"ErrNoFile":   {"", nil, 422, "file"},
		"ErrType":     {"evil.pdf", []byte("<script>alert(1)</script>"), 422, "file"},
		"ErrEmpty":    {"x.pdf", nil, 422, "file"},
		"ErrTooLarge": {"big.pdf", append([]byte("%PDF-"), make([]byte, 20<<20)...), 413, "file"},
		"ErrOverBody": {"huge.pdf", append([]byte("%PDF-"), make([]byte, 21<<20)...), 413, "file"},
	} {
		t.Run(name, func(t *testing.T) {
			upload(s.bidStaff, path, s.bidder.ID, tc.name, tc.data).problem(tc.code).field(t, tc.field)
		})
	}
	t.Run("ErrNotMultipart", func(t *testing.T) {
		s.bidStaff.do("POST", "/api/v1/projects/"+path+"/bid-documents", map[string]any{"file": "x"}).problem(422).field(t, "file")
	})
	t.Run("ErrBadOrganization", func(t *testing.T) {
		upload(s.bidStaff, path, "nope", "a.pdf", docPDF()).problem(422).field(t, "organization_id")
	})
	t.Run("ErrNotMember", func(t *testing.T) {
		upload(s.rival, path, s.bidder.ID, "a.pdf", docPDF()).problem(403)
	})
	t.Run("ErrAnonymous", func(t *testing.T) {
		upload(s.anon, path, s.bidder.ID, "a.pdf", docPDF()).problem(401)
	})
	t.Run("ErrUnknownDocumentInBid", func(t *testing.T) {
		body := bidBody(s.bidder.ID, bidPrice)
		body["document_ids"] = []string{uuid.NewString()}
		s.bidStaff.do("POST", "/api/v1/projects/"+path+"/bids", body).problem(422).field(t, "document_ids")
	})
	t.Run("OKDeleteUnnamedOnly", func(t *testing.T) {
		s.bidStaff.do("DELETE", "/api/v1/bid-documents/"+s.doc.ID, nil).problem(409)
		var extra docResponse
		upload(s.bidStaff, path, s.bidder.ID, "extra.png", []byte("\x89PNG\r\n\x1a\nxx")).want(201).decode(&extra)
		s.bidStaff.do("DELETE", "/api/v1/bid-documents/"+extra.ID, nil).want(204)
		s.bidStaff.do("GET", "/api/v1/bid-documents/"+extra.ID, nil).problem(404)
	})
}

// TestUploadBidDocumentDiskFails: a bucket that refuses writes answers
// 503 and keeps no row.
func TestUploadBidDocumentDiskFails(t *testing.T) {
	t.Parallel()
	broken, _ := blobtest.Broken(t, filepath.Join(t.TempDir(), "data"))
	h := newDocHarness(t, broken)
	admin := h.admin()
	bureauOwner, bidStaff := h.signUp("Bureau"), h.signUp("Bidder")
	bureau := verifiedOrg(bureauOwner, admin, "bureau", "无锡市梁溪区民政局")
	p := bureauOwner.createProject(bureau.ID)
	bureauOwner.do("POST", "/api/v1/projects/"+p.ID+"/publish", publishBody(40)).want(200)
	bidder := bidderOrg(bidStaff, admin, "梁溪区阳光社工服务中心")
	pr := upload(bidStaff.client, p.ID, bidder.ID, "a.pdf", docPDF()).problem(503)
	if !strings.Contains(pr.Detail, "nothing was stored") || strings.Contains(pr.Detail, "bid-documents/") {
		t.Errorf("detail = %q", pr.Detail)
	}
	var n int
	must(t, h.db.SQL().QueryRow(`SELECT count(*) FROM bid_documents`).Scan(&n))
	if n != 0 {
		t.Errorf("%d rows after a failed write", n)
	}
}
