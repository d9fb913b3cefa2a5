package meili

import (
	"encoding/json"
	"reflect"
	"testing"

	"hutong/search"
)

func TestHighlights(t *testing.T) {
	t.Parallel()
	typ := &search.DocType{Name: "t", Fields: []search.Field{
		{Name: "name", Kind: search.Text, Searchable: true},
		{Name: "areas", Kind: search.Keyword, Searchable: true},
		{Name: "kind", Kind: search.Keyword},
	}}
	for _, c := range []struct {
		name, query    string
		doc, formatted string
		want           map[string][]string
	}{
		{"OKMarksKeptRestEscaped", "儿童",
			`{"name":"<i>阳光儿童</i> & 家"}`, `{"name":"<i>阳光<mark>儿童</mark></i> & 家"}`,
			map[string][]string{"name": {"&lt;i&gt;阳光<mark>儿童</mark>&lt;/i&gt; &amp; 家"}}},
		{"OKListValuesEachAFragment", "tutoring",
			`{"areas":["tutoring","care","tutoring plus"]}`, `{"areas":["<mark>tutoring</mark>","care","<mark>tutoring</mark> plus"]}`,
			map[string][]string{"areas": {"<mark>tutoring</mark>", "<mark>tutoring</mark> plus"}}},
		{"OKSingleCharacterMarkedInsideWords", "童",
			`{"name":"护童公益，儿童<童>"}`, `{"name":"护童公益，儿童<童>"}`,
			map[string][]string{"name": {"护<mark>童</mark>公益，儿<mark>童</mark>&lt;<mark>童</mark>&gt;"}}},
		{"OKSingleCharacterNextToMeilisearchMark", "童 公益",
			`{"name":"护童公益"}`, `{"name":"护童<mark>公益</mark>"}`,
			map[string][]string{"name": {"护<mark>童</mark><mark>公益</mark>"}}},
		{"OKLiteralTagInTextIsNeverTrusted", "儿童",
			`{"name":"<mark>x</mark> 儿童"}`, `{"name":"<mark>x</mark> <mark>儿童</mark>"}`,
			nil},
		{"OKFormattedNotMatchingOriginalIsIgnored", "儿童",
			`{"name":"儿童之家"}`, `{"name":"<mark>儿童</mark>之"}`,
			nil},
		{"OKNoMatchNoHighlight", "儿童",
			`{"name":"关爱之家","kind":"儿童"}`, `{"name":"关爱之家","kind":"<mark>儿童</mark>"}`,
			nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var doc, formatted map[string]json.RawMessage
			if err := json.Unmarshal([]byte(c.doc), &doc); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(c.formatted), &formatted); err != nil {
				t.Fatal(err)
			}
			if got := highlights(typ, c.query, doc, formatted); !reflect.DeepEqual(got, c.want) {
				t.Errorf("highlights = %q, want %q", got, c.want)
			}
		})
	}
}

func TestHaversine(t *testing.T) {
	t.Parallel()
	// One degree of latitude on a 6371 km sphere.
	got := haversine(search.GeoPoint{Lat: 39, Lng: 116}, search.GeoPoint{Lat: 40, Lng: 116})
	if want := 111194.93; got < want-0.01 || got > want+0.01 {
		t.Errorf("haversine = %.2f m, want %.2f m", got, want)
	}
}
