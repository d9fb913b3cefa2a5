package meili_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"time"
)

type bodyKey struct{}

func withBody(ctx context.Context, body any) context.Context {
	return context.WithValue(ctx, bodyKey{}, body)
}

func bodyOf(r *http.Request) any { return r.Context().Value(bodyKey{}) }

// Documented body keys (API reference: update all settings, search, list
// documents with POST, create index).
var (
	settingsKeys = []string{
		"displayedAttributes", "searchableAttributes", "filterableAttributes", "sortableAttributes",
		"rankingRules", "stopWords", "nonSeparatorTokens", "separatorTokens", "dictionary", "synonyms",
		"distinctAttribute", "proximityPrecision", "typoTolerance", "faceting", "pagination", "embedders",
		"searchCutoffMs", "localizedAttributes", "facetSearch", "prefixSearch", "chat",
	}
	typoToleranceKeys       = []string{"enabled", "minWordSizeForTypos", "disableOnWords", "disableOnAttributes", "disableOnNumbers"}
	minWordSizeKeys         = []string{"oneTypo", "twoTypos"}
	facetingKeys            = []string{"maxValuesPerFacet", "sortFacetValuesBy"}
	paginationKeys          = []string{"maxTotalHits"}
	localizedAttributesKeys = []string{"attributePatterns", "locales"}
	resettableSettings      = []string{
		"synonyms", "filterable-attributes", "sortable-attributes", "localized-attributes",
		"searchable-attributes", "ranking-rules", "typo-tolerance", "pagination", "faceting",
	}
	searchKeys = []string{
		"q", "offset", "limit", "hitsPerPage", "page", "filter", "facets", "distinct", "attributesToRetrieve",
		"attributesToCrop", "cropLength", "cropMarker", "attributesToHighlight", "highlightPreTag",
		"highlightPostTag", "showMatchesPosition", "showRankingScore", "showRankingScoreDetails",
		"showPerformanceDetails", "rankingScoreThreshold", "matchingStrategy", "attributesToSearchOn",
		"locales", "sort", "vector", "hybrid", "retrieveVectors", "media",
	}
	fetchKeys       = []string{"offset", "limit", "fields", "filter", "retrieveVectors", "ids", "sort"}
	createIndexKeys = []string{"uid", "primaryKey"}
)

// object checks that v is a JSON object whose keys are all documented.
func (f *fakeMeili) object(route string, v any, keys []string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		f.t.Errorf("fake meilisearch: %s: want a JSON object, got %T", route, v)
		return nil
	}
	for k := range m {
		if !slices.Contains(keys, k) {
			f.t.Errorf("fake meilisearch: %s: key %q is not documented", route, k)
		}
	}
	return m
}

func (f *fakeMeili) health(w http.ResponseWriter, _ *http.Request) {
	f.reply(w, http.StatusOK, map[string]string{"status": "available"})
}

func (f *fakeMeili) notFound(w http.ResponseWriter, uid string) {
	f.fail(w, http.StatusNotFound, newAPIError("index_not_found", "invalid_request", fmt.Sprintf("Index `%s` not found.", uid)))
}

