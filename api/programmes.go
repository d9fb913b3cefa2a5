package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// programmesReady reads the id in the path once the programme service is
// configured, answering failures itself.
func (s *Server) programmesReady(c *gin.Context) (uuid.UUID, bool) {
	return s.configuredID(c, s.programmes != nil, "micro-wish programmes are not configured on this server")
}

// programmeBody is a programme as a client sends it, its dates as
// strings so that a bad one is 422 naming its field.
type programmeBody struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	RegionCode  string `json:"region_code"`
	StartsOn    string `json:"starts_on"`
	EndsOn      string `json:"ends_on"`
	GoalFen     int64  `json:"goal_fen"`
}

func (b *programmeBody) input() (domain.ProgrammeInput, error) {
	var v domain.Validation
	in := domain.ProgrammeInput{Title: b.Title, Description: b.Description, RegionCode: b.RegionCode,
		StartsOn: parseDate(&v, "starts_on", b.StartsOn), EndsOn: parseDate(&v, "ends_on", b.EndsOn), GoalFen: b.GoalFen}
	return in, v.Err()
}

// createProgramme starts a draft programme of the organisation named in
// the body.
func (s *Server) createProgramme(c *gin.Context) {
	if _, ok := s.programmesReady(c); !ok {
		return
	}
	var body struct {
		OrganizationID string `json:"organization_id"`
		programmeBody
	}
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	orgID, idErr := uuid.Parse(body.OrganizationID)
	if idErr != nil {
		idErr = domain.Invalid("organization_id", "must be a uuid")
	}
	in, err := body.input()
	if err = joinInvalid(idErr, err); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.programmes.CreateProgramme(c.Request.Context(), actor(c), orgID, in)
	s.respond(c, http.StatusCreated, out, err)
}

// listProgrammes answers the public programmes, or one organisation's
// (with its drafts to its managers), newest first.
func (s *Server) listProgrammes(c *gin.Context) {
	if _, ok := s.programmesReady(c); !ok {
		return
	}
	if err := onlyQuery(c, "organization_id", "limit", "cursor"); err != nil {
		s.fail(c, err)
		return
	}
	orgID, idErr := queryID(c, "organization_id")
	page, err := queryPage(c)
	if err = joinInvalid(idErr, err); err != nil {
		s.fail(c, err)
		return
	}
	items, next, err := s.programmes.FindProgrammes(c.Request.Context(), actor(c), orgID, page)
	s.respond(c, http.StatusOK, newList(items, next), err)
}

// getProgramme answers one programme; a draft is 404 to the public.
func (s *Server) getProgramme(c *gin.Context) {
	id, ok := s.programmesReady(c)
	if !ok {
		return
	}
	out, err := s.programmes.FindProgrammeByID(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// inviteHost asks a licensed organisation to host the programme's money.
func (s *Server) inviteHost(c *gin.Context) {
	id, ok := s.programmesReady(c)
	if !ok {
		return
	}
	var body struct {
		HostID string `json:"host_id"`
	}
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	hostID, err := uuid.Parse(body.HostID)
	if err != nil {
		s.fail(c, domain.Invalid("host_id", "must be a uuid"))
		return
	}
	out, err := s.programmes.InviteHost(c.Request.Context(), actor(c), id, hostID)
	s.respond(c, http.StatusOK, out, err)
}

// answerHost accepts or declines a host invitation.
func (s *Server) answerHost(c *gin.Context) {
	id, ok := s.programmesReady(c)
	if !ok {
		return
	}
	var body struct {
		Accept *bool `json:"accept"`
	}
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	if body.Accept == nil {
		s.fail(c, domain.Invalid("accept", "is required"))
		return
	}
	out, err := s.programmes.AnswerHostInvitation(c.Request.Context(), actor(c), id, *body.Accept)
	s.respond(c, http.StatusOK, out, err)
}

// activateProgramme opens a draft programme to wishes and the public.
func (s *Server) activateProgramme(c *gin.Context) {
	id, ok := s.programmesReady(c)
	if !ok {
		return
	}
	out, err := s.programmes.ActivateProgramme(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}
