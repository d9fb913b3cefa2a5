package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"hutong/postgres"
)

// closeWithOpeningIn closes bidding two seconds ago with the opening at
// now + offset (an SQL interval), as the deadline job would.
func closeWithOpeningIn(t *testing.T, h *harness, projectID, offset string) {
	t.Helper()
	_, err := h.db.SQL().Exec(`UPDATE projects SET published_at = now() - interval '40 days',
		bid_deadline = now() - interval '2 seconds', opening_at = now() + $2::interval WHERE id = $1`, projectID, offset)
	must(t, err)
	closed, err := postgres.NewProjectService(h.db).CloseBidding(context.Background(), uuid.MustParse(projectID))
	must(t, err)
	if !closed {
		t.Fatal("bidding did not close")
	}
}

// TestBidDocumentsSealedUntilOpening tries every document route as each
// kind of caller one second before the opening (bidding closed, opening
// due in a second) and one second after it: before, only the bidder
// learns a document exists; after, the bureau's staff and evaluators may
// read it too, and nobody else ever may.
func TestBidDocumentsSealedUntilOpening(t *testing.T) {
	t.Parallel()
	s := newDocScene(t)
	closeWithOpeningIn(t, s.h, s.project.ID, "1 second")
	others := map[string]*client{"Bureau": s.bureau, "Evaluator": s.evaluator, "OtherBidder": s.rival, "PlatformAdmin": s.admin, "Anonymous": s.anon}
	t.Run("BeforeOpening", func(t *testing.T) {
		for name, c := range others {
			t.Run("HiddenFrom"+name, func(t *testing.T) { s.wantHidden(t, c) })
		}
		t.Run("OKBidder", func(t *testing.T) { s.wantReadable(t, s.bidStaff) })
	})
	_, err := s.h.db.SQL().Exec(`UPDATE projects SET opening_at = now() - interval '1 second' WHERE id = $1`, s.project.ID)
	must(t, err)
	opened, err := postgres.NewBidService(s.h.db).OpenBids(context.Background(), uuid.MustParse(s.project.ID))
	if err != nil || !opened {
		t.Fatalf("opened %v, %v", opened, err)
	}
	t.Run("AfterOpening", func(t *testing.T) {
		for name, c := range map[string]*client{"Bidder": s.bidStaff, "Bureau": s.bureau, "Evaluator": s.evaluator} {
			t.Run("OK"+name, func(t *testing.T) { s.wantReadable(t, c) })
		}
		for name, c := range map[string]*client{"OtherBidder": s.rival, "PlatformAdmin": s.admin, "Anonymous": s.anon} {
			t.Run("HiddenFrom"+name, func(t *testing.T) { s.wantHidden(t, c) })
		}
		t.Run("PublicRecordHasNoDocuments", func(t *testing.T) {
			r := s.anon.do("GET", "/api/v1/projects/"+s.project.ID+"/bids", nil).want(200)
			s.noTrace(t, "opening record", r.Body)
		})
		t.Run("ErrDeleteAfterDeadline", func(t *testing.T) {
			s.bidStaff.do("DELETE", "/api/v1/bid-documents/"+s.doc.ID, nil).problem(409)
		})
	})
}

// wantHidden tries every document route as c and fails if any answer
// differs from the one for a document or bid that does not exist, or
// carries anything of the document.
func (s *docScene) wantHidden(t *testing.T, c *client) {
	t.Helper()
	notFound := 404
	if c == s.anon {
		notFound = 401
	}
	unknownDoc, unknownBid := uuid.NewString(), uuid.NewString()
	for _, path := range []string{"/api/v1/bid-documents/%s", "/api/v1/bid-documents/%s/content"} {
		real, fake := strings.Replace(path, "%s", s.doc.ID, 1), strings.Replace(path, "%s", unknownDoc, 1)
		s.sameAsUnknown(t, c.do("GET", real, nil), c.do("GET", fake, nil), notFound)
	}
	s.sameAsUnknown(t, c.do("DELETE", "/api/v1/bid-documents/"+s.doc.ID, nil),
		c.do("DELETE", "/api/v1/bid-documents/"+unknownDoc, nil), notFound)
	s.sameAsUnknown(t, c.do("GET", "/api/v1/bids/"+s.bid.ID+"/documents", nil),
		c.do("GET", "/api/v1/bids/"+unknownBid+"/documents", nil), notFound)
	if c == s.anon {
		s.noTrace(t, "my documents", c.do("GET", "/api/v1/projects/"+s.project.ID+"/bid-documents", nil).want(401).Body)
		s.noTrace(t, "upload", upload(c, s.project.ID, s.bidder.ID, "x.pdf", docPDF()).want(401).Body)
		return
	}
	r := c.do("GET", "/api/v1/projects/"+s.project.ID+"/bid-documents", nil).want(200)
	if !strings.Contains(string(r.Body), `"items":[]`) {
		t.Errorf("my documents lists another's: %s", r.Body)
	}
	s.noTrace(t, "upload", upload(c, s.project.ID, s.bidder.ID, "x.pdf", docPDF()).Body)
}

// sameAsUnknown fails unless the answer about the real document matches
// the one about an unknown id, apart from the request id and path.
func (s *docScene) sameAsUnknown(t *testing.T, real, unknown *response, code int) {
	t.Helper()
	p, q := real.problem(code), unknown.problem(code)
	if p.Title != q.Title || p.Detail != q.Detail || p.Type != q.Type {
		t.Errorf("the answer tells a real document from an unknown one: %+v vs %+v", p, q)
	}
	// The problem's instance echoes the path the caller sent, id
	// included; nothing else of the document may appear.
	s.noTrace(t, "answer", []byte(strings.ReplaceAll(string(real.Body), p.Instance, "")))
}

// wantReadable checks c reads the document on every route.
func (s *docScene) wantReadable(t *testing.T, c *client) {
	t.Helper()
	var d docResponse
	c.do("GET", "/api/v1/bid-documents/"+s.doc.ID, nil).want(200).decode(&d)
	if d.SHA256 != s.doc.SHA256 || d.Name != s.doc.Name {
		t.Errorf("document = %+v", d)
	}
	if r := c.do("GET", "/api/v1/bid-documents/"+s.doc.ID+"/content", nil).want(200); string(r.Body) != string(docPDF()) {
		t.Errorf("content = %q", r.Body)
	}
	var list struct{ Items []docResponse }
	c.do("GET", "/api/v1/bids/"+s.bid.ID+"/documents", nil).want(200).decode(&list)
	if len(list.Items) != 1 || list.Items[0].ID != s.doc.ID {
		t.Errorf("bid documents = %+v", list)
	}
}

// noTrace fails when body carries the document's id, name, hash or text.
func (s *docScene) noTrace(t *testing.T, where string, body []byte) {
	t.Helper()
	for _, secret := range []string{s.doc.ID, docName, s.doc.SHA256, "CANARY"} {
		if strings.Contains(string(body), secret) {
			t.Errorf("%s: body carries %q: %s", where, secret, body)
		}
	}
}
