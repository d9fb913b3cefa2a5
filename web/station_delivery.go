package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"hutong/domain"
	"hutong/internal/httpx"
)

// markReceived records that a claimant's goods arrived at the station.
func (s *Server) markReceived(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok || !s.claimsReady(c) {
		return
	}
	id, ok := s.pathUUID(c, "id")
	if !ok {
		return
	}
	_, err := s.mw.claims.MarkReceived(c.Request.Context(), stateOf(c).Actor, id)
	s.stationDone(c, org, err, "received")
}

// markPurchased records that the station bought what a funded wish's
// money was for.
func (s *Server) markPurchased(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok || !s.claimsReady(c) {
		return
	}
	w, ok := s.stationWish(c, org)
	if !ok {
		return
	}
	_, err := s.mw.claims.MarkPurchased(c.Request.Context(), stateOf(c).Actor, w.ID)
	s.stationDone(c, org, err, "purchased")
}

// recordDelivery stores the delivery photo of a wish, with the uploader's
// confirmation that it shows no child's face, and marks it delivered.
// The multipart form is read in memory (never a temporary file) and its
// CSRF token checked before anything is stored.
func (s *Server) recordDelivery(c *gin.Context) {
	st := stateOf(c)
	if st.Session == nil {
		s.fail(c, domain.Errorf(domain.EUNAUTHORIZED, "sign in first"))
		return
	}
	if err := c.Request.ParseMultipartForm(maxEvidenceUpload); err != nil {
		if httpx.TooLarge(err) {
			s.renderError(c, http.StatusRequestEntityTooLarge, "error.too_large")
		} else {
			s.renderError(c, http.StatusBadRequest, "error.malformed")
		}
		return
	}
	defer func() { _ = c.Request.MultipartForm.RemoveAll() }()
	c.Request.PostForm = c.Request.MultipartForm.Value
	if !checkSessionToken(st, c.Request.PostForm.Get(csrfField)) {
		s.renderError(c, http.StatusForbidden, "error.csrf")
		return
	}
	org, ok := s.stationOrg(c)
	if !ok || !s.claimsReady(c) {
		return
	}
	w, ok := s.stationWish(c, org)
	if !ok {
		return
	}
	photo, err := readPhoto(c)
	if err == nil {
		_, err = s.mw.claims.RecordDelivery(c.Request.Context(), st.Actor, w.ID, domain.DeliveryInput{
			Photo: photo, NoFaceConfirmed: c.Request.PostForm.Get("no_face_confirmed") == "1",
			Note: c.Request.PostForm.Get("note"),
		})
	}
	s.stationDone(c, org, err, "delivered")
}

// readPhoto reads the form's photo; none is an invalid photo.
func readPhoto(c *gin.Context) ([]byte, error) {
	fh := c.Request.MultipartForm.File["photo"]
	if len(fh) == 0 {
		return nil, domain.Invalid("photo", "is required")
	}
	if fh[0].Size > domain.MaxEvidenceBytes {
		return nil, domain.Errorf(domain.ETOOLARGE, "the photo is larger than 10 MiB")
	}
	f, err := fh[0].Open()
	if err != nil {
		return nil, errors.Join(domain.Errorf(domain.EMALFORMED, "the photo could not be read"), err)
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, domain.MaxEvidenceBytes+1))
}

// cancelWish cancels a wish from the desk: its money is refunded or moved
// to the programme as each donor chose.
func (s *Server) cancelWish(c *gin.Context) {
	org, ok := s.stationOrg(c)
	if !ok {
		return
	}
	if s.mw.donations == nil {
		s.renderError(c, http.StatusServiceUnavailable, "error.unavailable")
		return
	}
	w, ok := s.stationWish(c, org)
	if !ok {
		return
	}
	if _, err := s.mw.donations.CancelWish(c.Request.Context(), stateOf(c).Actor, w.ID, c.Request.PostForm.Get("reason")); err != nil {
		code := domain.ErrorCode(err)
		if code == domain.EFORBIDDEN || code == domain.ECONFLICT {
			s.ruleError(c, err)
			return
		}
		if code == domain.EINVALID {
			s.renderStation(c, http.StatusUnprocessableEntity, org, []string{wishT(stateOf(c).L, "station.cancel_reason_needed")})
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/station?org="+org.ID.String()+"&done=wish_cancelled")
}

// thankWish posts the child's thanks on a delivered wish.
func (s *Server) thankWish(c *gin.Context) {
	s.endStory(c, "thanked", func(t domain.WishThanker, w *domain.Wish) error {
		_, err := t.ThankWish(c.Request.Context(), stateOf(c).Actor, w.ID, c.Request.PostForm.Get("thanks_note"))
		return err
	})
}

// closeWish closes a delivered or thanked wish.
func (s *Server) closeWish(c *gin.Context) {
	s.endStory(c, "closed", func(t domain.WishThanker, w *domain.Wish) error {
		_, err := t.CloseWish(c.Request.Context(), stateOf(c).Actor, w.ID)
		return err
	})
}

// endStory runs a last step of a wish from the desk; a privacy problem in
// the thanks is shown at the top of the desk.
func (s *Server) endStory(c *gin.Context, done string, step func(domain.WishThanker, *domain.Wish) error) {
	org, ok := s.stationOrg(c)
	if !ok {
		return
	}
	w, ok := s.stationWish(c, org)
	if !ok {
		return
	}
	err := step(s.mw.wishes, w)
	switch code := domain.ErrorCode(err); {
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/station?org="+org.ID.String()+"&done="+done)
	case code == domain.EFORBIDDEN || code == domain.ECONFLICT:
		s.ruleError(c, err)
	case code == domain.EINVALID:
		var problems []string
		for _, fe := range domain.AsError(err).Fields {
			problems = append(problems, wishMessage(stateOf(c).L, fe.Message))
		}
		s.renderStation(c, http.StatusUnprocessableEntity, org, problems)
	default:
		s.fail(c, err)
	}
}
