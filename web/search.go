package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hutong/domain"
	"hutong/internal/httpx"
	"hutong/search"
)

// searchData is what the search page shows: the form as entered, with
// the facet counts of the current results beside each filter option, and
// one page of results.
type searchData struct {
	Q           string
	Kinds       []choice
	Areas       []choice
	Ratings     []choice
	Regions     []regionChoices
	Region      string
	Fundraising bool
	Sort        string
	Sorts       []choice
	Results     []searchResult
	Total       int
	From, To    int
	PrevURL     string
	NextURL     string
	Problems    []string
}

// choice is one filter option: its value, label, how many current results
// have it, and whether it is chosen.
type choice struct {
	Value   string
	Label   string
	Count   int
	Checked bool
}

// regionChoices is one province of the region picker, with counts.
type regionChoices struct {
	Label   string
	Options []choice
}

// searchResult is one organisation found, with its highlighted name and
// description (safe HTML: see safeHighlight).
type searchResult struct {
	Org         *domain.Organization
	Name        template.HTML
	Description template.HTML
}

// searchFields are the parameters the page's form sends; problems with
// them are shown beside the form.
var searchFields = []string{"q", "kind", "region", "service_area", "rating_min", "public_fundraising", "sort", "offset"}

// searchPage searches organisations. The query string is the API's, so a
// result page can be shared as a link and read by the API alike.
func (s *Server) searchPage(c *gin.Context) {
	st, params := stateOf(c), c.Request.URL.Query()
	params.Del("type")
	t, q, err := search.ParseRequest(domain.SearchOrganizations, params)
	if e := domain.AsError(err); e != nil && e.Code == domain.EINVALID {
		form := newForm(nil)
		s.applyError(st, form, nil, e)
		s.renderSearch(c, http.StatusUnprocessableEntity, params, nil, search.Query{}, form.General)
		return
	} else if err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.runSearch(c.Request.Context(), t, q)
	if domain.ErrorCode(err) == domain.EUNAVAILABLE {
		// The rest of the site works; only this page says search is down.
		httpx.Logger(c).Error("search page: index unavailable", "err", err)
		s.renderError(c, http.StatusServiceUnavailable, "search.unavailable")
		return
	} else if err != nil {
		s.fail(c, err)
		return
	}
	s.renderSearch(c, http.StatusOK, params, res, q, nil)
}

// runSearch asks the index and reads the organisations found from the
// database, in the index's order, leaving out any no longer public. Any
// failure of the index is EUNAVAILABLE: the page says search is down.
func (s *Server) runSearch(ctx context.Context, t *search.DocType, q search.Query) (*searchOutcome, error) {
	if s.index == nil {
		return nil, domain.Errorf(domain.EUNAVAILABLE, "search is not configured")
	}
	res, err := s.index.Search(ctx, t, q)
	if err != nil {
		return nil, errors.Join(domain.Errorf(domain.EUNAVAILABLE, "search is unavailable"), err)
	}
	ids := make([]uuid.UUID, 0, len(res.Hits))
	for _, h := range res.Hits {
		if id, err := uuid.Parse(h.ID); err == nil {
			ids = append(ids, id)
		}
	}
	orgs, err := s.orgs.FindOrganizationsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	return &searchOutcome{res: res, orgs: orgs}, nil
}

// searchOutcome is what the index found and the organisations behind it.
type searchOutcome struct {
	res  *search.Result
	orgs []*domain.Organization
}

// results pairs each organisation with its hit's highlights.
func (o *searchOutcome) results() []searchResult {
	hits := make(map[string]search.Hit, len(o.res.Hits))
	for _, h := range o.res.Hits {
		hits[h.ID] = h
	}
	out := make([]searchResult, len(o.orgs))
	for i, org := range o.orgs {
		h := hits[org.ID.String()].Highlights
		out[i] = searchResult{
			Org:         org,
			Name:        highlightOr(h["name"], org.Name),
			Description: highlightOr(h["description"], excerpt(org.Description, 120)),
		}
	}
	return out
}

