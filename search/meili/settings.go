package meili

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/meilisearch/meilisearch-go"

	"hutong/search"
)

// Attributes this backend adds to every document; a DocType may not use
// these names for its own fields.
const (
	attrID      = "id"
	attrVersion = "_version"
	attrGeo     = "_geo"
	attrChars   = "_chars"
)

// Index-wide limits written into the settings.
const (
	// maxTotalHits caps how far offset+limit may page (Meilisearch's
	// default is 1000).
	maxTotalHits = 10000
	// maxValuesPerFacet caps the values counted per facet; region codes
	// are the longest list (Meilisearch's default is 100).
	maxValuesPerFacet = 500
)

// rankingRules are Meilisearch's built-in rules with "sort" moved up to
// follow "words": when a caller asks for an order (by rating, by distance)
// the page must be in that order, not merely tie-broken by it. Without a
// sort in the query the rule does nothing and ranking is by relevance.
var rankingRules = []string{"words", "sort", "typo", "proximity", "attribute", "exactness"}

// chineseLocales tells Meilisearch that Text fields are Chinese, so that it
// segments them with its Chinese segmenter instead of guessing the language
// of every field (short names are often guessed as Japanese).
var chineseLocales = []string{"zho"}

// Init creates the index of each type when missing (primary key "id") and
// writes its settings, waiting for both tasks. Running it again with the
// same types changes nothing.
func (ix *Index) Init(ctx context.Context, types ...*search.DocType) error {
	for _, t := range types {
		s, err := settingsFor(t)
		if err != nil {
			return err
		}
		if err := ix.createIndex(ctx, t); err != nil {
			return err
		}
		info, err := ix.client.Index(ix.uid(t)).UpdateSettingsWithContext(ctx, s)
		if err != nil {
			return wrap("update settings of "+ix.uid(t), err)
		}
		if err := ix.wait(ctx, info); err != nil {
			return err
		}
		if err := ix.resetEmpty(ctx, t, s); err != nil {
			return err
		}
	}
	return nil
}

// resetEmpty resets the settings that are empty for t. The SDK leaves
// empty lists out of the settings body, which Meilisearch reads as "keep
// the current value", so a synonym list emptied by an admin would
// otherwise stay on the server.
func (ix *Index) resetEmpty(ctx context.Context, t *search.DocType, s *meilisearch.Settings) error {
	idx := ix.client.Index(ix.uid(t))
	resets := []struct {
		empty bool
		name  string
		reset func(context.Context) (*meilisearch.TaskInfo, error)
	}{
		{len(s.Synonyms) == 0, "synonyms", idx.ResetSynonymsWithContext},
		{len(s.FilterableAttributes) == 0, "filterable attributes", idx.ResetFilterableAttributesWithContext},
		{len(s.SortableAttributes) == 0, "sortable attributes", idx.ResetSortableAttributesWithContext},
		{len(s.LocalizedAttributes) == 0, "localized attributes", idx.ResetLocalizedAttributesWithContext},
	}
	for _, r := range resets {
		if !r.empty {
			continue
		}
		info, err := r.reset(ctx)
		if err != nil {
			return wrap("reset "+r.name+" of "+ix.uid(t), err)
		}
		if err := ix.wait(ctx, info); err != nil {
			return err
		}
	}
	return nil
}

// createIndex creates the index unless it exists. Two instances starting
// together may both try; the loser's task fails with
// index_already_exists, which is success here.
func (ix *Index) createIndex(ctx context.Context, t *search.DocType) error {
	_, err := ix.client.GetIndexWithContext(ctx, ix.uid(t))
	if err == nil {
		return nil
	}
	err = wrap("get index "+ix.uid(t), err)
	var api *APIError
	if !errors.As(err, &api) || api.Code != "index_not_found" {
		return err
	}
	info, err := ix.client.CreateIndexWithContext(ctx, &meilisearch.IndexConfig{Uid: ix.uid(t), PrimaryKey: attrID})
	if err != nil {
		return wrap("create index "+ix.uid(t), err)
	}
	err = ix.wait(ctx, info)
	var te *TaskError
	if errors.As(err, &te) && te.Code == "index_already_exists" {
		return nil
	}
	return err
}

