package search

import (
	"context"

	"github.com/google/uuid"

	"hutong/domain"
)

// Programmes describes the public document of an active (or closed)
// micro-wish programme.
var Programmes = &DocType{
	Name: domain.SearchProgrammes,
	Fields: []Field{
		{Name: "title", Kind: Text, Searchable: true, Weight: 10},
		{Name: "description", Kind: Text, Searchable: true, Weight: 4},
		{Name: "organization_name", Kind: Text, Searchable: true, Weight: 3},
		{Name: "host_name", Kind: Text, Searchable: true, Weight: 2},
		{Name: "status", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "region_codes", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "takes_cash", Kind: Bool, Filterable: true},
		{Name: "goal_fen", Kind: Number, Filterable: true, Sortable: true},
		{Name: "raised_fen", Kind: Number, Filterable: true, Sortable: true},
		{Name: "ends_on", Kind: Time, Filterable: true, Sortable: true},
		{Name: "created_at", Kind: Time, Filterable: true, Sortable: true},
	},
	Synonyms: Synonyms,
}

// programmeFilters are the filter parameters of programmes.
var programmeFilters = []FilterParam{
	RegionParam("region", "region_codes"),
	KeywordParam("status", "status", func(s string) bool {
		return s == string(domain.ProgrammeActive) || s == string(domain.ProgrammeClosed)
	}),
	BoolParam("takes_cash", "takes_cash"),
}

// programmeSorts are the orders of programmes besides relevance.
var programmeSorts = map[string]Sort{
	"newest": {Field: "created_at", Desc: true},
	"ending": {Field: "ends_on"},
}

// ProgrammeDocument builds the search document of a public programme.
func ProgrammeDocument(p *domain.Programme) Document {
	host := ""
	if p.TakesCash() {
		host = p.HostName
	}
	return Document{ID: p.ID.String(), Version: p.UpdatedAt.UnixMicro(), Fields: map[string]any{
		"title":             p.Title,
		"description":       p.Description,
		"organization_name": p.OrganizationName,
		"host_name":         host,
		"status":            string(p.Status),
		"region_codes":      RegionAncestors(p.RegionCode),
		"takes_cash":        p.TakesCash(),
		"goal_fen":          p.GoalFen,
		"raised_fen":        p.RaisedFen,
		"ends_on":           p.EndsOn.Start().UTC(),
		"created_at":        p.CreatedAt.UTC(),
	}}
}

// ProgrammeReader is what the programme source needs of the programme
// service.
type ProgrammeReader interface {
	FindProgrammeByID(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Programme, error)
	FindProgrammes(ctx context.Context, actor *domain.Actor, orgID *uuid.UUID, page domain.Page) ([]*domain.Programme, string, error)
	CountProgrammes(ctx context.Context) (int, error)
}

// ProgrammeSource reads programme documents as the public sees them.
func ProgrammeSource(programmes ProgrammeReader) Source {
	return Source{
		Type: Programmes,
		Load: func(ctx context.Context, id string) (*Document, error) {
			uid, err := uuid.Parse(id)
			if err != nil {
				return nil, nil
			}
			p, err := programmes.FindProgrammeByID(ctx, nil, uid)
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				return nil, nil
			} else if err != nil || p.Status == domain.ProgrammeDraft {
				return nil, err
			}
			doc := ProgrammeDocument(p)
			return &doc, nil
		},
		Count: programmes.CountProgrammes,
		All: func(ctx context.Context, fn func([]Document) error) error {
			page := domain.Page{Limit: domain.MaxPageLimit}
			for {
				list, next, err := programmes.FindProgrammes(ctx, nil, nil, page)
				if err != nil {
					return err
				}
				docs := make([]Document, 0, len(list))
				for _, p := range list {
					if p.Status != domain.ProgrammeDraft {
						docs = append(docs, ProgrammeDocument(p))
					}
				}
				if err := fn(docs); err != nil || next == "" {
					return err
				}
				page.Cursor = next
			}
		},
	}
}
