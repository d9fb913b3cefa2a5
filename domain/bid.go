package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// BidStatus is where a bid stands. A bid is live while submitted (or
// needs_confirmation after a substantive edit of its project); withdrawn
// and invalid bids are never opened.
type BidStatus string

// Bid statuses.
const (
	BidSubmitted         BidStatus = "submitted"
	BidWithdrawn         BidStatus = "withdrawn"
	BidInvalid           BidStatus = "invalid"
	BidNeedsConfirmation BidStatus = "needs_confirmation"
)

// TeamMember is one person a bid names for the service team.
type TeamMember struct {
	Name          string `json:"name"`
	Role          string `json:"role"`
	Qualification string `json:"qualification"`
}

// BidContent is the sealed part of a bid: what nobody may read before the
// opening. It is stored only encrypted, under its project's data key.
type BidContent struct {
	PriceFen          int64        `json:"price_fen"`
	TechnicalProposal string       `json:"technical_proposal"`
	Team              []TeamMember `json:"team"`
	// Documents are the files the bid carries (names and hashes; the
	// bytes are in blob storage), covered by the receipt's hash.
	Documents []BidDocumentRef `json:"documents,omitempty"`
}

// BidReceipt is what a bidder keeps to prove, later, what it submitted
// and when: the SHA-256 (hex) of the canonical bid content (see
// CanonicalBidContent) and the server time of the submission.
type BidReceipt struct {
	BidID         uuid.UUID `json:"bid_id"`
	ContentSHA256 string    `json:"content_sha256"`
	SubmittedAt   time.Time `json:"submitted_at"`
}

// Bid is an organisation's (or an alliance's, for a consortium) offer on
// a project. Content is nil whenever it is sealed, which is always before
// the opening; the services never fill it in before then.
type Bid struct {
	ID                  uuid.UUID   `json:"id"`
	ProjectID           uuid.UUID   `json:"project_id"`
	OrganizationID      uuid.UUID   `json:"organization_id"`
	ConsortiumMemberIDs []uuid.UUID `json:"consortium_member_ids"`
	Status              BidStatus   `json:"status"`
	Receipt             BidReceipt  `json:"receipt"`
	Content             *BidContent `json:"content,omitempty"`
	CreatedAt           time.Time   `json:"created_at"`
	UpdatedAt           time.Time   `json:"updated_at"`
}

// Live reports whether the bid takes part in the opening unless something
// changes: submitted, or awaiting confirmation.
func (b *Bid) Live() bool { return b.Status == BidSubmitted || b.Status == BidNeedsConfirmation }

// OpenedBid is one line of the opening record (开标记录), published when a
// project is opened: who bid, and at what price.
type OpenedBid struct {
	BidID               uuid.UUID   `json:"bid_id"`
	OrganizationID      uuid.UUID   `json:"organization_id"`
	OrganizationName    string      `json:"organization_name"`
	ConsortiumMemberIDs []uuid.UUID `json:"consortium_member_ids"`
	PriceFen            int64       `json:"price_fen"`
	ContentSHA256       string      `json:"content_sha256"`
	SubmittedAt         time.Time   `json:"submitted_at"`
	OpenedAt            time.Time   `json:"opened_at"`
}

// Audit actions of bids. A submission's entry holds the content hash only.
const (
	AuditBidSubmitted  = "bid.submitted"
	AuditBidWithdrawn  = "bid.withdrawn"
	AuditProjectOpened = "project.opened"
)

// BidService takes sealed bids. Before a project is opened no method
// returns a bid's price or content, or anything from which the number of
// bids on a project could be learned, to anyone: a bid is visible only to
// its own organisation's members, and then only as status and receipt.
type BidService interface {
	// SubmitBid submits the organisation's bid on a published project
	// before its deadline (ActionBidSubmit, CheckBidEligibility). An
	// organisation has one live bid per project: a second submission
	// replaces the content and issues a new receipt. After the deadline
	// it is ECONFLICT.
	SubmitBid(ctx context.Context, actor *Actor, projectID uuid.UUID, in BidInput) (*Bid, error)
	// WithdrawBid withdraws a bid before the deadline (ActionBidWithdraw).
	WithdrawBid(ctx context.Context, actor *Actor, bidID uuid.UUID) (*Bid, error)
	// FindBidByID returns a bid, sealed, to its organisation's members;
	// to anyone else it is ENOTFOUND.
	FindBidByID(ctx context.Context, actor *Actor, bidID uuid.UUID) (*Bid, error)
	// FindBidReceipt returns a bid's receipt to its organisation's members;
	// to anyone else it is ENOTFOUND.
	FindBidReceipt(ctx context.Context, actor *Actor, bidID uuid.UUID) (*BidReceipt, error)
	// FindMyBids lists, sealed, the bids of every organisation the actor
	// may bid for, on one project or (projectID nil) all.
	FindMyBids(ctx context.Context, actor *Actor, projectID *uuid.UUID) ([]*Bid, error)
	// FindOpening returns the published opening record of a project the
	// actor may see; before the opening it is ENOTFOUND, like a sealed bid.
	FindOpening(ctx context.Context, actor *Actor, projectID uuid.UUID) ([]*OpenedBid, error)
}
