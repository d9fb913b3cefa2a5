package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// wishesReady reads the id in the path once the wish service is
// configured, answering failures itself.
func (s *Server) wishesReady(c *gin.Context) (uuid.UUID, bool) {
	return s.configuredID(c, s.wishes != nil, "micro-wishes are not configured on this server")
}

// wishBody is a wish as a client sends it: every field optional, so that
// PATCH changes only what it names; ids and dates are strings so that a
// bad one is 422 naming its field.
type wishBody struct {
	ChildID         *string          `json:"child_id"`
	Kind            *domain.WishKind `json:"kind"`
	Title           *string          `json:"title"`
	Story           *string          `json:"story"`
	Category        *string          `json:"category"`
	AmountFen       *int64           `json:"amount_fen"`
	Quantity        *int             `json:"quantity"`
	Deadline        *string          `json:"deadline"`
	ExperienceOn    *string          `json:"experience_on"`
	ExperiencePlace *string          `json:"experience_place"`
}

// apply writes the fields the body names over in.
func (b *wishBody) apply(in *domain.WishInput) error {
	var v domain.Validation
	if b.ChildID != nil {
		id, err := uuid.Parse(*b.ChildID)
		v.Check(err == nil, "child_id", "must be a uuid")
		in.ChildID = id
	}
	set(&in.Kind, b.Kind)
	set(&in.Title, b.Title)
	set(&in.Story, b.Story)
	set(&in.Category, b.Category)
	set(&in.AmountFen, b.AmountFen)
	set(&in.Quantity, b.Quantity)
	set(&in.ExperiencePlace, b.ExperiencePlace)
	if b.Deadline != nil {
		in.Deadline = parseDate(&v, "deadline", *b.Deadline)
	}
	if b.ExperienceOn != nil {
		in.ExperienceOn = parseDate(&v, "experience_on", *b.ExperienceOn)
	}
	return v.Err()
}

// createWish writes a draft wish in the programme.
func (s *Server) createWish(c *gin.Context) {
	if s.programmes == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "micro-wish programmes are not configured on this server"))
		return
	}
	id, ok := s.wishesReady(c)
	if !ok {
		return
	}
	var body wishBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	in := domain.WishInput{Quantity: 1}
	if err := body.apply(&in); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.wishes.CreateWish(c.Request.Context(), actor(c), id, in)
	s.respond(c, http.StatusCreated, out, err)
}

// updateWish changes the fields of a draft the body names.
func (s *Server) updateWish(c *gin.Context) {
	id, ok := s.wishesReady(c)
	if !ok {
		return
	}
	var body wishBody
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	w, err := s.wishes.FindWishByID(ctx, actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if w.ChildID == nil { // a published wish to someone outside the station
		s.fail(c, domain.Errorf(domain.EFORBIDDEN, "you may not do this"))
		return
	}
	in := domain.WishInput{ChildID: *w.ChildID, Kind: w.Kind, Title: w.Title, Story: w.Story, Category: w.Category,
		AmountFen: w.AmountFen, Quantity: w.Quantity, Deadline: w.Deadline, ExperienceOn: w.ExperienceOn,
		ExperiencePlace: w.ExperiencePlace}
	if err := body.apply(&in); err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.wishes.UpdateWish(ctx, actor(c), id, in)
	s.respond(c, http.StatusOK, out, err)
}

// submitWish sends a draft to review through the privacy and consent
// checks.
func (s *Server) submitWish(c *gin.Context) {
	id, ok := s.wishesReady(c)
	if !ok {
		return
	}
	out, err := s.wishes.SubmitWish(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// reviewWish publishes a wish in review or returns it with a note; the
// reviewer must not be the submitter.
func (s *Server) reviewWish(c *gin.Context) {
	id, ok := s.wishesReady(c)
	if !ok {
		return
	}
	var body struct {
		Approve *bool  `json:"approve"`
		Note    string `json:"note"`
	}
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	if body.Approve == nil {
		s.fail(c, domain.Invalid("approve", "is required"))
		return
	}
	out, err := s.wishes.ReviewWish(c.Request.Context(), actor(c), id, *body.Approve, body.Note)
	s.respond(c, http.StatusOK, out, err)
}

// getWish answers a published wish to anyone, a draft to its station.
func (s *Server) getWish(c *gin.Context) {
	id, ok := s.wishesReady(c)
	if !ok {
		return
	}
	out, err := s.wishes.FindWishByID(c.Request.Context(), actor(c), id)
	s.respond(c, http.StatusOK, out, err)
}

// listWishes answers the public wish list with filters and cursor paging.
func (s *Server) listWishes(c *gin.Context) {
	if _, ok := s.wishesReady(c); !ok {
		return
	}
	if err := onlyQuery(c, "programme_id", "station_id", "region", "category", "kind", "status", "limit", "cursor"); err != nil {
		s.fail(c, err)
		return
	}
	f := domain.WishFilter{Region: c.Query("region"), Category: c.Query("category"),
		Kind: domain.WishKind(c.Query("kind")), Status: domain.WishStatus(c.Query("status"))}
	var errs [3]error
	f.ProgrammeID, errs[0] = queryID(c, "programme_id")
	f.StationID, errs[1] = queryID(c, "station_id")
	f.Page, errs[2] = queryPage(c)
	if err := joinInvalid(errs[:]...); err != nil {
		s.fail(c, err)
		return
	}
	items, next, err := s.wishes.FindWishes(c.Request.Context(), actor(c), f)
	s.respond(c, http.StatusOK, newList(items, next), err)
}
