package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"hutong/domain"
)

// FindDonationByID returns a donation to its donor or the host's finance
// staff; to anyone else it does not exist.
func (s *DonationService) FindDonationByID(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Donation, error) {
	d, err := findDonation(s.db.conn(ctx), `d.id = ?`, id, false)
	if err != nil {
		return nil, err
	}
	if !mayRead(actor, d) {
		return nil, domain.Errorf(domain.ENOTFOUND, "donation not found")
	}
	return d.domain(), nil
}

// FindDonorWall lists the gifts a wish received, newest first, as the
// public sees them: a name or 爱心人士, the amount and the time; never an
// email.
func (s *DonationService) FindDonorWall(ctx context.Context, wishID uuid.UUID, page domain.Page) ([]domain.DonorWallEntry, string, error) {
	if err := page.Normalize(); err != nil {
		return nil, "", err
	}
	var status []string
	if err := s.db.conn(ctx).Raw(`SELECT status FROM wishes WHERE id = ?`, wishID).Scan(&status).Error; err != nil {
		return nil, "", mapError(err)
	}
	if len(status) == 0 || !domain.WishStatus(status[0]).Public() {
		return nil, "", domain.Errorf(domain.ENOTFOUND, "wish not found")
	}
	sql, args := `SELECT id, donor_name, anonymous, amount_fen, paid_at FROM donations
		WHERE wish_id = ? AND placement = 'wish'`, []any{wishID}
	if page.Cursor != "" {
		c, _ := domain.DecodeCursor(page.Cursor)
		sql, args = sql+` AND (paid_at, id) < (?, ?)`, append(args, c.Time, c.ID)
	}
	var rows []struct {
		ID        uuid.UUID
		DonorName string
		Anonymous bool
		AmountFen int64
		PaidAt    time.Time
	}
	if err := s.db.conn(ctx).Raw(sql+` ORDER BY paid_at DESC, id DESC LIMIT ?`, append(args, page.Limit+1)...).
		Scan(&rows).Error; err != nil {
		return nil, "", mapError(err)
	}
	next := ""
	if len(rows) > page.Limit {
		rows = rows[:page.Limit]
		last := rows[len(rows)-1]
		next = domain.Cursor{Time: last.PaidAt, ID: last.ID}.Encode()
	}
	out := make([]domain.DonorWallEntry, len(rows))
	for i, r := range rows {
		out[i] = domain.DonorWallEntry{DonorName: publicName(r.DonorName, r.Anonymous), AmountFen: r.AmountFen, At: r.PaidAt.UTC()}
	}
	return out, next, nil
}

// publicName is how a donor is shown: 爱心人士 when anonymous or nameless.
func publicName(name string, anonymous bool) string {
	if anonymous || name == "" {
		return domain.AnonymousDonor
	}
	return name
}

// receiptRow is a received donation with what its receipt prints.
type receiptRow struct {
	D              donationRow `gorm:"embedded"`
	HostName       string
	WishTitle      string
	ProgrammeTitle string
}

const receiptSelect = `SELECT d.*, h.credit_code AS host_credit_code, h.name AS host_name,
	COALESCE(w.title, '') AS wish_title, p.title AS programme_title
	FROM donations d JOIN organizations h ON h.id = d.host_id JOIN programmes p ON p.id = d.programme_id
	LEFT JOIN wishes w ON w.id = d.wish_id`

// purpose is what a receipt says the gift was for.
func (r *receiptRow) purpose() string {
	if r.D.Placement == "wish" && r.WishTitle != "" {
		return "微心愿：" + r.WishTitle + "（" + r.ProgrammeTitle + "）"
	}
	return "微心愿项目：" + r.ProgrammeTitle
}

// FindReceipt returns the numbered receipt of a received donation to its
// donor or the host's finance staff. It states what the host kept: the
// amount less refunds.
func (s *DonationService) FindReceipt(ctx context.Context, actor *domain.Actor, donationID uuid.UUID) (*domain.Receipt, error) {
	var rows []receiptRow
	if err := s.db.conn(ctx).Raw(receiptSelect+` WHERE d.id = ?`, donationID).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	if len(rows) == 0 || !mayRead(actor, &rows[0].D) {
		return nil, domain.Errorf(domain.ENOTFOUND, "donation not found")
	}
	r := rows[0]
	if r.D.ReceiptSeq == nil || r.D.PaidAt == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "this donation has no receipt: it was not received")
	}
	return &domain.Receipt{
		Number: receiptNumber(r.D.HostCreditCode, *r.D.ReceiptYear, *r.D.ReceiptSeq), HostName: r.HostName,
		DonorName: publicName(r.D.DonorName, false), AmountFen: r.D.AmountFen - r.D.RefundedFen, Purpose: r.purpose(),
		ReceivedAt: r.D.PaidAt.UTC(), DonationIDs: []string{r.D.ID.String()},
	}, nil
}

// FindYearReceipts returns a donor's combined receipts for a year (in
// Beijing time): one per host, since each host receipts its own gifts,
// listing every receipted donation and the total kept.
func (s *DonationService) FindYearReceipts(ctx context.Context, actor *domain.Actor, year int) ([]domain.Receipt, error) {
	if actor.Anonymous() {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, "sign in to see your receipts")
	}
	if year < 2000 || year > 9999 {
		return nil, domain.Invalid("year", "must be a year like 2026")
	}
	var rows []receiptRow
	if err := s.db.conn(ctx).Raw(receiptSelect+` WHERE d.donor_id = ? AND d.receipt_year = ? AND d.receipt_seq IS NOT NULL
		ORDER BY h.name, d.paid_at, d.id`, actor.User.ID, year).Scan(&rows).Error; err != nil {
		return nil, mapError(err)
	}
	out := []domain.Receipt{}
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].HostName != r.HostName {
			out = append(out, domain.Receipt{
				Number:   fmt.Sprintf("HT-%s-%d-Y%s", hostShort(r.D.HostCreditCode), year, shortID(actor.User.ID)),
				HostName: r.HostName, DonorName: publicName(r.D.DonorName, false), Purpose: fmt.Sprintf("%d 年度微心愿捐赠", year),
				DonationIDs: []string{},
			})
		}
		cur := &out[len(out)-1]
		cur.AmountFen += r.D.AmountFen - r.D.RefundedFen
		cur.DonationIDs = append(cur.DonationIDs, r.D.ID.String())
		if r.D.PaidAt != nil && r.D.PaidAt.After(cur.ReceivedAt) {
			cur.ReceivedAt = r.D.PaidAt.UTC()
		}
	}
	return out, nil
}

// shortID is the first eight hex digits of an id, upper case.
func shortID(id uuid.UUID) string { return fmt.Sprintf("%X", id[:4]) }
