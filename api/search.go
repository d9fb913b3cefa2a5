package api

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
	"hutong/search"
)

// searchJSON is one page of search results.
type searchJSON struct {
	Items  []searchItemJSON          `json:"items"`
	Total  int                       `json:"total"`
	Facets map[string]map[string]int `json:"facets"`
	// NextOffset is the offset of the next page, or null on the last one
	// (or past the deepest page a search may reach).
	NextOffset *int `json:"next_offset"`
}

// searchItemJSON is one hit with the public view of what it found, read
// from the database rather than the index: the index holds only public
// fields, and may lag behind the database by a moment.
type searchItemJSON struct {
	ID           string              `json:"id"`
	Type         string              `json:"type"`
	Score        float64             `json:"score"`
	Highlights   map[string][]string `json:"highlights"`
	DistanceM    *float64            `json:"distance_m,omitempty"`
	Organization *organizationJSON   `json:"organization,omitempty"`
	Wish         *domain.Wish        `json:"wish,omitempty"`
	Programme    *domain.Programme   `json:"programme,omitempty"`
}

// searchUnavailableTitle is the problem title of a search while the index
// is down.
const searchUnavailableTitle = "api.problem.search_unavailable"

// search runs GET /api/v1/search: the query string is checked by
// search.ParseRequest, the index finds the ids, and the database gives
// the public view of each (skipping any no longer public).
func (s *Server) search(c *gin.Context) {
	params := c.Request.URL.Query()
	t, q, err := search.ParseRequest(params.Get("type"), params)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	res, err := s.runSearch(ctx, t, q)
	if err != nil {
		s.failAs(c, err, searchUnavailableTitle)
		return
	}
	items, err := s.hydrate(ctx, actor(c), t.Name, res.Hits)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, searchJSON{Items: items, Total: res.Total, Facets: facetsJSON(q, res), NextOffset: nextOffset(q, res)})
}

// runSearch asks the index. A query the index refuses names its field
// (422); any other failure of the index is 503, whatever the backend says,
// so that a search outage never looks like the caller's mistake.
func (s *Server) runSearch(ctx context.Context, t *search.DocType, q search.Query) (*search.Result, error) {
	if s.index == nil {
		return nil, domain.Errorf(domain.EUNAVAILABLE, "search is not configured on this server")
	}
	res, err := s.index.Search(ctx, t, q)
	var unknown *search.UnknownFieldError
	switch {
	case err == nil:
		return res, nil
	case errors.As(err, &unknown):
		return nil, domain.Invalid(unknown.Field, "cannot be used to "+unknown.Use)
	}
	return nil, fmt.Errorf("%w: %w", domain.Errorf(domain.EUNAVAILABLE,
		"search is temporarily unavailable; try again later (搜索服务暂时不可用，请稍后再试)"), err)
}

// hydrate loads the public view of each hit in one query per type,
// keeping the index's order and dropping hits the database no longer
// shows.
func (s *Server) hydrate(ctx context.Context, a *domain.Actor, typ string, hits []search.Hit) ([]searchItemJSON, error) {
	ids := make([]uuid.UUID, 0, len(hits))
	for _, h := range hits {
		if id, err := uuid.Parse(h.ID); err == nil {
			ids = append(ids, id)
		}
	}
	if typ == domain.SearchWishes || typ == domain.SearchProgrammes {
		return s.hydrateWishes(ctx, typ, hits, ids)
	}
	if typ != domain.SearchOrganizations {
		return nil, fmt.Errorf("api: no search hydration for type %q", typ)
	}
	orgs, err := s.orgs.FindOrganizationsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	items := []searchItemJSON{}
	byID := make(map[string]*domain.Organization, len(orgs))
	for _, o := range orgs {
		byID[o.ID.String()] = o
	}
	for _, h := range hits {
		if o, ok := byID[h.ID]; ok {
			it := newSearchItem(typ, h)
			it.Organization = orgView(a, o)
			items = append(items, it)
		}
	}
	return items, nil
}

// newSearchItem copies what the index says of a hit.
func newSearchItem(typ string, h search.Hit) searchItemJSON {
	it := searchItemJSON{ID: h.ID, Type: typ, Score: h.Score, Highlights: h.Highlights, DistanceM: h.DistanceMeters}
	// JSON has no NaN, which a sort without relevance may leave.
	if math.IsNaN(it.Score) || math.IsInf(it.Score, 0) {
		it.Score = 0
	}
	if it.Highlights == nil {
		it.Highlights = map[string][]string{}
	}
	return it
}

// facetsJSON has every facet the query asked for, empty when nothing
// matched, so that clients need not check for missing keys.
func facetsJSON(q search.Query, res *search.Result) map[string]map[string]int {
	out := make(map[string]map[string]int, len(q.Facets))
	for _, name := range q.Facets {
		counts := res.Facets[name]
		if counts == nil {
			counts = map[string]int{}
		}
		out[name] = counts
	}
	return out
}

// nextOffset is where the next page starts, or nil when there is none
// or it lies deeper than a search may go.
func nextOffset(q search.Query, res *search.Result) *int {
	next := q.Offset + q.Limit
	if next >= res.Total || next > search.MaxOffset {
		return nil
	}
	return &next
}
