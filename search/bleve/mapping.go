package bleve

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"

	"hutong/search"
)

// Names of the fields this package adds to every document. DocType field
// names never start with an underscore.
const (
	versionField = "_version"
	geoField     = "_geo"
	// uniPrefix names the unigram twin of a text field.
	uniPrefix = "_uni_"
	// unigramAnalyzer splits CJK text into single characters (and Latin
	// text into words), so that one-character queries find documents:
	// the cjk analyzer indexes only pairs of characters.
	unigramAnalyzer = "hutong_unigram"
)

// fingerprintKey stores, inside each index, the description it was built
// from; a different description means the index must be rebuilt.
var fingerprintKey = []byte("hutong_fingerprint")

// mappingVersion changes whenever buildMapping changes what it indexes.
const mappingVersion = "2"

// fingerprint summarises what of t shapes the mapping: field names and
// kinds, and whether documents carry a location. Weights, flags and
// synonyms only shape queries, so changing them needs no rebuild.
func fingerprint(t *search.DocType) string {
	var b strings.Builder
	fmt.Fprintf(&b, "v%s geo=%t", mappingVersion, t.Geo)
	for _, f := range t.Fields {
		fmt.Fprintf(&b, " %s:%d", f.Name, f.Kind)
	}
	return b.String()
}

// uniField names the unigram twin of text field name.
func uniField(name string) string { return uniPrefix + name }

// buildMapping maps each field of t by its kind. Nothing else in a
// document is indexed.
func buildMapping(t *search.DocType) (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	err := im.AddCustomAnalyzer(unigramAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{cjk.WidthName, lowercase.Name},
	})
	if err != nil {
		return nil, fmt.Errorf("bleve: unigram analyzer: %w", err)
	}
	dm := mapping.NewDocumentStaticMapping()
	for _, f := range t.Fields {
		if strings.HasPrefix(f.Name, "_") {
			return nil, fmt.Errorf("bleve: field name %q starts with an underscore", f.Name)
		}
		dm.AddFieldMappingsAt(f.Name, fieldMappings(f)...)
	}
	version := mapping.NewNumericFieldMapping()
	version.Store, version.Index, version.IncludeInAll = true, false, false
	dm.AddFieldMappingsAt(versionField, version)
	if t.Geo {
		g := mapping.NewGeoPointFieldMapping()
		g.Store, g.IncludeInAll = true, false
		dm.AddFieldMappingsAt(geoField, g)
	}
	im.DefaultMapping = dm
	im.DefaultAnalyzer = cjk.AnalyzerName
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	return im, nil
}

// fieldMappings maps one field: text twice (pairs and single
// characters), keywords whole, numbers, times and bools natively.
func fieldMappings(f search.Field) []*mapping.FieldMapping {
	var fm *mapping.FieldMapping
	switch f.Kind {
	case search.Text:
		return textMappings(f.Name)
	case search.Keyword:
		fm = mapping.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
	case search.Number:
		fm = mapping.NewNumericFieldMapping()
	case search.Time:
		fm = mapping.NewDateTimeFieldMapping()
	case search.Bool:
		fm = mapping.NewBooleanFieldMapping()
	}
	fm.Store, fm.DocValues, fm.IncludeInAll = false, true, false
	return []*mapping.FieldMapping{fm}
}

// textMappings index a text field with the cjk analyzer (stored, for
// highlights) and again, under its unigram name, one character at a
// time. Neither keeps term vectors: highlights re-analyse the page's
// stored text instead, and no query needs positions.
func textMappings(name string) []*mapping.FieldMapping {
	pairs := mapping.NewTextFieldMapping()
	pairs.Analyzer = cjk.AnalyzerName
	pairs.Store, pairs.IncludeTermVectors, pairs.IncludeInAll, pairs.DocValues = true, false, false, false
	single := mapping.NewTextFieldMapping()
	single.Name = uniField(name)
	single.Analyzer = unigramAnalyzer
	single.Store, single.IncludeTermVectors, single.IncludeInAll, single.DocValues = false, false, false, false
	return []*mapping.FieldMapping{pairs, single}
}
