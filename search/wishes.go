package search

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"hutong/domain"
)

// Wishes describes the public document of a published wish: what the
// wish page shows everyone, and nothing of the child beyond the
// pseudonym and age band. The title and story are indexed only once
// they passed the privacy check and a second person's review.
var Wishes = &DocType{
	Name: domain.SearchWishes,
	Fields: []Field{
		{Name: "title", Kind: Text, Searchable: true, Weight: 10},
		{Name: "category_name", Kind: Text, Searchable: true, Weight: 6},
		{Name: "story", Kind: Text, Searchable: true, Weight: 4},
		{Name: "pseudonym", Kind: Text, Searchable: true, Weight: 3},
		{Name: "programme_title", Kind: Text, Searchable: true, Weight: 3},
		{Name: "station_name", Kind: Text, Searchable: true, Weight: 2},
		{Name: "category", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "kind", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "status", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "age_band", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "region_codes", Kind: Keyword, Filterable: true, Facet: true},
		{Name: "programme_id", Kind: Keyword, Filterable: true},
		{Name: "station_id", Kind: Keyword, Filterable: true},
		{Name: "amount_fen", Kind: Number, Filterable: true, Sortable: true},
		{Name: "funded_fen", Kind: Number, Filterable: true, Sortable: true},
		{Name: "remaining_fen", Kind: Number, Filterable: true, Sortable: true},
		{Name: "takes_cash", Kind: Bool, Filterable: true},
		{Name: "deadline", Kind: Time, Filterable: true, Sortable: true},
		{Name: "published_at", Kind: Time, Filterable: true, Sortable: true},
	},
	Synonyms: Synonyms,
}

// WishCategoryNames are the Chinese names of wish categories, indexed so
// that a search for 学习用品 finds "school_supplies".
var WishCategoryNames = map[string]string{
	"school_supplies":   "学习用品 文具",
	"books":             "图书 书籍",
	"clothing":          "衣物 衣服",
	"daily_necessities": "生活用品",
	"sports_arts":       "文体用品",
	"toys":              "玩具",
	"study_grant":       "助学金",
	"experience":        "体验活动",
}

// wishFilters are the filter parameters of wishes.
var wishFilters = []FilterParam{
	RegionParam("region", "region_codes"),
	KeywordParam("category", "category", func(s string) bool { return slices.Contains(domain.WishCategories, s) }),
	KeywordParam("kind", "kind", func(s string) bool { return domain.WishKind(s).Valid() }),
	KeywordParam("status", "status", func(s string) bool { return WishStatusPublic(domain.WishStatus(s)) }),
	KeywordParam("age_band", "age_band", func(s string) bool { return slices.Contains(domain.AgeBands, s) }),
}

// wishSorts are the orders of wishes besides relevance: the most urgent
// (nearest deadline) first, the newest, or the one closest to done.
var wishSorts = map[string]Sort{
	"deadline":  {Field: "deadline"},
	"newest":    {Field: "published_at", Desc: true},
	"remaining": {Field: "remaining_fen"},
}

// WishStatusPublic reports whether wishes in status s can be indexed.
func WishStatusPublic(s domain.WishStatus) bool {
	switch s {
	case domain.WishPublished, domain.WishFunded, domain.WishClaimed, domain.WishPurchased,
		domain.WishDelivered, domain.WishThanked, domain.WishClosed, domain.WishCancelled:
		return true
	}
	return false
}

// WishDocument builds the search document of a published wish from its
// public view (the child's id is never read).
func WishDocument(w *domain.Wish) Document {
	fields := map[string]any{
		"title":           w.Title,
		"category_name":   WishCategoryNames[w.Category],
		"story":           w.Story,
		"pseudonym":       w.Pseudonym,
		"programme_title": w.ProgrammeTitle,
		"station_name":    w.StationName,
		"category":        w.Category,
		"kind":            string(w.Kind),
		"status":          string(w.Status),
		"age_band":        w.AgeBand,
		"region_codes":    RegionAncestors(w.RegionCode),
		"programme_id":    w.ProgrammeID.String(),
		"station_id":      w.StationID.String(),
		"amount_fen":      w.AmountFen,
		"funded_fen":      w.FundedFen,
		"remaining_fen":   w.RemainingFen(),
		"takes_cash":      w.TakesCash,
		"deadline":        w.Deadline.Start().UTC(),
	}
	if w.PublishedAt != nil {
		fields["published_at"] = w.PublishedAt.UTC()
	}
	return Document{ID: w.ID.String(), Version: w.UpdatedAt.UnixMicro(), Fields: fields}
}

// WishReader is what the wish source needs of the wish service: the
// public reads, as a nil actor sees them.
type WishReader interface {
	FindWishByID(ctx context.Context, actor *domain.Actor, id uuid.UUID) (*domain.Wish, error)
	FindWishes(ctx context.Context, actor *domain.Actor, f domain.WishFilter) ([]*domain.Wish, string, error)
	CountWishes(ctx context.Context) (int, error)
}

// WishSource reads wish documents through the wish service as the public
// sees wishes (a nil actor): drafts and wishes in review are never
// loaded, so their documents are removed.
func WishSource(wishes WishReader) Source {
	return Source{
		Type: Wishes,
		Load: func(ctx context.Context, id string) (*Document, error) {
			uid, err := uuid.Parse(id)
			if err != nil {
				return nil, nil
			}
			w, err := wishes.FindWishByID(ctx, nil, uid)
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				return nil, nil
			} else if err != nil || !WishStatusPublic(w.Status) {
				return nil, err
			}
			doc := WishDocument(w)
			return &doc, nil
		},
		Count: wishes.CountWishes,
		All: func(ctx context.Context, fn func([]Document) error) error {
			f := domain.WishFilter{Page: domain.Page{Limit: domain.MaxPageLimit}}
			for {
				list, next, err := wishes.FindWishes(ctx, nil, f)
				if err != nil {
					return err
				}
				docs := make([]Document, 0, len(list))
				for _, w := range list {
					if WishStatusPublic(w.Status) {
						docs = append(docs, WishDocument(w))
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
