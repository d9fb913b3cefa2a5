package postgres

import (
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"hutong/domain"
)

// bidRow mirrors the bids table of migrations/00006_bids.sql: ids,
// status, receipt and ciphertext, and no plaintext content at all.
type bidRow struct {
	ID                  uuid.UUID `gorm:"primaryKey"`
	ProjectID           uuid.UUID
	OrganizationID      uuid.UUID
	ConsortiumMemberIDs jsonb[[]uuid.UUID]
	Status              string
	ContentSHA256       string `gorm:"column:content_sha256"`
	Nonce               []byte
	Ciphertext          []byte
	SubmittedAt         time.Time
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

func (bidRow) TableName() string { return "bids" }

// sealed returns the bid without content, which is all any caller gets
// before the opening.
func (r *bidRow) sealed() *domain.Bid {
	members := r.ConsortiumMemberIDs.V
	if members == nil {
		members = []uuid.UUID{}
	}
	return &domain.Bid{
		ID: r.ID, ProjectID: r.ProjectID, OrganizationID: r.OrganizationID, ConsortiumMemberIDs: members,
		Status:    domain.BidStatus(r.Status),
		Receipt:   domain.BidReceipt{BidID: r.ID, ContentSHA256: r.ContentSHA256, SubmittedAt: r.SubmittedAt.UTC()},
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// openingRow mirrors bid_openings: one published line of the opening
// record.
type openingRow struct {
	BidID               uuid.UUID `gorm:"primaryKey"`
	ProjectID           uuid.UUID
	OrganizationID      uuid.UUID
	OrganizationName    string
	ConsortiumMemberIDs jsonb[[]uuid.UUID]
	PriceFen            int64
	ContentSHA256       string `gorm:"column:content_sha256"`
	SubmittedAt         time.Time
	OpenedAt            time.Time
}

func (openingRow) TableName() string { return "bid_openings" }

func (r *openingRow) domain() *domain.OpenedBid {
	members := r.ConsortiumMemberIDs.V
	if members == nil {
		members = []uuid.UUID{}
	}
	return &domain.OpenedBid{
		BidID: r.BidID, OrganizationID: r.OrganizationID, OrganizationName: r.OrganizationName,
		ConsortiumMemberIDs: members, PriceFen: r.PriceFen, ContentSHA256: r.ContentSHA256,
		SubmittedAt: r.SubmittedAt.UTC(), OpenedAt: r.OpenedAt.UTC(),
	}
}

// findBidRow loads a bid row; an unknown id is ENOTFOUND, the same answer
// a caller who may not see the bid gets.
func findBidRow(q *gorm.DB, id uuid.UUID) (*bidRow, error) {
	var row bidRow
	if err := q.Where("id = ?", id).Take(&row).Error; err != nil {
		return nil, bidNotFound(err)
	}
	return &row, nil
}

func bidNotFound(err error) error {
	err = mapError(err)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.Errorf(domain.ENOTFOUND, "bid not found")
	}
	return err
}

// openedStatuses are the statuses of a project whose bids have been
// opened, so that its opening record is public.
var openedStatuses = []domain.ProjectStatus{domain.StatusOpened, domain.StatusEvaluated, domain.StatusAwarded,
	domain.StatusContracted, domain.StatusInService, domain.StatusCompleted}
