package search

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"hutong/domain"
)

// Organizations describes the public document of a verified organisation.
// Contact details are deliberately absent: an organisation's phone and
// email reach people, and nothing that reaches a person is indexed.
var Organizations = &DocType{
	Name: domain.SearchOrganizations,
	Fields: []Field{
		{Name: "name", Kind: Text, Searchable: true, Weight: 10},
		{Name: "service_area_names", Kind: Text, Searchable: true, Weight: 6},
		{Name: "description", Kind: Text, Searchable: true, Weight: 4},
		{Name: "region_name", Kind: Text, Searchable: true, Weight: 3},
		{Name: "kind", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "region_code", Kind: Keyword, Filterable: true},
		// region_codes holds the province, city and district codes, so
		// that a filter on a province finds everything under it.
		{Name: "region_codes", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "service_areas", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "rating", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "rating_level", Kind: Number, Filterable: true, Sortable: true},
		{Name: "public_fundraising", Kind: Bool, Filterable: true},
		{Name: "verified_at", Kind: Time, Filterable: true, Sortable: true},
	},
	Synonyms: Synonyms,
}

// Synonyms are the groups of words child-protection workers use for the
// same thing. They are the defaults; a platform admin's edits replace them.
var Synonyms = [][]string{
	{"心理疏导", "心理辅导", "心理咨询"},
	{"留守儿童", "农村留守儿童"},
	{"困境儿童", "困难儿童"},
	{"课业辅导", "作业辅导", "学业辅导"},
	{"未保站", "未成年人保护工作站"},
	{"社工", "社会工作者"},
}

// OrganizationDocument builds the search document of an organisation.
// label gives the Chinese name of a service area key, so that a search for
// 心理疏导 finds organisations serving "psychological".
func OrganizationDocument(o *domain.Organization, label func(area string) string) Document {
	names := make([]string, len(o.ServiceAreas))
	for i, a := range o.ServiceAreas {
		names[i] = label(a)
	}
	fields := map[string]any{
		"name":               o.Name,
		"service_area_names": strings.Join(names, " "),
		"description":        o.Description,
		"region_name":        o.RegionName,
		"kind":               string(o.Kind),
		"region_code":        o.RegionCode,
		"region_codes":       RegionAncestors(o.RegionCode),
		"service_areas":      append([]string{}, o.ServiceAreas...),
		"rating":             o.Rating,
		"rating_level":       int64(ratingLevel(o.Rating)),
		"public_fundraising": o.PublicFundraising,
	}
	if o.VerifiedAt != nil {
		fields["verified_at"] = o.VerifiedAt.UTC()
	}
	return Document{ID: o.ID.String(), Version: o.UpdatedAt.UnixMicro(), Fields: fields}
}

// OrganizationVisible reports whether an organisation belongs in the
// index: only verified organisations are public in search.
func OrganizationVisible(o *domain.Organization) bool { return o.Verified() }

// RegionAncestors returns the province, city and district codes of a
// six-digit division code, without repeats: 320213 → 320000, 320200,
// 320213.
func RegionAncestors(code string) []string {
	if len(code) != 6 {
		return nil
	}
	out := []string{code[:2] + "0000"}
	for _, c := range []string{code[:4] + "00", code} {
		if c != out[len(out)-1] {
			out = append(out, c)
		}
	}
	return out
}

func ratingLevel(r string) int {
	if len(r) == 2 && r[1] == 'A' && r[0] >= '1' && r[0] <= '5' {
		return int(r[0] - '0')
	}
	return 0
}

// OrganizationSource reads organisation documents through the domain
// service; label names service areas in Chinese.
func OrganizationSource(orgs domain.OrganizationService, label func(area string) string) Source {
	return Source{
		Type: Organizations,
		Load: func(ctx context.Context, id string) (*Document, error) {
			uid, err := uuid.Parse(id)
			if err != nil {
				return nil, nil
			}
			o, err := orgs.FindOrganizationByID(ctx, uid)
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				return nil, nil
			} else if err != nil || !OrganizationVisible(o) {
				return nil, err
			}
			doc := OrganizationDocument(o, label)
			return &doc, nil
		},
		Count: func(ctx context.Context) (int, error) {
			return orgs.CountOrganizations(ctx, domain.OrganizationFilter{VerificationStatus: domain.VerificationVerified})
		},
		All: func(ctx context.Context, fn func([]Document) error) error {
			f := domain.OrganizationFilter{VerificationStatus: domain.VerificationVerified, Page: domain.Page{Limit: domain.MaxPageLimit}}
			for {
				list, next, err := orgs.FindOrganizations(ctx, f)
				if err != nil {
					return err
				}
				docs := make([]Document, len(list))
				for i, o := range list {
					docs[i] = OrganizationDocument(o, label)
				}
				if err := fn(docs); err != nil || next == "" {
					return err
				}
				f.Page.Cursor = next
			}
		},
	}
}
