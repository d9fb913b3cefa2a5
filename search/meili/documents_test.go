package meili_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"hutong/domain"
	"hutong/search"
	"hutong/search/meili"
)

// initialised returns an Index on a fresh fake with orgType initialised.
func initialised(t *testing.T) (*fakeMeili, *meili.Index, *search.DocType) {
	t.Helper()
	f := newFake(t, testKey)
	idx, typ := open(t, f), orgType()
	if err := idx.Init(context.Background(), typ); err != nil {
		t.Fatalf("Init: %v", err)
	}
	return f, idx, typ
}

func TestUpsert(t *testing.T) {
	t.Parallel()
	t.Run("OKPostsDocumentsWithPrimaryKey", func(t *testing.T) {
		t.Parallel()
		f, idx, typ := initialised(t)
		founded := time.Date(2012, 3, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
		err := idx.Upsert(context.Background(), typ, search.Document{
			ID: "o1", Version: 1_700_000_000_000_001,
			Fields: map[string]any{
				"name": "阳光儿童 Sunshine", "description": "心理疏导。", "kind": "social_org",
				"service_areas": []string{"tutoring", "psychological"}, "rating": int64(5),
				"founded": founded, "fundraising": true,
			},
			Geo: &search.GeoPoint{Lat: 39.9087, Lng: 116.3975},
		}, search.Document{ID: "o2", Version: 2, Fields: map[string]any{"name": "关爱之家", "rating": 4.5}})
		if err != nil {
			t.Fatalf("Upsert: %v", err)
		}
		reqs := f.requestsTo("POST", "/indexes/hutong_organizations/documents")
		if len(reqs) != 1 || reqs[0].Query.Get("primaryKey") != "id" {
			t.Fatalf("document requests = %+v, want one with primaryKey=id", reqs)
		}
		wantJSON(t, "documents body", reqs[0].Body, fmt.Sprintf(`[
			{"id":"o1","_version":1700000000000001,"name":"阳光儿童 Sunshine","description":"心理疏导。",
			 "kind":"social_org","service_areas":["tutoring","psychological"],"rating":5,
			 "founded":%d,"fundraising":true,"_geo":{"lat":39.9087,"lng":116.3975},
			 "_chars":"心 理 疏 导 。 阳 光 儿 童"},
			{"id":"o2","_version":2,"name":"关爱之家","rating":4.5,"_chars":"关 爱 之 家"}
		]`, founded.UnixMilli()))
	})
	t.Run("ErrUnknownFieldSendsNothing", func(t *testing.T) {
		t.Parallel()
		f, idx, typ := initialised(t)
		err := idx.Upsert(context.Background(), typ, search.Document{ID: "o1", Fields: map[string]any{"phone": "13800000000"}})
		if domain.ErrorCode(err) != domain.EINVALID || strings.Contains(err.Error(), "13800000000") {
			t.Errorf("err = %v, want EINVALID not quoting the value", err)
		}
		if n := len(f.requestsTo("POST", "/indexes/hutong_organizations/documents")); n != 0 {
			t.Errorf("%d document requests sent", n)
		}
	})
	t.Run("ErrWrongKind", func(t *testing.T) {
		t.Parallel()
		_, idx, typ := initialised(t)
		err := idx.Upsert(context.Background(), typ, search.Document{ID: "o1", Fields: map[string]any{"founded": "2012-03-01"}})
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("err = %v, want EINVALID", err)
		}
	})
	t.Run("ErrFailedTaskNamesIt", func(t *testing.T) {
		t.Parallel()
		f, idx, typ := initialised(t)
		f.setFailNext("documentAdditionOrUpdate", "invalid_document_id",
			"Document identifier `\"a b\"` is invalid. A document identifier can be of type integer or string, only composed of alphanumeric characters (a-z A-Z 0-9), hyphens (-) and underscores (_).")
		err := idx.Upsert(context.Background(), typ, search.Document{ID: "a b"})
		var te *meili.TaskError
		if !errors.As(err, &te) || te.Type != "documentAdditionOrUpdate" || te.Code != "invalid_document_id" || te.Status != "failed" {
			t.Fatalf("err = %v, want the failed documentAdditionOrUpdate task", err)
		}
		want := fmt.Sprintf("task %d (documentAdditionOrUpdate on hutong_organizations) failed: invalid_document_id: Document identifier", te.UID)
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not start with %q", err, want)
		}
		if errors.Is(err, search.ErrUnavailable) {
			t.Error("a failed task is not an outage")
		}
	})
	t.Run("OKNothingSendsNothing", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, testKey)
		if err := open(t, f).Upsert(context.Background(), orgType()); err != nil {
			t.Fatalf("Upsert: %v", err)
		}
		wantRoutes(t, f)
	})
}

