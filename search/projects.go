package search

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"hutong/domain"
)

// Projects describes the public document of a published project. It holds
// what the project page shows everyone and nothing of its bids, which are
// sealed: no bid, bidder or count of bids is ever indexed.
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

// ProjectSource reads project documents through the domain service, as
// the public sees projects (a nil actor): drafts, and drafts cancelled
// before publication, are never loaded, so their documents are removed.
func ProjectSource(projects domain.ProjectService, label func(area string) string) Source {
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
					if ProjectVisible(p) {
						docs = append(docs, ProjectDocument(p, label))
					}
				}
				if err := fn(docs); err != nil || next == "" {
					return err
				}
				f.Page.Cursor = next
			}
		},
	}
}
