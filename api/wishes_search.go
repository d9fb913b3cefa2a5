package api

import (
	"context"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/search"
)

// wishesByIDs is the batch read the wish service offers for search hits.
type wishesByIDs interface {
	FindWishesByIDs(ctx context.Context, ids []uuid.UUID) ([]*domain.Wish, error)
}

// hydrateWishes loads the public view of wish or programme hits, keeping
// the index's order and dropping hits no longer public. The public view
// of a wish never carries the child's id.
func (s *Server) hydrateWishes(ctx context.Context, typ string, hits []search.Hit, ids []uuid.UUID) ([]searchItemJSON, error) {
	if s.wishes == nil || s.programmes == nil {
		return nil, domain.Errorf(domain.EUNAVAILABLE, "micro-wishes are not configured on this server")
	}
	items := []searchItemJSON{}
	if typ == domain.SearchProgrammes {
		for _, h := range hits {
			id, err := uuid.Parse(h.ID)
			if err != nil {
				continue
			}
			p, err := s.programmes.FindProgrammeByID(ctx, nil, id)
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				continue
			} else if err != nil {
				return nil, err
			}
			it := newSearchItem(typ, h)
			it.Programme = p
			items = append(items, it)
		}
		return items, nil
	}
	byID := map[string]*domain.Wish{}
	if b, ok := s.wishes.(wishesByIDs); ok {
		ws, err := b.FindWishesByIDs(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, w := range ws {
			byID[w.ID.String()] = w
		}
	}
	for _, h := range hits {
		if w, ok := byID[h.ID]; ok {
			w.ChildID = nil
			it := newSearchItem(typ, h)
			it.Wish = w
			items = append(items, it)
		}
	}
	return items, nil
}
