package domain

import (
	"context"

	"github.com/google/uuid"
)

// Bounds of a thank-you note, in characters.
const (
	ThanksMinRunes = 5
	ThanksMaxRunes = 500
)

// Audit actions and notification of the end of a wish's story.
const (
	AuditWishThanked = "wish.thanked"
	AuditWishClosed  = "wish.closed"
	NotifyWishThanks = "wish_thanks"
)

// WishThanker ends a wish's story: the station posts the child's thanks
// (under the privacy check of the story, so no name, school, address or
// number slips in) on a delivered wish, which tells its donors; then it
// closes the wish. Both are the station's staff's (ActionWishWrite).
type WishThanker interface {
	ThankWish(ctx context.Context, actor *Actor, wishID uuid.UUID, note string) (*Wish, error)
	CloseWish(ctx context.Context, actor *Actor, wishID uuid.UUID) (*Wish, error)
}
