package api

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
	"hutong/internal/httpx"
)

// maxDocumentBody is the largest upload request the API reads: one
// document at its limit plus room for the form's other parts.
const maxDocumentBody = domain.BidDocumentMaxBytes + 64<<10

// bidDocumentJSON is a sealed document as those who may read it see it.
type bidDocumentJSON struct {
	ID             uuid.UUID  `json:"id"`
	ProjectID      uuid.UUID  `json:"project_id"`
	OrganizationID uuid.UUID  `json:"organization_id"`
	BidID          *uuid.UUID `json:"bid_id"`
	Name           string     `json:"name"`
	ContentType    string     `json:"content_type"`
	Size           int64      `json:"size"`
	SHA256         string     `json:"sha256"`
	CreatedAt      time.Time  `json:"created_at"`
}

func bidDocumentView(d *domain.BidDocument) bidDocumentJSON { return bidDocumentJSON(*d) }

func bidDocumentViews(ds []*domain.BidDocument) []bidDocumentJSON {
	out := make([]bidDocumentJSON, 0, len(ds))
	for _, d := range ds {
		out = append(out, bidDocumentView(d))
	}
	return out
}

// bidDocumentsReady answers 503 itself when the server keeps no
// documents.
func (s *Server) bidDocumentsReady(c *gin.Context) bool {
	if s.bidDocuments == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "bid documents are not configured on this server"))
		return false
	}
	return true
}

// uploadBidDocument takes one document for the caller's organisation's
// bid, as multipart/form-data with the fields organization_id and file.
// The file is read into memory only (never a temporary file, since it is
// sealed content) and answered with its id and SHA-256, which the bid
// then names in document_ids.
func (s *Server) uploadBidDocument(c *gin.Context) {
	if !s.bidDocumentsReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	in, err := readUpload(c.Request)
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.bidDocuments.UploadBidDocument(c.Request.Context(), actor(c), id, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, bidDocumentView(d))
}

// readUpload streams the multipart form: organization_id (a uuid) and
// file (the document, at most domain.BidDocumentMaxBytes).
func readUpload(r *http.Request) (domain.BidDocumentUpload, error) {
	var in domain.BidDocumentUpload
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "multipart/form-data" || params["boundary"] == "" {
		return in, domain.Invalid("file", "send the document as multipart/form-data")
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	seenFile := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return in, uploadError(err)
		}
		switch part.FormName() {
		case "organization_id":
			raw, err := io.ReadAll(io.LimitReader(part, 100))
			if err != nil {
				return in, uploadError(err)
			}
			if in.OrganizationID, err = uuid.Parse(string(raw)); err != nil {
				return in, domain.Invalid("organization_id", "must be a uuid")
			}
		case "file":
			in.Name, seenFile = part.FileName(), true
			if in.Data, err = io.ReadAll(io.LimitReader(part, domain.BidDocumentMaxBytes+1)); err != nil {
				return in, uploadError(err)
			}
		}
	}
	if !seenFile {
		return in, domain.Invalid("file", "is required")
	}
	return in, nil
}

// uploadError names what went wrong reading an upload: too large, or a
// form that does not parse.
func uploadError(err error) error {
	if httpx.TooLarge(err) {
		return &domain.Error{Code: domain.ETOOLARGE, Message: "the document is too large",
			Fields: []domain.FieldError{{Field: "file", Message: "must be at most 20 MiB"}}}
	}
	return &domain.Error{Code: domain.EMALFORMED, Message: "the form could not be read",
		Fields: []domain.FieldError{{Field: "file", Message: "the multipart form is broken"}}}
}

// listMyBidDocuments lists the documents the caller's organisations
// uploaded for a project; nobody else's.
func (s *Server) listMyBidDocuments(c *gin.Context) {
	if !s.bidDocumentsReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err == nil {
		var ds []*domain.BidDocument
		if ds, err = s.bidDocuments.FindMyBidDocuments(c.Request.Context(), actor(c), id); err == nil {
			c.JSON(http.StatusOK, newList(bidDocumentViews(ds), ""))
			return
		}
	}
	s.fail(c, err)
}

// getBidDocument shows a document's details to whoever may read it; for
// anyone else it does not exist.
func (s *Server) getBidDocument(c *gin.Context) {
	if !s.bidDocumentsReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err == nil {
		var d *domain.BidDocument
		if d, err = s.bidDocuments.FindBidDocumentByID(c.Request.Context(), actor(c), id); err == nil {
			c.JSON(http.StatusOK, bidDocumentView(d))
			return
		}
	}
	s.fail(c, err)
}

// downloadBidDocument sends a document's decrypted bytes as an
// attachment that no cache keeps and no browser sniffs into HTML.
func (s *Server) downloadBidDocument(c *gin.Context) {
	if !s.bidDocumentsReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	d, data, err := s.bidDocuments.OpenBidDocument(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeDocument(c, d, data)
}

// writeDocument answers a document's bytes as a private attachment.
func writeDocument(c *gin.Context, d *domain.BidDocument, data []byte) {
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Name}))
	c.Header("Cache-Control", "private, no-store")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Content-Length", strconv.Itoa(len(data)))
	c.Data(http.StatusOK, d.ContentType, data)
}

// deleteBidDocument deletes an upload no live bid names, while bidding is
// open.
func (s *Server) deleteBidDocument(c *gin.Context) {
	if !s.bidDocumentsReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err == nil {
		if err = s.bidDocuments.DeleteBidDocument(c.Request.Context(), actor(c), id); err == nil {
			c.Status(http.StatusNoContent)
			return
		}
	}
	s.fail(c, err)
}

// listBidDocuments lists the documents a bid names, to its bidder, and to
// its project's bureau once the bid is in the opening record.
func (s *Server) listBidDocuments(c *gin.Context) {
	if !s.bidDocumentsReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err == nil {
		var ds []*domain.BidDocument
		if ds, err = s.bidDocuments.FindBidDocuments(c.Request.Context(), actor(c), id); err == nil {
			c.JSON(http.StatusOK, newList(bidDocumentViews(ds), ""))
			return
		}
	}
	s.fail(c, err)
}
