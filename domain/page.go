package domain

import (
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

// Page limits.
const (
	DefaultPageLimit = 20
	MaxPageLimit     = 100
)

// Page asks for one page of a list: at most Limit items after Cursor.
type Page struct {
	Limit  int
	Cursor string
}

// Normalize fills the default limit and checks bounds; a bad limit or
// cursor is EINVALID naming the parameter.
func (p *Page) Normalize() error {
	if p.Limit == 0 {
		p.Limit = DefaultPageLimit
	}
	if p.Limit < 1 || p.Limit > MaxPageLimit {
		return Invalid("limit", "must be between 1 and 100")
	}
	if p.Cursor != "" {
		if _, err := DecodeCursor(p.Cursor); err != nil {
			return err
		}
	}
	return nil
}

// Cursor is the position after the last item of a page, for keyset
// pagination ordered by (time, id).
type Cursor struct {
	Time time.Time `json:"t"`
	ID   uuid.UUID `json:"i"`
}

// Encode returns the opaque cursor string.
func (c Cursor) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor parses an opaque cursor; anything malformed is EINVALID on
// "cursor".
func DecodeCursor(s string) (Cursor, error) {
	var c Cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 200 || json.Unmarshal(b, &c) != nil || c.ID == uuid.Nil {
		return Cursor{}, Invalid("cursor", "not a valid cursor")
	}
	return c, nil
}
