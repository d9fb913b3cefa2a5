package domain

import (
	"context"

	"github.com/google/uuid"
)

// Audit action and notification of a cancelled wish.
const (
	AuditWishCancelled  = "wish.cancelled"
	NotifyWishCancelled = "wish_cancelled"
)

// WishCancellation is what cancelling a wish did with its money: gifts
// refunded through Stripe (their ledger entries follow the refund
// events), and gifts and matched funds moved to the programme.
type WishCancellation struct {
	WishID        uuid.UUID `json:"wish_id"`
	RefundedFen   int64     `json:"refunded_fen"`
	RedirectedFen int64     `json:"redirected_fen"`
	Refunds       int       `json:"refunds"`
	Redirects     int       `json:"redirects"`
}

// WishCanceller cancels wishes (the station's owners and admins): each
// cash donor's money is refunded through Stripe or moved to the
// programme, as the donor chose when giving; offline gifts, disputed
// payments and matched funds move to the programme (a disputed payment is
// never refunded: the dispute decides). A claim not yet bought is
// cancelled; goods already bought make the wish ECONFLICT (deliver them).
type WishCanceller interface {
	CancelWish(ctx context.Context, actor *Actor, wishID uuid.UUID, reason string) (*WishCancellation, error)
}
