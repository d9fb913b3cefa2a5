package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

type pledgeBody struct {
	FoundationID string `json:"foundation_id"`
	RatioPct     int    `json:"ratio_pct"`
	CapFen       int64  `json:"cap_fen"`
}

// matchingReady reads the programme id once the matching service is
// configured, answering failures itself.
func (s *Server) matchingReady(c *gin.Context) (uuid.UUID, bool) {
	return s.configuredID(c, s.matching != nil, "matching funds are not configured on this server")
}

// pledgeMatch records a foundation's matching pledge (配捐).
func (s *Server) pledgeMatch(c *gin.Context) {
	id, ok := s.matchingReady(c)
	if !ok {
		return
	}
	var body pledgeBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	foundation, err := requiredID("foundation_id", body.FoundationID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.matching.Pledge(c.Request.Context(), actor(c), id, domain.MatchPledgeInput{FoundationID: foundation,
		RatioPct: body.RatioPct, CapFen: body.CapFen})
	s.respond(c, http.StatusCreated, out, err)
}

// listPledges answers a programme's pledges and what each has matched.
func (s *Server) listPledges(c *gin.Context) {
	id, ok := s.matchingReady(c)
	if !ok {
		return
	}
	out, err := s.matching.FindPledges(c.Request.Context(), id)
	s.respond(c, http.StatusOK, gin.H{"items": out}, err)
}
