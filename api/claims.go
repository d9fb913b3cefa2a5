package api

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
	"hutong/internal/httpx"
)

// maxPhotoBody is the largest delivery upload the API reads: one photo
// and its fields.
const maxPhotoBody = domain.MaxEvidenceBytes + 64<<10

// claimsReady reads the id in the path once the claim service is
// configured, answering failures itself.
func (s *Server) claimsReady(c *gin.Context) (uuid.UUID, bool) {
	return s.configuredID(c, s.claims != nil, "claims are not configured on this server")
}

// claimWish claims a goods wish in kind for the caller.
func (s *Server) claimWish(c *gin.Context) {
	id, ok := s.claimsReady(c)
	if !ok {
		return
	}
	var body domain.ClaimInput
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.claims.ClaimWish(c.Request.Context(), actor(c), id, body)
	s.respond(c, http.StatusCreated, out, err)
}

// listClaims answers a wish's claims as the caller may see them.
func (s *Server) listClaims(c *gin.Context) {
	id, ok := s.claimsReady(c)
	if !ok {
		return
	}
	out, err := s.claims.FindClaims(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, gin.H{"items": out}, err)
}

type boughtRequest struct {
	TrackingNote string `json:"tracking_note"`
}

// markBought records that the claimant bought and sent the goods.
func (s *Server) markBought(c *gin.Context) {
	id, ok := s.claimsReady(c)
	if !ok {
		return
	}
	var body boughtRequest
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.claims.MarkBought(c.Request.Context(), actor(c), id, body.TrackingNote)
	s.respond(c, http.StatusOK, out, err)
}

// cancelClaim gives a claimed wish back before buying.
func (s *Server) cancelClaim(c *gin.Context) {
	id, ok := s.claimsReady(c)
	if !ok {
		return
	}
	out, err := s.claims.CancelClaim(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// markReceived records that the goods reached the station.
func (s *Server) markReceived(c *gin.Context) {
	id, ok := s.claimsReady(c)
	if !ok {
		return
	}
	out, err := s.claims.MarkReceived(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// markPurchased records that the station bought what a funded wish asked.
func (s *Server) markPurchased(c *gin.Context) {
	id, ok := s.claimsReady(c)
	if !ok {
		return
	}
	w, err := s.claims.MarkPurchased(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"id": w.ID, "status": w.Status})
}

// recordDelivery takes the delivery photo (multipart: photo,
// no_face_confirmed, note) and marks the wish delivered.
func (s *Server) recordDelivery(c *gin.Context) {
	id, ok := s.claimsReady(c)
	if !ok {
		return
	}
	in, err := readDelivery(c.Request)
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.claims.RecordDelivery(c.Request.Context(), actor(c), id, in)
	s.respond(c, http.StatusCreated, out, err)
}

// readDelivery reads the delivery form.
func readDelivery(r *http.Request) (domain.DeliveryInput, error) {
	var in domain.DeliveryInput
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "multipart/form-data" || params["boundary"] == "" {
		return in, domain.Invalid("photo", "send the photo as multipart/form-data")
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return in, nil
		} else if err != nil {
			return in, photoError(err)
		}
		limit := int64(domain.MaxEvidenceBytes + 1)
		if part.FormName() != "photo" {
			limit = 4 << 10
		}
		raw, err := io.ReadAll(io.LimitReader(part, limit))
		if err != nil {
			return in, photoError(err)
		}
		switch part.FormName() {
		case "photo":
			in.Photo = raw
		case "no_face_confirmed":
			in.NoFaceConfirmed = strings.TrimSpace(string(raw)) == "true"
		case "note":
			in.Note = string(raw)
		}
	}
}

// photoError names what went wrong reading a photo upload.
func photoError(err error) error {
	if httpx.TooLarge(err) {
		return &domain.Error{Code: domain.ETOOLARGE, Message: "the photo is too large",
			Fields: []domain.FieldError{{Field: "photo", Message: "must be at most 10 MiB"}}}
	}
	return &domain.Error{Code: domain.EMALFORMED, Message: "the form could not be read",
		Fields: []domain.FieldError{{Field: "photo", Message: "the multipart form is broken"}}}
}

// listEvidence answers a wish's delivery photos' details.
func (s *Server) listEvidence(c *gin.Context) {
	id, ok := s.claimsReady(c)
	if !ok {
		return
	}
	out, err := s.claims.FindEvidence(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, gin.H{"items": out}, err)
}

// evidencePhoto answers a delivery photo's bytes.
func (s *Server) evidencePhoto(c *gin.Context) {
	id, ok := s.claimsReady(c)
	if !ok {
		return
	}
	ev, data, err := s.claims.EvidencePhoto(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "public, max-age=86400, immutable")
	c.Header("ETag", `"`+ev.SHA256+`"`)
	c.Data(http.StatusOK, ev.ContentType, data)
}