// excerpt cuts s to n characters, marking the cut.
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// renderSearch fills the form from params and the counts from out (nil
// when the form had problems).
func (s *Server) renderSearch(c *gin.Context, status int, params url.Values, out *searchOutcome, q search.Query, problems []string) {
	st := stateOf(c)
	groups, _, err := s.regions.tree(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	facets := map[string]map[string]int{}
	d := searchData{Q: params.Get("q"), Region: params.Get("region"), Sort: params.Get("sort"), Problems: problems}
	d.Fundraising = params.Get("public_fundraising") == "true"
	if out != nil {
		facets, d.Results, d.Total = out.res.Facets, out.results(), out.res.Total
		d.From, d.To = q.Offset+1, q.Offset+len(out.res.Hits)
		d.PrevURL, d.NextURL = pageURLs(params, q, out.res.Total)
	}
	d.Kinds = kindChoices(st, params["kind"], facets["kind"])
	d.Areas = areaChoices(st, params["service_area"], facets["service_areas"])
	d.Ratings = ratingChoices(st, params.Get("rating_min"), facets["rating"])
	d.Regions = regionPicker(groups, facets["region_codes"])
	d.Sorts = sortChoices(st, d.Sort)
	s.render(c, status, "search", st.L.T("search.title"), d)
}

// pageURLs link the previous and next pages, keeping the filters.
func pageURLs(params url.Values, q search.Query, total int) (prev, next string) {
	link := func(offset int) string {
		p := url.Values{}
		for k, v := range params {
			p[k] = v
		}
		p.Set("offset", strconv.Itoa(offset))
		return "/search?" + p.Encode()
	}
	if q.Offset > 0 {
		prev = link(max(q.Offset-q.Limit, 0))
	}
	if n := q.Offset + q.Limit; n < total && n <= search.MaxOffset {
		next = link(n)
	}
	return prev, next
}

func kindChoices(st *state, chosen []string, counts map[string]int) []choice {
	out := make([]choice, len(domain.OrgKinds))
	for i, k := range domain.OrgKinds {
		v := string(k)
		out[i] = choice{Value: v, Label: st.L.T("kind." + v), Count: counts[v], Checked: slices.Contains(chosen, v)}
	}
	return out
}

func areaChoices(st *state, chosen []string, counts map[string]int) []choice {
	out := make([]choice, len(domain.ServiceAreas))
	for i, a := range domain.ServiceAreas {
		out[i] = choice{Value: a, Label: st.L.T("area." + a), Count: counts[a], Checked: slices.Contains(chosen, a)}
	}
	return out
}

// ratingChoices offer "3A or better" and so on, each counting the results
// rated at least that.
func ratingChoices(st *state, chosen string, counts map[string]int) []choice {
	out := make([]choice, 0, 5)
	for level := 5; level >= 1; level-- {
		n := 0
		for l := level; l <= 5; l++ {
			n += counts[strconv.Itoa(l)+"A"]
		}
		v := strconv.Itoa(level)
		out = append(out, choice{Value: v, Label: st.L.T("search.rating_at_least", map[string]any{"Rating": v + "A"}), Count: n, Checked: chosen == v})
	}
	return out
}

// regionPicker is the region tree with the count of results under each.
func regionPicker(groups []regionGroup, counts map[string]int) []regionChoices {
	out := make([]regionChoices, len(groups))
	for i, g := range groups {
		rc := regionChoices{Label: g.Label, Options: make([]choice, len(g.Options))}
		for j, o := range g.Options {
			rc.Options[j] = choice{Value: o.Code, Label: o.Label, Count: counts[o.Code]}
		}
		out[i] = rc
	}
	return out
}

// sortNames are the orders the page offers; "" is the default (by
// relevance with words, newest without).
var sortNames = []string{"", search.SortRelevance, "newest", "rating"}

func sortChoices(st *state, chosen string) []choice {
	out := make([]choice, len(sortNames))
	for i, n := range sortNames {
		out[i] = choice{Value: n, Label: st.L.T(sortLabel(n)), Checked: chosen == n}
	}
	return out
}

// sortLabel is the catalogue id naming an order.
func sortLabel(name string) string {
	if name == "" {
		return "search.sort.default"
	}
	return "search.sort." + name
}
