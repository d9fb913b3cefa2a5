package domain

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// ClaimStatus is where an in-kind claim stands.
type ClaimStatus string

// Claim statuses: the donor claims, then marks the goods bought; the
// station marks them received, then delivered. A claim not bought by its
// deadline is released; the donor may cancel before buying.
const (
	ClaimClaimed   ClaimStatus = "claimed"
	ClaimBought    ClaimStatus = "bought"
	ClaimReceived  ClaimStatus = "received"
	ClaimDelivered ClaimStatus = "delivered"
	ClaimReleased  ClaimStatus = "released"
	ClaimCancelled ClaimStatus = "cancelled"
)

// Claim timing: a claimant has ClaimWindow to buy, and is reminded
// ClaimReminderBefore the deadline.
const (
	ClaimWindow         = 7 * 24 * time.Hour
	ClaimReminderBefore = 48 * time.Hour
)

// Claim is a donor's in-kind claim of a goods wish. DonorID is shown only
// to the donor and the station; the public sees DonorName (or 爱心人士).
type Claim struct {
	ID           uuid.UUID   `json:"id"`
	WishID       uuid.UUID   `json:"wish_id"`
	DonorID      *uuid.UUID  `json:"donor_id,omitempty"`
	DonorName    string      `json:"donor_name"`
	Status       ClaimStatus `json:"status"`
	Deadline     time.Time   `json:"deadline"`
	TrackingNote string      `json:"tracking_note,omitempty"`
	BoughtAt     *time.Time  `json:"bought_at,omitempty"`
	ReceivedAt   *time.Time  `json:"received_at,omitempty"`
	DeliveredAt  *time.Time  `json:"delivered_at,omitempty"`
	CreatedAt    time.Time   `json:"created_at"`
}

// ClaimInput is a donor's claim: shown by name, or as 爱心人士.
type ClaimInput struct {
	Anonymous   bool   `json:"anonymous"`
	DisplayName string `json:"display_name"`
}

// Evidence photo limits.
const (
	MaxEvidenceBytes = 10 << 20
	MaxEvidenceNote  = 500
)

// DeliveryInput is the station's evidence that a wish reached the child:
// a photo whose uploader confirms it shows no child's face, and a note.
type DeliveryInput struct {
	Photo           []byte `json:"-"`
	NoFaceConfirmed bool   `json:"no_face_confirmed"`
	Note            string `json:"note"`
}

// WishEvidence is a delivery photo as everyone sees it, stripped of its
// metadata.
type WishEvidence struct {
	ID          uuid.UUID `json:"id"`
	WishID      uuid.UUID `json:"wish_id"`
	ContentType string    `json:"content_type"`
	SHA256      string    `json:"sha256"`
	Width       int       `json:"width"`
	Height      int       `json:"height"`
	Note        string    `json:"note"`
	CreatedAt   time.Time `json:"created_at"`
}

// Audit actions and notifications of claims and delivery.
const (
	AuditWishClaimed    = "wish.claimed"
	AuditClaimBought    = "claim.bought"
	AuditClaimReceived  = "claim.received"
	AuditClaimReleased  = "claim.released"
	AuditClaimCancelled = "claim.cancelled"
	AuditWishPurchased  = "wish.purchased"
	AuditWishDelivered  = "wish.delivered"
	NotifyWishClaimed   = "wish_claimed"
	NotifyClaimBought   = "claim_bought"
	NotifyClaimReminder = "claim_reminder"
	NotifyClaimReleased = "claim_released"
	NotifyWishDelivered = "wish_delivered"
)

// ClaimDeadlineArgs is the job that releases a claim not bought by its
// deadline; ClaimReminderArgs reminds the claimant before it.
type ClaimDeadlineArgs struct {
	ClaimID  uuid.UUID `json:"claim_id"`
	Deadline time.Time `json:"deadline"`
}

// Kind names the job for the queue.
func (ClaimDeadlineArgs) Kind() string { return "claim_deadline" }

// ClaimReminderArgs reminds a claimant who has not bought yet.
type ClaimReminderArgs struct {
	ClaimID uuid.UUID `json:"claim_id"`
	At      time.Time `json:"at"`
}

// Kind names the job for the queue.
func (ClaimReminderArgs) Kind() string { return "claim_reminder" }

// ClaimService runs in-kind claims and the delivery of wishes.
type ClaimService interface {
	// ClaimWish claims a published goods wish no one has given cash to
	// yet; another live claim, or cash given or held, is ECONFLICT.
	ClaimWish(ctx context.Context, actor *Actor, wishID uuid.UUID, in ClaimInput) (*Claim, error)
	// MarkBought is the claimant's: the goods are bought and sent.
	MarkBought(ctx context.Context, actor *Actor, claimID uuid.UUID, trackingNote string) (*Claim, error)
	// CancelClaim is the claimant's, before buying: the wish is open again.
	CancelClaim(ctx context.Context, actor *Actor, claimID uuid.UUID) (*Claim, error)
	// MarkReceived is the station's: the goods arrived.
	MarkReceived(ctx context.Context, actor *Actor, claimID uuid.UUID) (*Claim, error)
	// MarkPurchased is the station's, for a wish funded in cash: the
	// station bought what the money was for.
	MarkPurchased(ctx context.Context, actor *Actor, wishID uuid.UUID) (*Wish, error)
	// RecordDelivery is the station's: the wish reached the child, with a
	// photo (no face, metadata stripped) for the fulfilment story.
	RecordDelivery(ctx context.Context, actor *Actor, wishID uuid.UUID, in DeliveryInput) (*WishEvidence, error)
	// ReleaseClaim releases a claim still not bought at its deadline; it
	// answers false when there is nothing to release. The job calls it.
	ReleaseClaim(ctx context.Context, claimID uuid.UUID) (bool, error)
	// RemindClaim notifies a claimant who has not bought yet.
	RemindClaim(ctx context.Context, claimID uuid.UUID) (bool, error)
	FindClaims(ctx context.Context, actor *Actor, wishID uuid.UUID) ([]*Claim, error)
	FindEvidence(ctx context.Context, actor *Actor, wishID uuid.UUID) ([]*WishEvidence, error)
	// EvidencePhoto returns a delivery photo's bytes to anyone who may see
	// the wish.
	EvidencePhoto(ctx context.Context, actor *Actor, evidenceID uuid.UUID) (*WishEvidence, []byte, error)
}
