package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// scoresRequest is one evaluator's sheet for one bid, in hundredths of a
// point per technical item.
type scoresRequest struct {
	BidID  string                 `json:"bid_id"`
	Scores domain.TechnicalScores `json:"scores"`
}

// evaluationsReady answers 503 itself when the server has no evaluation
// service.
func (s *Server) evaluationsReady(c *gin.Context) bool {
	if s.evaluations == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "evaluation is not configured on this server"))
		return false
	}
	return true
}

// projectForEvaluation reads the project id in the path, answering
// failures itself.
func (s *Server) projectForEvaluation(c *gin.Context) (uuid.UUID, bool) {
	if !s.evaluationsReady(c) {
		return uuid.Nil, false
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return uuid.Nil, false
	}
	return id, true
}

// declareConflicts records the calling evaluator's declaration of
// interest (利益冲突声明).
func (s *Server) declareConflicts(c *gin.Context) {
	id, ok := s.projectForEvaluation(c)
	if !ok {
		return
	}
	var body domain.DeclarationInput
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.evaluations.DeclareConflicts(c.Request.Context(), actor(c), id, body)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, d)
}

// submitScores stores the calling evaluator's sheet for one bid.
func (s *Server) submitScores(c *gin.Context) {
	id, ok := s.projectForEvaluation(c)
	if !ok {
		return
	}
	var body scoresRequest
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	bidID, err := uuid.Parse(body.BidID)
	if err != nil {
		s.fail(c, domain.Invalid("bid_id", "must be a uuid"))
		return
	}
	sheet, err := s.evaluations.SubmitScores(c.Request.Context(), actor(c), id, bidID, body.Scores)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sheet)
}

// finalizeEvaluation ranks the bids and closes the evaluation.
func (s *Server) finalizeEvaluation(c *gin.Context) {
	id, ok := s.projectForEvaluation(c)
	if !ok {
		return
	}
	ev, err := s.evaluations.FinalizeEvaluation(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ev)
}

// getEvaluation answers the ranking once finalised (public), or the
// progress before then (the bureau only).
func (s *Server) getEvaluation(c *gin.Context) {
	id, ok := s.projectForEvaluation(c)
	if !ok {
		return
	}
	ev, err := s.evaluations.FindEvaluation(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ev)
}

// retenderProject creates a draft re-tendering a failed project (重新招标).
func (s *Server) retenderProject(c *gin.Context) {
	id, ok := s.projectForEvaluation(c)
	if !ok {
		return
	}
	p, err := s.evaluations.CopyProject(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, projectView(p))
}
