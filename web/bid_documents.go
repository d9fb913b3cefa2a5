package web

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
	"hutong/internal/httpx"
)

// maxDocumentUpload is the largest upload form a page reads: one
// document at its limit plus the form's other fields.
const maxDocumentUpload = domain.BidDocumentMaxBytes + 64<<10

// docMessageIDs translate the document rules' messages.
var docMessageIDs = map[string]string{
	"must be a PDF, Word (.docx), Excel (.xlsx), JPEG or PNG file": "msg.bid_document.type",
	"is empty":               "msg.bid_document.empty",
	"must be at most 20 MiB": "msg.bid_document.too_large",
	"must name documents uploaded for this bid":                                      "msg.bid_document.unknown",
	"your bid names this document; submit the bid again without it first":            "msg.bid_document.named",
	"at most 40 documents may be uploaded for one project; delete unused ones first": "msg.bid_document.too_many",
	"document storage is unavailable or full; nothing was stored":                    "msg.bid_document.storage",
}

func init() {
	for msg, id := range docMessageIDs {
		messageIDs[msg] = id
	}
}

// documentsOn lists the reader's uploads for a project, for the bid
// form; without a document service there are none.
func (s *Server) documentsOn(c *gin.Context, p *domain.Project) ([]*domain.BidDocument, error) {
	if s.bidDocuments == nil {
		return nil, nil
	}
	return s.bidDocuments.FindMyBidDocuments(c.Request.Context(), stateOf(c).Actor, p.ID)
}

// uploadBidDocument stores one document from the bid form's upload form
// and returns to the bid form. The form is multipart and streamed: the
// session's CSRF token must come first and is checked before the file is
// read, and the file is kept in memory only, never in a temporary file,
// since it is sealed content.
func (s *Server) uploadBidDocument(c *gin.Context) {
	p, orgs, ok := s.bidProject(c)
	if !ok {
		return
	}
	if s.bidDocuments == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	in, err := s.readUploadForm(c, orgs)
	if err == nil {
		if _, err = s.bidDocuments.UploadBidDocument(c.Request.Context(), stateOf(c).Actor, p.ID, in); err == nil {
			c.Redirect(http.StatusSeeOther, "/projects/"+p.ID.String()+"/bid?uploaded=1#documents")
			return
		}
	}
	switch domain.ErrorCode(err) {
	case "":
	case domain.EINVALID, domain.ETOOLARGE, domain.EMALFORMED:
		st := stateOf(c)
		f := newForm(nil)
		s.applyError(st, f, nil, domain.AsError(err))
		status := map[string]int{domain.EINVALID: http.StatusUnprocessableEntity, domain.ETOOLARGE: http.StatusRequestEntityTooLarge,
			domain.EMALFORMED: http.StatusBadRequest}[domain.ErrorCode(err)]
		s.renderBidFormWith(c, status, p, orgs, newForm(nil), f.General)
	case domain.EFORBIDDEN, domain.ECONFLICT:
		s.ruleError(c, err)
	default:
		s.fail(c, err)
	}
}

// errCSRF marks an upload whose form lacks the session's token.
var errCSRF = errors.New("csrf")

// readUploadForm reads csrf_token (first), organization_id and file. A
// missing or wrong token answers 403 itself and returns errCSRF, which
// the caller passes on untouched.
func (s *Server) readUploadForm(c *gin.Context, orgs []*domain.Membership) (domain.BidDocumentUpload, error) {
	in := domain.BidDocumentUpload{}
	if len(orgs) == 1 {
		in.OrganizationID = orgs[0].OrganizationID
	}
	ct, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || ct != "multipart/form-data" {
		return in, domain.Invalid("file", "is required")
	}
	mr, seenFile, tokenOK := multipart.NewReader(c.Request.Body, params["boundary"]), false, false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return in, uploadProblem(err)
		}
		if part.FormName() != csrfField && !tokenOK {
			s.renderError(c, http.StatusForbidden, "error.csrf")
			return in, errCSRF
		}
		if err := readUploadPart(part, &in, &tokenOK, &seenFile, stateOf(c)); err != nil {
			return in, err
		}
	}
	if !tokenOK {
		s.renderError(c, http.StatusForbidden, "error.csrf")
		return in, errCSRF
	}
	if !seenFile {
		return in, domain.Invalid("file", "is required")
	}
	return in, nil
}

