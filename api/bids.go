package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// bidRequest submits (or replaces) an organisation's bid on a project.
type bidRequest struct {
	OrganizationID      string              `json:"organization_id"`
	ConsortiumMemberIDs []string            `json:"consortium_member_ids"`
	PriceFen            int64               `json:"price_fen"`
	TechnicalProposal   string              `json:"technical_proposal"`
	Team                []domain.TeamMember `json:"team"`
	DocumentIDs         []string            `json:"document_ids"`
}

// input parses the ids, naming the field of any that is not a uuid.
func (b *bidRequest) input() (domain.BidInput, error) {
	var v domain.Validation
	in := domain.BidInput{PriceFen: b.PriceFen, TechnicalProposal: b.TechnicalProposal, Team: b.Team}
	var err error
	if in.OrganizationID, err = uuid.Parse(b.OrganizationID); err != nil {
		v.Add("organization_id", "must be a uuid")
	}
	for _, s := range b.ConsortiumMemberIDs {
		id, err := uuid.Parse(s)
		v.Check(err == nil, "consortium_member_ids", "must be uuids")
		in.ConsortiumMemberIDs = append(in.ConsortiumMemberIDs, id)
	}
	for _, s := range b.DocumentIDs {
		id, err := uuid.Parse(s)
		v.Check(err == nil, "document_ids", "must be uuids")
		in.DocumentIDs = append(in.DocumentIDs, id)
	}
	return in, v.Err()
}

// receiptJSON is a bid's receipt: the hash of its canonical content and
// the server time it was submitted.
type receiptJSON struct {
	BidID         uuid.UUID `json:"bid_id"`
	ContentSHA256 string    `json:"content_sha256"`
	SubmittedAt   time.Time `json:"submitted_at"`
}

// bidJSON is a bid as its own bidder sees it. It has no field for the
// price, the proposal or the team, so that no response can carry sealed
// content, whatever the service returns.
type bidJSON struct {
	ID                  uuid.UUID   `json:"id"`
	ProjectID           uuid.UUID   `json:"project_id"`
	OrganizationID      uuid.UUID   `json:"organization_id"`
	ConsortiumMemberIDs []uuid.UUID `json:"consortium_member_ids"`
	Status              string      `json:"status"`
	Receipt             receiptJSON `json:"receipt"`
	CreatedAt           time.Time   `json:"created_at"`
	UpdatedAt           time.Time   `json:"updated_at"`
}

func receiptView(r *domain.BidReceipt) receiptJSON {
	return receiptJSON{BidID: r.BidID, ContentSHA256: r.ContentSHA256, SubmittedAt: r.SubmittedAt}
}

func bidView(b *domain.Bid) bidJSON {
	members := b.ConsortiumMemberIDs
	if members == nil {
		members = []uuid.UUID{}
	}
	return bidJSON{ID: b.ID, ProjectID: b.ProjectID, OrganizationID: b.OrganizationID, ConsortiumMemberIDs: members,
		Status: string(b.Status), Receipt: receiptView(&b.Receipt), CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt}
}

// bidsReady answers 503 itself when the server has no bid service.
func (s *Server) bidsReady(c *gin.Context) bool {
	if s.bids == nil {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "bidding is not configured on this server"))
		return false
	}
	return true
}

// submitBid seals and stores the caller's organisation's bid, answering
// its receipt; a second submission replaces the first with a new receipt.
func (s *Server) submitBid(c *gin.Context) {
	if !s.bidsReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var body bidRequest
	if err := decode(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	in, err := body.input()
	if err == nil {
		var b *domain.Bid
		if b, err = s.bids.SubmitBid(c.Request.Context(), actor(c), id, in); err == nil {
			c.JSON(http.StatusCreated, bidView(b))
			return
		}
	}
	s.fail(c, err)
}

// getBid shows a bid, sealed, to its own organisation's members; for
// everyone else it does not exist.
func (s *Server) getBid(c *gin.Context) {
	if !s.bidsReady(c) {
		return
	}
	if b, ok := s.bidFrom(c, s.bids.FindBidByID); ok {
		c.JSON(http.StatusOK, bidView(b))
	}
}

// withdrawBid withdraws a bid before the deadline.
func (s *Server) withdrawBid(c *gin.Context) {
	if !s.bidsReady(c) {
		return
	}
	if b, ok := s.bidFrom(c, s.bids.WithdrawBid); ok {
		c.JSON(http.StatusOK, bidView(b))
	}
}

// getBidReceipt answers a bid's receipt to its own organisation's members.
func (s *Server) getBidReceipt(c *gin.Context) {
	if !s.bidsReady(c) {
		return
	}
	if b, ok := s.bidFrom(c, s.bids.FindBidByID); ok {
		c.JSON(http.StatusOK, receiptView(&b.Receipt))
	}
}

// bidFrom runs find on the bid in the path, answering failures itself.
func (s *Server) bidFrom(c *gin.Context, find func(context.Context, *domain.Actor, uuid.UUID) (*domain.Bid, error)) (*domain.Bid, bool) {
	id, err := pathID(c, "id")
	if err == nil {
		var b *domain.Bid
		if b, err = find(c.Request.Context(), actor(c), id); err == nil {
			return b, true
		}
	}
	s.fail(c, err)
	return nil, false
}

// listProjectBids answers a project's opening record (bidders and
// prices) once it has been opened; before that it is 404 for everyone,
// so the route says nothing about how many bids there are.
func (s *Server) listProjectBids(c *gin.Context) {
	if !s.bidsReady(c) {
		return
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	rec, err := s.bids.FindOpening(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, newList(openedViews(rec), ""))
}

// openedBidJSON is one line of the published opening record.
type openedBidJSON struct {
	BidID               uuid.UUID   `json:"bid_id"`
	OrganizationID      uuid.UUID   `json:"organization_id"`
	OrganizationName    string      `json:"organization_name"`
	ConsortiumMemberIDs []uuid.UUID `json:"consortium_member_ids"`
	PriceFen            int64       `json:"price_fen"`
	ContentSHA256       string      `json:"content_sha256"`
	SubmittedAt         time.Time   `json:"submitted_at"`
	OpenedAt            time.Time   `json:"opened_at"`
}

func openedViews(rec []*domain.OpenedBid) []openedBidJSON {
	out := make([]openedBidJSON, 0, len(rec))
	for _, o := range rec {
		out = append(out, openedBidJSON(*o))
	}
	return out
}

// listMyBids lists, sealed, the bids of the organisations the caller may
// bid for, optionally on one project (?project_id=).
func (s *Server) listMyBids(c *gin.Context) {
	if !s.bidsReady(c) {
		return
	}
	projectID, err := queryID(c, "project_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	bs, err := s.bids.FindMyBids(c.Request.Context(), actor(c), projectID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]bidJSON, 0, len(bs))
	for _, b := range bs {
		out = append(out, bidView(b))
	}
	c.JSON(http.StatusOK, newList(out, ""))
}
