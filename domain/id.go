package domain

import "github.com/google/uuid"

// NewID returns a time-ordered UUID v7, the id of every public object. It
// panics only when the system's random source fails, which nothing can
// recover from.
func NewID() uuid.UUID {
	return uuid.Must(uuid.NewV7())
}

// ParseID parses a public id, answering ENOTFOUND for anything that is not
// a UUID, since a malformed id names no object.
func ParseID(s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, Errorf(ENOTFOUND, "not found")
	}
	return id, nil
}