// readUploadPart reads one part of the upload form into in.
func readUploadPart(part *multipart.Part, in *domain.BidDocumentUpload, tokenOK, seenFile *bool, st *state) error {
	switch part.FormName() {
	case csrfField:
		raw, err := io.ReadAll(io.LimitReader(part, 200))
		if err != nil {
			return uploadProblem(err)
		}
		*tokenOK = checkSessionToken(st, string(raw))
	case "organization_id":
		raw, err := io.ReadAll(io.LimitReader(part, 100))
		if err != nil {
			return uploadProblem(err)
		}
		if id, err := uuid.Parse(string(raw)); err == nil {
			in.OrganizationID = id
		}
	case "file":
		data, err := io.ReadAll(io.LimitReader(part, domain.BidDocumentMaxBytes+1))
		if err != nil {
			return uploadProblem(err)
		}
		in.Name, in.Data, *seenFile = part.FileName(), data, part.FileName() != "" || len(data) > 0
	}
	return nil
}

// uploadProblem names what went wrong reading an upload form.
func uploadProblem(err error) error {
	if httpx.TooLarge(err) {
		return &domain.Error{Code: domain.ETOOLARGE, Message: "the document is too large",
			Fields: []domain.FieldError{{Field: "file", Message: "must be at most 20 MiB"}}}
	}
	return &domain.Error{Code: domain.EMALFORMED, Message: "the form could not be read",
		Fields: []domain.FieldError{{Field: "file", Message: "is required"}}}
}

// deleteBidDocument deletes an upload from the bid form.
func (s *Server) deleteBidDocument(c *gin.Context) {
	if s.bidDocuments == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	st := stateOf(c)
	id, err := domain.ParseID(c.Param("id"))
	var d *domain.BidDocument
	if err == nil {
		d, err = s.bidDocuments.FindBidDocumentByID(c.Request.Context(), st.Actor, id)
	}
	if err == nil {
		err = s.bidDocuments.DeleteBidDocument(c.Request.Context(), st.Actor, id)
	}
	switch domain.ErrorCode(err) {
	case "":
		c.Redirect(http.StatusSeeOther, "/projects/"+d.ProjectID.String()+"/bid?deleted=1#documents")
	case domain.ECONFLICT:
		s.ruleError(c, err)
	default:
		s.fail(c, err)
	}
}

// downloadBidDocument sends a document, decrypted, to whoever may read
// it; to anyone else it does not exist.
func (s *Server) downloadBidDocument(c *gin.Context) {
	if s.bidDocuments == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	st := stateOf(c)
	if st.Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return
	}
	id, err := domain.ParseID(c.Param("id"))
	var d *domain.BidDocument
	var data []byte
	if err == nil {
		d, data, err = s.bidDocuments.OpenBidDocument(c.Request.Context(), st.Actor, id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Name}))
	c.Header("Cache-Control", "private, no-store")
	c.Header("Content-Length", strconv.Itoa(len(data)))
	c.Data(http.StatusOK, d.ContentType, data)
}

// bidDocumentsData is what a bid's documents page shows.
type bidDocumentsData struct {
	BidID     uuid.UUID
	Project   *domain.Project
	Documents []*domain.BidDocument
}

// bidDocumentsPage lists a bid's documents to its bidder, and to its
// project's bureau (staff and evaluators) once the bid is opened; for
// anyone else the bid does not exist.
func (s *Server) bidDocumentsPage(c *gin.Context) {
	if s.bidDocuments == nil || !s.projectsReady(c) {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	st := stateOf(c)
	if st.Actor.Anonymous() {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return
	}
	id, err := domain.ParseID(c.Param("id"))
	var docs []*domain.BidDocument
	if err == nil {
		docs, err = s.bidDocuments.FindBidDocuments(c.Request.Context(), st.Actor, id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	d := bidDocumentsData{BidID: id, Documents: docs}
	if len(docs) > 0 {
		d.Project, _ = s.projects.FindProjectByID(c.Request.Context(), st.Actor, docs[0].ProjectID)
	}
	s.render(c, http.StatusOK, "bid_documents", st.L.T("bid_document.title"), d)
}

// FileSize shows a document's size in KB or MB, for its list.
func (p *page) FileSize(n int64) string {
	if n < 1<<20 {
		return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

// DocType names a document's type by its usual extension.
func (p *page) DocType(contentType string) string {
	return map[string]string{domain.DocTypePDF: "PDF", domain.DocTypeDOCX: "Word", domain.DocTypeXLSX: "Excel",
		domain.DocTypeJPEG: "JPEG", domain.DocTypePNG: "PNG"}[contentType]
}