func (f *fakeMeili) getIndex(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	uid := r.PathValue("uid")
	if !f.indexes[uid] {
		f.notFound(w, uid)
		return
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	f.reply(w, http.StatusOK, map[string]any{"uid": uid, "primaryKey": "id", "createdAt": now, "updatedAt": now})
}

func (f *fakeMeili) createIndex(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	body := f.object("POST /indexes", bodyOf(r), createIndexKeys)
	uid, _ := body["uid"].(string)
	if uid == "" {
		f.fail(w, http.StatusBadRequest, newAPIError("missing_index_uid", "invalid_request", "Missing field `uid`"))
		return
	}
	if f.indexes[uid] {
		f.failNext["indexCreation"] = newAPIError("index_already_exists", "invalid_request", fmt.Sprintf("Index `%s` already exists.", uid))
	}
	f.enqueue(w, uid, "indexCreation", func() { f.indexes[uid] = true })
}

func (f *fakeMeili) deleteIndex(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	uid := r.PathValue("uid")
	if !f.indexes[uid] {
		f.failNext["indexDeletion"] = newAPIError("index_not_found", "invalid_request", fmt.Sprintf("Index `%s` not found.", uid))
	}
	f.enqueue(w, uid, "indexDeletion", func() { delete(f.indexes, uid); delete(f.docs, uid) })
}

func (f *fakeMeili) updateSettings(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	route := "PATCH /indexes/{uid}/settings"
	s := f.object(route, bodyOf(r), settingsKeys)
	if tt, ok := s["typoTolerance"]; ok {
		m := f.object(route+" typoTolerance", tt, typoToleranceKeys)
		if mw, ok := m["minWordSizeForTypos"]; ok {
			f.object(route+" minWordSizeForTypos", mw, minWordSizeKeys)
		}
	}
	if v, ok := s["faceting"]; ok {
		f.object(route+" faceting", v, facetingKeys)
	}
	if v, ok := s["pagination"]; ok {
		f.object(route+" pagination", v, paginationKeys)
	}
	if v, ok := s["localizedAttributes"]; ok {
		list, _ := v.([]any)
		for _, rule := range list {
			f.object(route+" localizedAttributes", rule, localizedAttributesKeys)
		}
	}
	uid := r.PathValue("uid")
	f.enqueue(w, uid, "settingsUpdate", func() { f.indexes[uid] = true })
}

func (f *fakeMeili) resetSetting(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s := r.PathValue("setting"); !slices.Contains(resettableSettings, s) {
		f.t.Errorf("fake meilisearch: DELETE settings/%s is not a documented sub-route", s)
	}
	f.enqueue(w, r.PathValue("uid"), "settingsUpdate", nil)
}

// addDocuments checks the body is an array of objects, each with the
// primary key given as the primaryKey parameter, and replaces them.
func (f *fakeMeili) addDocuments(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	pk := r.URL.Query().Get("primaryKey")
	list, ok := bodyOf(r).([]any)
	if !ok {
		f.t.Errorf("fake meilisearch: POST documents: want an array of documents, got %T", bodyOf(r))
	}
	docs := map[string]map[string]any{}
	for _, v := range list {
		d, ok := v.(map[string]any)
		id, isString := d[pk].(string)
		if !ok || !isString {
			f.t.Errorf("fake meilisearch: POST documents: document %v lacks a string %q", v, pk)
			continue
		}
		docs[id] = d
	}
	uid := r.PathValue("uid")
	f.enqueue(w, uid, "documentAdditionOrUpdate", func() {
		f.indexes[uid] = true
		if f.docs[uid] == nil {
			f.docs[uid] = map[string]map[string]any{}
		}
		maps.Copy(f.docs[uid], docs)
	})
}

func (f *fakeMeili) deleteBatch(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	list, ok := bodyOf(r).([]any)
	if !ok {
		f.t.Errorf("fake meilisearch: delete-batch: want an array of ids, got %T", bodyOf(r))
	}
	uid := r.PathValue("uid")
	f.enqueue(w, uid, "documentDeletion", func() {
		for _, id := range list {
			delete(f.docs[uid], fmt.Sprint(id))
		}
	})
}

// fetchDocuments answers documents in id order, with only the asked fields.
func (f *fakeMeili) fetchDocuments(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := f.object("POST documents/fetch", bodyOf(r), fetchKeys)
	uid := r.PathValue("uid")
	if !f.indexes[uid] {
		f.notFound(w, uid)
		return
	}
	offset, limit := intOr(q["offset"], 0), intOr(q["limit"], 20)
	ids := slices.Sorted(maps.Keys(f.docs[uid]))
	results := []map[string]any{}
	for _, id := range ids[min(offset, len(ids)):min(offset+limit, len(ids))] {
		results = append(results, project(f.docs[uid][id], q["fields"]))
	}
	f.reply(w, http.StatusOK, map[string]any{"results": results, "offset": offset, "limit": limit, "total": len(ids)})
}

// searchIndex checks the body and answers with f.search, or with every
// document of the index in id order.
func (f *fakeMeili) searchIndex(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	body := f.object("POST /indexes/{uid}/search", bodyOf(r), searchKeys)
	uid := r.PathValue("uid")
	if f.search != nil {
		status, resp := f.search(uid, body)
		f.reply(w, status, resp)
		return
	}
	if !f.indexes[uid] {
		f.notFound(w, uid)
		return
	}
	offset, limit := intOr(body["offset"], 0), intOr(body["limit"], 20)
	ids := slices.Sorted(maps.Keys(f.docs[uid]))
	hits := []map[string]any{}
	for _, id := range ids[min(offset, len(ids)):min(offset+limit, len(ids))] {
		hits = append(hits, project(f.docs[uid][id], body["attributesToRetrieve"]))
	}
	q, _ := body["q"].(string)
	f.reply(w, http.StatusOK, map[string]any{
		"hits": hits, "query": q, "processingTimeMs": 1, "offset": offset, "limit": limit,
		"estimatedTotalHits": len(ids),
	})
}

func intOr(v any, def int) int {
	if n, ok := v.(float64); ok {
		return int(n)
	}
	return def
}

// project keeps the listed fields of a document (all when none listed).
func project(doc map[string]any, fields any) map[string]any {
	list, ok := fields.([]any)
	if !ok {
		return doc
	}
	out := map[string]any{}
	for _, name := range list {
		if v, ok := doc[fmt.Sprint(name)]; ok {
			out[fmt.Sprint(name)] = v
		}
	}
	return out
}
