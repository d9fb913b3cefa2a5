package api

import (
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
)

// pathID parses a uuid path parameter. A malformed id names no object, so
// it is 404 like an unknown one (domain.ParseID).
func pathID(c *gin.Context, name string) (uuid.UUID, error) {
	return domain.ParseID(c.Param(name))
}

// queryPage reads ?limit= and ?cursor= and checks them; a bad value is 422
// naming the parameter.
func queryPage(c *gin.Context) (domain.Page, error) {
	p := domain.Page{Cursor: c.Query("cursor")}
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return p, domain.Invalid("limit", "must be an integer")
		}
		if n == 0 {
			return p, domain.Invalid("limit", "must be between 1 and 100")
		}
		p.Limit = n
	}
	return p, p.Normalize()
}

// queryBool reads an optional true/false parameter; anything else is 422
// naming it.
func queryBool(c *gin.Context, name string) (bool, error) {
	s := c.Query(name)
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, domain.Invalid(name, "must be true or false")
	}
	return b, nil
}

// queryID reads an optional uuid parameter; a malformed one is 422 naming
// it (unlike a path id, a query parameter is input to validate).
func queryID(c *gin.Context, name string) (*uuid.UUID, error) {
	s := c.Query(name)
	if s == "" {
		return nil, nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		return nil, domain.Invalid(name, "must be a uuid")
	}
	return &id, nil
}

// list is the answer of every paginated list.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// newList never answers null for an empty page.
func newList[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, NextCursor: next}
}

// pathIDs parses two uuid path parameters, answering 404 itself when
// either is malformed.
func (s *Server) pathIDs(c *gin.Context, a, b string) (uuid.UUID, uuid.UUID, bool) {
	x, err := pathID(c, a)
	if err == nil {
		var y uuid.UUID
		if y, err = pathID(c, b); err == nil {
			return x, y, true
		}
	}
	s.fail(c, err)
	return uuid.Nil, uuid.Nil, false
}

// joinInvalid merges validation errors so the caller learns every bad
// field at once; the first error that is not EINVALID wins outright.
func joinInvalid(errs ...error) error {
	var fields []domain.FieldError
	for _, err := range errs {
		if err == nil {
			continue
		}
		e := domain.AsError(err)
		if e == nil || e.Code != domain.EINVALID {
			return err
		}
		fields = append(fields, e.Fields...)
	}
	if len(fields) == 0 {
		return nil
	}
	return &domain.Error{Code: domain.EINVALID, Message: "invalid input", Fields: fields}
}

// configuredID reads the id in the path (uuid.Nil on a route without
// one) once the service behind a route is configured; otherwise, or for
// a malformed id, it answers the problem itself (503 naming what is
// missing, or 404).
func (s *Server) configuredID(c *gin.Context, configured bool, missing string) (uuid.UUID, bool) {
	if !configured {
		s.fail(c, domain.Errorf(domain.EUNAVAILABLE, "%s", missing))
		return uuid.Nil, false
	}
	if c.Param("id") == "" {
		return uuid.Nil, true
	}
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return uuid.Nil, false
	}
	return id, true
}
