package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// hoursReady answers 503 itself without the hours ledger.
func (s *Server) hoursReady(c *gin.Context) bool {
	if s.hours == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "volunteer hours are not configured on this server"))
		return false
	}
	return true
}

// checkinCode answers the shift's current QR code to the organisation's
// staff, for the live display; it changes every minute.
func (s *Server) checkinCode(c *gin.Context) {
	if !s.hoursReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	code, err := s.hours.CheckinCode(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, gin.H{"shift_id": id, "code": code}, err)
}

type checkinBody struct {
	Token  string `json:"token"`
	Action string `json:"action"`
}

// checkin checks the caller in or out of the shift with the code they
// scanned; a code for another shift is refused like a forged one.
func (s *Server) checkin(c *gin.Context) {
	if !s.hoursReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var body checkinBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	ctx, a := c.Request.Context(), actor(c)
	switch body.Action {
	case "in":
		att, err := s.hours.CheckIn(ctx, a, body.Token)
		if err == nil && att.ShiftID != id {
			err = domain.Errorf(domain.EFORBIDDEN, "rule qr: the code is for another shift")
		}
		s.respond(c, http.StatusCreated, gin.H{"attendance": att}, err)
	case "out":
		att, entry, err := s.hours.CheckOut(ctx, a, body.Token)
		if err == nil && att.ShiftID != id {
			err = domain.Errorf(domain.EFORBIDDEN, "rule qr: the code is for another shift")
		}
		s.respond(c, http.StatusCreated, gin.H{"attendance": att, "hours": entry}, err)
	default:
		s.fail(c, domain.Invalid("action", "must be in or out"))
	}
}

// myHours answers the caller's hours entries.
func (s *Server) myHours(c *gin.Context) {
	if !s.hoursReady(c) {
		return
	}
	out, err := s.hours.FindMyHours(c.Request.Context(), actor(c))
	s.respond(c, http.StatusOK, gin.H{"items": out}, err)
}

type verifyBody struct {
	IDs []string `json:"ids"`
}

// verifyHours verifies hours entries one by one or in bulk (the
// organisation's staff; not one's own).
func (s *Server) verifyHours(c *gin.Context) {
	if !s.hoursReady(c) {
		return
	}
	var body verifyBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	ids := make([]uuid.UUID, 0, len(body.IDs))
	for _, raw := range body.IDs {
		id, err := uuid.Parse(raw)
		if err != nil {
			s.fail(c, domain.Invalid("ids", "must be uuids"))
			return
		}
		ids = append(ids, id)
	}
	out, err := s.hours.VerifyHours(c.Request.Context(), actor(c), ids...)
	s.respond(c, http.StatusOK, gin.H{"items": out}, err)
}
