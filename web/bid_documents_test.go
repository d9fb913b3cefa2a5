package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"hutong/blobstore"
	"hutong/domain"
	"hutong/postgres"
	"hutong/web"
)

// docText is inside the uploaded document: it must reach no page.
const docText = "CANARY-WEBDOC-3b7f 服务方案正文"

// newDocApp is the pages with bid documents in a memory bucket.
func newDocApp(t *testing.T) *app {
	t.Helper()
	store, err := blobstore.Open(context.Background(), "mem://")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	// The app opens its database itself, so the real service is put
	// behind the dependency once the database exists.
	docs := &lateDocs{}
	a := newAppWith(t, func(d *web.Deps) { d.BidDocuments = docs })
	docs.BidDocumentService = postgres.NewBidDocumentService(a.db, store)
	return a
}

// lateDocs is the real document service, set after the app is built.
type lateDocs struct{ domain.BidDocumentService }

// uploadDoc posts the bid form's upload form with the page's CSRF token
// (token "" sends none).
func (c *client) uploadDoc(projectID, token, name string, data []byte) (*http.Response, string) {
	c.tb.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if token != "" {
		_ = w.WriteField("csrf_token", token)
	}
	f, _ := w.CreateFormFile("file", name)
	_, _ = f.Write(data)
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+"/projects/"+projectID+"/bid/documents", &buf)
	if err != nil {
		c.tb.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

func TestBidDocumentPages(t *testing.T) {
	t.Parallel()
	a := newDocApp(t)
	n := tenderSeq.Add(1)
	officer := a.client(t)
	officer.register(fmt.Sprintf("d-officer%d@hutong.test", n), "王科长")
	bureau := officer.createBureau("无锡市梁溪区民政局")
	a.verify(t, bureau)
	id := publishedProject(t, officer, bureau)
	bidPage := "/projects/" + id + "/bid"
	bidder := a.client(t)
	bidder.register(fmt.Sprintf("d-bidder%d@hutong.test", n), "李投标")
	org := bidder.createOrg("阳光文件社会工作服务中心", creditCode(t, fmt.Sprintf("52320213MG%07d", n)))
	a.verify(t, org)
	rival := a.client(t)
	rival.register(fmt.Sprintf("d-rival%d@hutong.test", n), "赵对手")
	a.verify(t, rival.createOrg("竞争文件社会工作服务中心", creditCode(t, fmt.Sprintf("52320213MH%07d", n))))
	pdf := []byte("%PDF-1.7\n" + docText)

	t.Run("the bid form offers the upload in Chinese and English", func(t *testing.T) {
		_, body := bidder.get(bidPage)
		mustContain(t, body, "投标文件", `enctype="multipart/form-data"`, `name="file"`)
		en := a.client(t)
		en.jar, en.http = bidder.jar, bidder.http
		en.lang = "en"
		_, body = en.get(bidPage)
		mustContain(t, body, "Bid documents", "Upload")
	})
	t.Run("an upload without the CSRF token is refused", func(t *testing.T) {
		if res, _ := bidder.uploadDoc(id, "", "a.pdf", pdf); res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", res.StatusCode)
		}
	})
	t.Run("a file of another type is refused, naming the rule", func(t *testing.T) {
		res, body := bidder.uploadDoc(id, bidder.token(bidPage), "evil.pdf", []byte("<script>x</script>"))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "只接受 PDF")
	})
	res, body := bidder.uploadDoc(id, bidder.token(bidPage), "../阳光投标书甲.pdf", pdf)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", res.StatusCode, body)
	}
	_, body = bidder.get(bidPage + "?uploaded=1")
	mustContain(t, body, "文件已加密上传", "阳光投标书甲.pdf", `name="document_ids"`)
	docID := regexpFind(t, body, `/bid-documents/([0-9a-f-]{36})/download`)

	form := bidForm(org, "650,000", "以社区为单位开展个案管理,配备专职社工十二名。")
	form["document_ids"] = []string{docID}
	res, body = bidder.submit(bidPage, bidPage, form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", res.StatusCode, body)
	}
	receipt := strings.TrimSuffix(res.Header.Get("Location"), "?submitted=1")
	bidID := strings.TrimPrefix(receipt, "/bids/")
	download := "/bid-documents/" + docID + "/download"

	t.Run("the receipt lists the document and the bidder downloads it", func(t *testing.T) {
		_, body := bidder.get(receipt)
		mustContain(t, body, "阳光投标书甲.pdf", download)
		res, got := bidder.get(download)
		if res.StatusCode != http.StatusOK || got != string(pdf) || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %q", res.StatusCode, got)
		}
	})
	t.Run("before the opening nobody else finds the document", func(t *testing.T) {
		for name, c := range map[string]*client{"bureau": officer, "rival": rival} {
			for _, path := range []string{download, "/bids/" + bidID + "/documents"} {
				res, body := c.get(path)
				if res.StatusCode != http.StatusNotFound {
					t.Errorf("%s %s: status %d, want 404", name, path, res.StatusCode)
				}
				mustNotContain(t, body, "阳光投标书甲", docText)
			}
			_, body := c.get("/projects/" + id)
			mustNotContain(t, body, "阳光投标书甲", docID)
		}
	})

	openNow(t, a, id)

	t.Run("after the opening the bureau reads and downloads it", func(t *testing.T) {
		res, body := officer.get("/bids/" + bidID + "/documents")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "阳光投标书甲.pdf", download)
		if res, got := officer.get(download); res.StatusCode != http.StatusOK || got != string(pdf) {
			t.Fatalf("download: %d", res.StatusCode)
		}
	})
	t.Run("after the opening others still do not", func(t *testing.T) {
		if res, _ := rival.get(download); res.StatusCode != http.StatusNotFound {
			t.Errorf("rival: status %d, want 404", res.StatusCode)
		}
		if res, _ := a.client(t).get(download); res.StatusCode != http.StatusSeeOther {
			t.Errorf("anonymous: status %d, want a redirect to sign in", res.StatusCode)
		}
		_, body := a.client(t).get("/projects/" + id)
		mustNotContain(t, body, "阳光投标书甲", docID)
	})
}