func TestDelete(t *testing.T) {
	t.Parallel()
	t.Run("OKPostsDeleteBatch", func(t *testing.T) {
		t.Parallel()
		f, idx, typ := initialised(t)
		if err := idx.Upsert(context.Background(), typ, search.Document{ID: "a"}, search.Document{ID: "b"}); err != nil {
			t.Fatalf("Upsert: %v", err)
		}
		if err := idx.Delete(context.Background(), typ, "a", "missing"); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		reqs := f.requestsTo("POST", "/indexes/hutong_organizations/documents/delete-batch")
		if len(reqs) != 1 {
			t.Fatalf("%d delete-batch requests, want 1", len(reqs))
		}
		wantJSON(t, "delete body", reqs[0].Body, `["a","missing"]`)
		got, err := idx.Versions(context.Background(), typ)
		if err != nil || !maps.Equal(got, map[string]int64{"b": 0}) {
			t.Errorf("Versions = %v, %v; want only b", got, err)
		}
	})
	t.Run("OKNothingSendsNothing", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, testKey)
		if err := open(t, f).Delete(context.Background(), orgType()); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		wantRoutes(t, f)
	})
}

func TestVersions(t *testing.T) {
	t.Parallel()
	t.Run("OKPagesThroughEveryDocument", func(t *testing.T) {
		t.Parallel()
		f, idx, typ := initialised(t)
		want := map[string]int64{}
		docs := make([]search.Document, 2345)
		for i := range docs {
			id := fmt.Sprintf("org-%04d", i)
			want[id] = 1_767_225_600_000_000 + int64(i)*7919
			docs[i] = search.Document{ID: id, Version: want[id], Fields: map[string]any{"name": "机构"}}
		}
		if err := idx.Upsert(context.Background(), typ, docs...); err != nil {
			t.Fatalf("Upsert: %v", err)
		}
		got, err := idx.Versions(context.Background(), typ)
		if err != nil {
			t.Fatalf("Versions: %v", err)
		}
		if !maps.Equal(got, want) {
			t.Errorf("Versions holds %d ids, want %d (or versions differ)", len(got), len(want))
		}
		reqs := f.requestsTo("POST", "/indexes/hutong_organizations/documents/fetch")
		if len(reqs) != 3 {
			t.Fatalf("%d fetch requests, want 3", len(reqs))
		}
		wantJSON(t, "first fetch body", reqs[0].Body, `{"fields":["id","_version"],"limit":1000}`) // offset 0 is the default
		for i, r := range reqs[1:] {
			wantJSON(t, "fetch body", r.Body, fmt.Sprintf(`{"fields":["id","_version"],"offset":%d,"limit":1000}`, (i+1)*1000))
		}
	})
	t.Run("ErrMissingIndexIsAPIError", func(t *testing.T) {
		t.Parallel()
		f := newFake(t, testKey)
		_, err := open(t, f).Versions(context.Background(), orgType())
		var api *meili.APIError
		if !errors.As(err, &api) || api.Status != 404 || api.Code != "index_not_found" {
			t.Errorf("err = %v, want 404 index_not_found", err)
		}
	})
}