// settingsFor builds the index settings from the type's description.
func settingsFor(t *search.DocType) (*meilisearch.Settings, error) {
	if err := checkType(t); err != nil {
		return nil, err
	}
	texts := textFields(t)
	s := &meilisearch.Settings{
		RankingRules:         rankingRules,
		SearchableAttributes: searchable(t),
		FilterableAttributes: attributes(t, func(f search.Field) bool { return f.Filterable || f.Facet }),
		SortableAttributes:   attributes(t, func(f search.Field) bool { return f.Sortable }),
		Synonyms:             synonyms(t.Synonyms),
		TypoTolerance: &meilisearch.TypoTolerance{
			Enabled: true,
			// Meilisearch's defaults, written out so that Init resets any
			// change made by hand on the server.
			MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{OneTypo: 5, TwoTypos: 9},
			DisableOnWords:      []string{},
			DisableOnAttributes: []string{},
		},
		Pagination: &meilisearch.Pagination{MaxTotalHits: maxTotalHits},
		Faceting: &meilisearch.Faceting{
			MaxValuesPerFacet: maxValuesPerFacet,
			// Counted order keeps the most common values when a facet has
			// more than maxValuesPerFacet.
			SortFacetValuesBy: map[string]meilisearch.SortFacetType{"*": meilisearch.SortFacetTypeCount},
		},
	}
	if len(texts) > 0 {
		s.LocalizedAttributes = []*meilisearch.LocalizedAttributes{{
			AttributePatterns: append(texts, attrChars),
			Locales:           chineseLocales,
		}}
	}
	if t.Geo {
		s.FilterableAttributes = append(s.FilterableAttributes, attrGeo)
		s.SortableAttributes = append(s.SortableAttributes, attrGeo)
	}
	return s, nil
}

// checkType rejects names Meilisearch or this backend reserve.
func checkType(t *search.DocType) error {
	if t == nil || t.Name == "" {
		return errors.New("meili: a DocType needs a name")
	}
	for _, r := range t.Name {
		if !isUIDRune(r) {
			return fmt.Errorf("meili: DocType name %q may only hold letters, digits, - and _", t.Name)
		}
	}
	for _, f := range t.Fields {
		// Names go unquoted into filter and sort expressions, and Meilisearch
		// keeps "id" and names starting with "_" for itself and this backend.
		if f.Name == "" || f.Name == attrID || strings.HasPrefix(f.Name, "_") || strings.IndexFunc(f.Name, notUIDRune) >= 0 {
			return fmt.Errorf("meili: DocType %s: field name %q is reserved or not letters, digits, - and _", t.Name, f.Name)
		}
	}
	return nil
}

// searchable lists the searchable fields, heaviest first (the "attribute"
// ranking rule follows this order), then the Han characters.
func searchable(t *search.DocType) []string {
	fs := slices.Clone(t.Fields)
	slices.SortStableFunc(fs, func(a, b search.Field) int { return cmp.Compare(b.Weight, a.Weight) })
	out := attributes(&search.DocType{Fields: fs}, func(f search.Field) bool { return f.Searchable })
	if len(textFields(t)) > 0 {
		out = append(out, attrChars)
	}
	return out
}

// textFields lists the searchable Text fields, whose Han characters go
// into "_chars".
func textFields(t *search.DocType) []string {
	return attributes(t, func(f search.Field) bool { return f.Searchable && f.Kind == search.Text })
}

func notUIDRune(r rune) bool { return !isUIDRune(r) }

func attributes(t *search.DocType, keep func(search.Field) bool) []string {
	out := []string{}
	for _, f := range t.Fields {
		if keep(f) {
			out = append(out, f.Name)
		}
	}
	return out
}

// synonyms makes every word of a group a synonym of each other word,
// since Meilisearch synonyms are one-way.
func synonyms(groups [][]string) map[string][]string {
	out := map[string][]string{}
	for _, g := range groups {
		for _, w := range g {
			for _, other := range g {
				if other != w && !slices.Contains(out[w], other) {
					out[w] = append(out[w], other)
				}
			}
		}
	}
	return out
}
