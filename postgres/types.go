package postgres

import (
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
)

// textArray is a PostgreSQL text[] column. database/sql has no array
// type, and pgx's stdlib adapter hands arrays over in their text form, so
// this type parses that form with pgx's own codec.
type textArray []string

// Scan reads the text form ({a,"b c"}) of a text[] value.
func (a *textArray) Scan(src any) error {
	var raw []byte
	switch v := src.(type) {
	case nil:
		*a = nil
		return nil
	case string:
		raw = []byte(v)
	case []byte:
		raw = v
	default:
		return fmt.Errorf("textArray: cannot scan %T", src)
	}
	var out []string
	if err := pgtype.NewMap().Scan(pgtype.TextArrayOID, pgtype.TextFormatCode, raw, &out); err != nil {
		return fmt.Errorf("textArray: %w", err)
	}
	*a = out
	return nil
}

// Value writes the array literal with every element quoted, which is
// always valid whatever the element holds.
func (a textArray) Value() (driver.Value, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String(), nil
}
