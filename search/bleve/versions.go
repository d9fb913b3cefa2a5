package bleve

import (
	"context"
	"fmt"

	blevesearch "github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"hutong/search"
)

// versionsPage is how many documents one step of Versions reads.
const versionsPage = 1000

// Versions walks every document in id order, a page at a time with
// search-after (so the cost of a page does not grow with its depth), and
// reads each stored version.
func (x *Index) Versions(ctx context.Context, t *search.DocType) (map[string]int64, error) {
	idx, err := x.get(t)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	var after []string
	for {
		req := blevesearch.NewSearchRequestOptions(blevesearch.NewMatchAllQuery(), versionsPage, 0, false)
		req.Fields = []string{versionField}
		req.SortByCustom(bsearch.SortOrder{&bsearch.SortDocID{}})
		req.SearchAfter = after
		res, err := idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("bleve: list versions of %s: %w", t.Name, err)
		}
		for _, h := range res.Hits {
			v, _ := h.Fields[versionField].(float64)
			out[h.ID] = int64(v)
		}
		if len(res.Hits) < versionsPage {
			return out, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}
