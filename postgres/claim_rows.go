package postgres

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"hutong/domain"
)

type claimRow struct {
	ID           uuid.UUID `gorm:"primaryKey"`
	WishID       uuid.UUID
	DonorID      uuid.UUID
	DonorName    string
	Anonymous    bool
	Status       string
	Deadline     time.Time
	TrackingNote string
	BoughtAt     *time.Time
	ReceivedAt   *time.Time
	DeliveredAt  *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (claimRow) TableName() string { return "wish_claims" }

// domain returns the claim; private adds the donor's id and tracking
// note, for the donor and the station.
func (r *claimRow) domain(private bool) *domain.Claim {
	c := &domain.Claim{ID: r.ID, WishID: r.WishID, DonorName: r.DonorName, Status: domain.ClaimStatus(r.Status),
		Deadline: r.Deadline.UTC(), BoughtAt: utcPtr(r.BoughtAt), ReceivedAt: utcPtr(r.ReceivedAt),
		DeliveredAt: utcPtr(r.DeliveredAt), CreatedAt: r.CreatedAt.UTC()}
	if r.Anonymous || c.DonorName == "" {
		c.DonorName = domain.AnonymousDonor
	}
	if private {
		c.DonorID, c.TrackingNote = ptr(r.DonorID), r.TrackingNote
	}
	return c
}

type evidenceRow struct {
	ID              uuid.UUID `gorm:"primaryKey"`
	WishID          uuid.UUID
	BlobKey         string
	SHA256          string `gorm:"column:sha256"`
	ContentType     string
	Width           int
	Height          int
	Note            string
	NoFaceConfirmed bool
	UploadedBy      *uuid.UUID
	CreatedAt       time.Time
}

func (evidenceRow) TableName() string { return "wish_evidence" }

func (r *evidenceRow) domain() *domain.WishEvidence {
	return &domain.WishEvidence{ID: r.ID, WishID: r.WishID, ContentType: r.ContentType, SHA256: r.SHA256,
		Width: r.Width, Height: r.Height, Note: r.Note, CreatedAt: r.CreatedAt.UTC()}
}

// claimWish is the part of a wish claims and delivery read, under its row
// lock when asked.
type claimWish struct {
	ID        uuid.UUID
	StationID uuid.UUID
	Kind      string
	Title     string
	Status    string
	AmountFen int64
	FundedFen int64
	HeldFen   int64
}

func findClaimWish(q *gorm.DB, id uuid.UUID, lock bool) (*claimWish, error) {
	sql := `SELECT id, station_id, kind, title, status, amount_fen, funded_fen, held_fen FROM wishes WHERE id = ?`
	if lock {
		sql += ` FOR UPDATE`
	}
	var rows []claimWish
	if err := q.Raw(sql, id).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "wish not found")
	}
	return &rows[0], nil
}

// moveClaimedWish moves a locked wish from one status to another.
func moveClaimedWish(tx *gorm.DB, id uuid.UUID, from, to domain.WishStatus, now time.Time) error {
	res := tx.Exec(`UPDATE wishes SET status = ?, updated_at = ? WHERE id = ? AND status = ?`, to, now, id, from)
	if res.Error != nil {
		return mapError(res.Error)
	}
	if res.RowsAffected != 1 {
		return domain.Errorf(domain.ECONFLICT, "the wish is no longer %s", from)
	}
	return nil
}

// scheduleClaimJobs inserts the reminder and the release of a new claim,
// in its transaction.
func (db *DB) scheduleClaimJobs(tx *gorm.DB, c *claimRow) error {
	stx, err := sqlTx(tx)
	if err != nil {
		return err
	}
	remind := c.Deadline.Add(-domain.ClaimReminderBefore)
	if _, err := db.river.InsertTx(tx.Statement.Context, stx, domain.ClaimReminderArgs{ClaimID: c.ID, At: remind},
		&river.InsertOpts{ScheduledAt: remind}); err != nil {
		return fmt.Errorf("insert claim_reminder job: %w", err)
	}
	if _, err := db.river.InsertTx(tx.Statement.Context, stx, domain.ClaimDeadlineArgs{ClaimID: c.ID, Deadline: c.Deadline},
		&river.InsertOpts{ScheduledAt: c.Deadline}); err != nil {
		return fmt.Errorf("insert claim_deadline job: %w", err)
	}
	return nil
}

// fulfilmentLink is the public page of a wish, for notifications.
func fulfilmentLink(id uuid.UUID) string { return "/wishes/" + id.String() }
