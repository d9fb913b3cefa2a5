package search

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"hutong/domain"
)

// Projects describes the public document of a published project. It holds
// what the project page shows everyone. Bids are sealed until the
// opening: before it no bid, bidder or count of bids is indexed; after it
// the published opening record (bidder names and their number) is, since
// the project page shows it to everyone too.
var Projects = &DocType{
	Name: domain.SearchProjects,
	Fields: []Field{
		{Name: "title", Kind: Text, Searchable: true, Weight: 10},
		{Name: "category_name", Kind: Text, Searchable: true, Weight: 6},
		{Name: "description", Kind: Text, Searchable: true, Weight: 4},
		{Name: "bureau_name", Kind: Text, Searchable: true, Weight: 3},
		{Name: "region_name", Kind: Text, Searchable: true, Weight: 3},
		{Name: "category", Kind: Keyword, Filterable: true, Facet: true},
		// region_codes holds the province, city and district codes, so
		// that a filter on a province finds everything under it.
		{Name: "region_codes", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "method", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "status", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "budget_fen", Kind: Number, Filterable: true, Sortable: true},
		{Name: "bid_deadline", Kind: Time, Filterable: true, Sortable: true},
		{Name: "published_at", Kind: Time, Filterable: true, Sortable: true},
		// bidders and bid_count come from the opening record and are set
		// only once the project is opened.
		{Name: "bidders", Kind: Text, Searchable: true, Weight: 2},
		{Name: "bid_count", Kind: Number, Filterable: true},
	},
	Synonyms: Synonyms,
}

// projectFilters are the filter parameters of projects.
var projectFilters = []FilterParam{
	KeywordParam("category", "category", func(s string) bool { return slices.Contains(domain.ServiceAreas, s) }),
	RegionParam("region", "region_codes"),
	KeywordParam("method", "method", func(s string) bool { return domain.ProjectMethod(s).Valid() }),
	KeywordParam("status", "status", func(s string) bool { return ProjectStatusPublic(domain.ProjectStatus(s)) }),
	MinParam("budget_min", "budget_fen", 1, domain.MaxProjectBudgetFen),
}

// projectSorts are the orders of projects besides relevance.
var projectSorts = map[string]Sort{
	"newest":   {Field: "published_at", Desc: true},
	"deadline": {Field: "bid_deadline"},
	"budget":   {Field: "budget_fen", Desc: true},
}

// ProjectStatusPublic reports whether projects in status s can be in the
// index: every status but draft (a project cancelled as a draft is left
// out by ProjectVisible, since it was never published).
func ProjectStatusPublic(s domain.ProjectStatus) bool {
	return s.Valid() && s != domain.StatusDraft
}

// ProjectVisible reports whether a project belongs in the index: only
// once published, and for good after that.
func ProjectVisible(p *domain.Project) bool { return p.Public() }

// ProjectDocument builds the search document of a project. label gives
// the Chinese name of a category key, so that a search for 心理疏导 finds
// projects in "psychological".
func ProjectDocument(p *domain.Project, label func(area string) string) Document {
	fields := map[string]any{
		"title":         p.Title,
		"category_name": label(p.Category),
		"description":   p.Description,
		"bureau_name":   p.BureauName,
		"region_name":   p.RegionName,
		"category":      p.Category,
		"region_codes":  RegionAncestors(p.RegionCode),
		"method":        string(p.Method),
		"status":        string(p.Status),
		"budget_fen":    p.BudgetFen,
	}
	if t := p.Timeline.BidDeadline; t != nil {
		fields["bid_deadline"] = t.UTC()
	}
	if t := p.Timeline.PublishedAt; t != nil {
		fields["published_at"] = t.UTC()
	}
	return Document{ID: p.ID.String(), Version: p.UpdatedAt.UnixMicro(), Fields: fields}
}

// OpeningLoader returns the published opening record of a project, as the
// public sees it; before the opening it is ENOTFOUND.
type OpeningLoader func(ctx context.Context, projectID uuid.UUID) ([]*domain.OpenedBid, error)

// BidOpenings makes an OpeningLoader of the bid service's FindOpening
// with a nil actor, so that only what the public sees is indexed.
func BidOpenings(bids domain.BidService) OpeningLoader {
	return func(ctx context.Context, projectID uuid.UUID) ([]*domain.OpenedBid, error) {
		return bids.FindOpening(ctx, nil, projectID)
	}
}

// projectOpened reports whether a project in status s has been opened, so
// that its opening record is public. A cancelled or failed project may or
// may not have been; the loader answers ENOTFOUND if not.
func projectOpened(s domain.ProjectStatus) bool {
	switch s {
	case domain.StatusDraft, domain.StatusPublished, domain.StatusBiddingClosed:
		return false
	}
	return s.Valid()
}

// addOpening adds the opening record's bidders and bid count to a
// project document once the project is opened; before that it adds
// nothing and asks the loader nothing.
func addOpening(ctx context.Context, doc *Document, p *domain.Project, opening OpeningLoader) error {
	if opening == nil || !projectOpened(p.Status) {
		return nil
	}
	record, err := opening(ctx, p.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	names := make([]string, 0, len(record))
	for _, b := range record {
		names = append(names, b.OrganizationName)
	}
	doc.Fields["bidders"] = names
	doc.Fields["bid_count"] = int64(len(record))
	return nil
}

// ProjectSource reads project documents through the domain service, as
// the public sees projects (a nil actor): drafts, and drafts cancelled
// before publication, are never loaded, so their documents are removed.
// Its documents carry no opening record; see ProjectSourceWithOpening.
func ProjectSource(projects domain.ProjectService, label func(area string) string) Source {
	return ProjectSourceWithOpening(projects, label, nil)
}

// ProjectSourceWithOpening is ProjectSource whose documents of opened
// projects also carry the published opening record read by opening (nil
// for none), so that a search for a bidder's name finds its projects.
func ProjectSourceWithOpening(projects domain.ProjectService, label func(area string) string, opening OpeningLoader) Source {
	return Source{
		Type: Projects,
		Load: func(ctx context.Context, id string) (*Document, error) {
			uid, err := uuid.Parse(id)
			if err != nil {
				return nil, nil
			}
			p, err := projects.FindProjectByID(ctx, nil, uid)
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				return nil, nil
			} else if err != nil || !ProjectVisible(p) {
				return nil, err
			}
			doc := ProjectDocument(p, label)
			if err := addOpening(ctx, &doc, p, opening); err != nil {
				return nil, err
			}
			return &doc, nil
		},
		Count: func(ctx context.Context) (int, error) {
			return projects.CountProjects(ctx, nil, domain.ProjectFilter{})
		},
		All: func(ctx context.Context, fn func([]Document) error) error {
			f := domain.ProjectFilter{Page: domain.Page{Limit: domain.MaxPageLimit}}
			for {
				list, next, err := projects.FindProjects(ctx, nil, f)
				if err != nil {
					return err
				}
				docs := make([]Document, 0, len(list))
				for _, p := range list {
					if !ProjectVisible(p) {
						continue
					}
					doc := ProjectDocument(p, label)
					if err := addOpening(ctx, &doc, p, opening); err != nil {
						return err
					}
					docs = append(docs, doc)
				}
				if err := fn(docs); err != nil || next == "" {
					return err
				}
				f.Page.Cursor = next
			}
		},
	}
}
