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
	byID, err := s.publicWishes(ctx, ids)
	if err != nil {
		return nil, err
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

// publicWishes loads the public view of the wishes among ids: in one
// query when the service offers it, one by one (at most a page of hits)
// otherwise.
func (s *Server) publicWishes(ctx context.Context, ids []uuid.UUID) (map[string]*domain.Wish, error) {
	byID := map[string]*domain.Wish{}
	if b, ok := s.wishes.(wishesByIDs); ok {
		ws, err := b.FindWishesByIDs(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, w := range ws {
			byID[w.ID.String()] = w
		}
		return byID, nil
	}
	for _, id := range ids {
		w, err := s.wishes.FindWishByID(ctx, nil, id)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		byID[w.ID.String()] = w
	}
	return byID, nil
}
