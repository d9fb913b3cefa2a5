package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// offlineReady reads the id in the path once the offline gift service is
// configured, answering failures itself.
func (s *Server) offlineReady(c *gin.Context) (uuid.UUID, bool) {
	return s.configuredID(c, s.offlineGifts != nil, "offline gifts are not configured on this server")
}

// offlineGiftBody is an offline gift as a client sends it; the date is a
// string so that a bad one is 422 naming it.
type offlineGiftBody struct {
	ProgrammeID string `json:"programme_id"`
	WishID      string `json:"wish_id"`
	AmountFen   int64  `json:"amount_fen"`
	Method      string `json:"method"`
	PayerName   string `json:"payer_name"`
	Anonymous   bool   `json:"anonymous"`
	ReceivedOn  string `json:"received_on"`
	Evidence    string `json:"evidence"`
}

func (b *offlineGiftBody) input() (domain.OfflineGiftInput, error) {
	var v domain.Validation
	in := domain.OfflineGiftInput{AmountFen: b.AmountFen, Method: b.Method, PayerName: b.PayerName, Anonymous: b.Anonymous,
		Evidence: b.Evidence, ReceivedOn: parseDate(&v, "received_on", b.ReceivedOn)}
	var err error
	if in.ProgrammeID, err = uuid.Parse(b.ProgrammeID); err != nil {
		v.Add("programme_id", "must be a uuid")
	}
	if in.WishID, err = optionalID("wish_id", b.WishID); err != nil {
		v.Add("wish_id", "must be a uuid")
	}
	return in, v.Err()
}

// recordOfflineGift records a bank transfer or cash gift for a host.
func (s *Server) recordOfflineGift(c *gin.Context) {
	id, ok := s.offlineReady(c)
	if !ok {
		return
	}
	var body offlineGiftBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	in, err := body.input()
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.offlineGifts.RecordGift(c.Request.Context(), actor(c), id, in)
	s.respond(c, http.StatusCreated, out, err)
}

// listOfflineGifts answers a host's offline gifts to its finance staff.
func (s *Server) listOfflineGifts(c *gin.Context) {
	id, ok := s.offlineReady(c)
	if !ok {
		return
	}
	out, err := s.offlineGifts.FindGifts(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, gin.H{"items": out}, err)
}

// confirmOfflineGift makes a recorded gift count (another officer).
func (s *Server) confirmOfflineGift(c *gin.Context) {
	id, ok := s.offlineReady(c)
	if !ok {
		return
	}
	out, err := s.offlineGifts.ConfirmGift(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

type rejectBody struct {
	Note string `json:"note"`
}

// rejectOfflineGift rejects a recorded gift with a note.
func (s *Server) rejectOfflineGift(c *gin.Context) {
	id, ok := s.offlineReady(c)
	if !ok {
		return
	}
	var body rejectBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.offlineGifts.RejectGift(c.Request.Context(), actor(c), id, body.Note)
	s.respond(c, http.StatusOK, out, err)
}
