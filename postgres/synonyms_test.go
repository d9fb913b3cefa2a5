package postgres_test

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
	"hutong/postgres"
	"hutong/search"
)

func TestSynonyms(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("SeededWithTheDefaults", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		got, err := postgres.NewSynonymService(e.db).FindSynonyms(ctx)
		must(t, err)
		if !reflect.DeepEqual(got, search.Synonyms) {
			t.Fatalf("seeded synonyms = %v, want search.Synonyms %v", got, search.Synonyms)
		}
	})
	t.Run("ReplaceOK", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		svc := postgres.NewSynonymService(e.db)
		admin := e.admin(t)
		want := [][]string{{"社工", "社会工作者", "社工师"}, {"儿童主任", "儿童督导员"}, {"未保站", "未成年人保护工作站"}}
		in := [][]string{{" 社工", "社会工作者", "社工师 "}, {"儿童主任", "儿童督导员"}, {"未保站", "未成年人保护工作站"}}
		saved, err := svc.ReplaceSynonyms(ctx, admin, in)
		must(t, err)
		found, err := svc.FindSynonyms(ctx)
		must(t, err)
		if !reflect.DeepEqual(saved, want) || !reflect.DeepEqual(found, want) {
			t.Fatalf("saved %v, found %v; want %v in that order", saved, found, want)
		}
		if n := e.count(t, `SELECT count(*) FROM river_job WHERE kind = 'search_settings'`); n != 1 {
			t.Fatalf("%d search_settings jobs, want 1", n)
		}
		es, _, err := e.audit.FindAuditEntries(ctx, admin, nil, domain.Page{Limit: 1})
		must(t, err)
		if len(es) != 1 || es[0].Action != domain.AuditSearchSynonymsReplaced || *es[0].ActorID != admin.User.ID {
			t.Fatalf("last audit entry = %+v, want %s by the admin", es, domain.AuditSearchSynonymsReplaced)
		}
		if brk, _, err := e.audit.VerifyAudit(ctx); err != nil || brk != nil {
			t.Fatalf("audit chain: %v %v", brk, err)
		}
	})
	t.Run("ReplaceWithNothingOK", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		svc := postgres.NewSynonymService(e.db)
		saved, err := svc.ReplaceSynonyms(ctx, e.admin(t), nil)
		must(t, err)
		if found, _ := svc.FindSynonyms(ctx); len(saved) != 0 || len(found) != 0 {
			t.Fatalf("saved %v, found %v; want none", saved, found)
		}
	})
	t.Run("ErrForbiddenWritesNothing", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		svc := postgres.NewSynonymService(e.db)
		owner := e.actor(t, e.register(t, "Owner"))
		before := e.count(t, `SELECT count(*) FROM audit_log`)
		_, err := svc.ReplaceSynonyms(ctx, owner, [][]string{{"甲", "乙"}})
		wantCode(t, err, domain.EFORBIDDEN)
		_, err = svc.ReplaceSynonyms(ctx, nil, [][]string{{"甲", "乙"}})
		wantCode(t, err, domain.EUNAUTHORIZED)
		found, _ := svc.FindSynonyms(ctx)
		if !reflect.DeepEqual(found, search.Synonyms) || e.count(t, `SELECT count(*) FROM audit_log`) != before ||
			e.count(t, `SELECT count(*) FROM river_job WHERE kind = 'search_settings'`) != 0 {
			t.Fatal("a refused replacement changed something")
		}
	})
	t.Run("ErrInvalidWritesNothing", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		svc := postgres.NewSynonymService(e.db)
		_, err := svc.ReplaceSynonyms(ctx, e.admin(t), [][]string{{"社工", "社会工作者"}, {"社工", "社工师"}})
		wantField(t, err, domain.EINVALID, "groups")
		found, _ := svc.FindSynonyms(ctx)
		if !reflect.DeepEqual(found, search.Synonyms) || e.count(t, `SELECT count(*) FROM river_job WHERE kind = 'search_settings'`) != 0 {
			t.Fatal("an invalid replacement changed something")
		}
	})
	t.Run("ConcurrentReplacementsDoNotMerge", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		svc := postgres.NewSynonymService(e.db)
		admin := e.admin(t)
		lists := [][][]string{
			{{"社工", "社会工作者"}, {"甲", "乙"}},
			{{"社工", "社工师"}, {"丙", "丁"}, {"戊", "己"}},
		}
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				if _, err := svc.ReplaceSynonyms(ctx, admin, lists[i%2]); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		found, err := svc.FindSynonyms(ctx)
		must(t, err)
		if !reflect.DeepEqual(found, lists[0]) && !reflect.DeepEqual(found, lists[1]) {
			t.Fatalf("after concurrent saves the list is %v, which no admin saved", found)
		}
	})
}

func TestFindOrganizationsByIDs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t)
	owner := e.actor(t, e.register(t, "Owner"))
	admin := e.admin(t)
	a := e.createOrg(t, owner, domain.KindSocialOrg, "甲社工", "320213")
	b := e.createOrg(t, owner, domain.KindSocialOrg, "乙社工", "320213")
	c := e.createOrg(t, owner, domain.KindStation, "丙未保站", "320213")
	d := e.createOrg(t, owner, domain.KindStation, "丁未保站", "320213")
	for _, o := range []*domain.Organization{b, c, d} {
		_, err := e.orgs.VerifyOrganization(ctx, admin, o.ID, domain.VerificationVerified, "")
		must(t, err)
	}
	_, err := e.orgs.VerifyOrganization(ctx, admin, d.ID, domain.VerificationRejected, "")
	must(t, err)
	t.Run("OKInOrderVerifiedOnly", func(t *testing.T) {
		t.Parallel()
		got, err := e.orgs.FindOrganizationsByIDs(ctx, []uuid.UUID{c.ID, uuid.New(), a.ID, d.ID, b.ID, c.ID})
		must(t, err)
		if len(got) != 2 || got[0].ID != c.ID || got[1].ID != b.ID {
			t.Fatalf("got %d organisations, want 丙 then 乙 (verified, index order, no repeats)", len(got))
		}
		if got[0].Name != "丙未保站" || got[0].RegionName != "梁溪区" || len(got[0].ServiceAreas) != 2 {
			t.Fatalf("organisation loaded incompletely: %+v", got[0])
		}
	})
	t.Run("OKNone", func(t *testing.T) {
		t.Parallel()
		got, err := e.orgs.FindOrganizationsByIDs(ctx, nil)
		if err != nil || got == nil || len(got) != 0 {
			t.Fatalf("got %v, %v; want an empty list", got, err)
		}
	})
	t.Run("ErrTooMany", func(t *testing.T) {
		t.Parallel()
		_, err := e.orgs.FindOrganizationsByIDs(ctx, make([]uuid.UUID, 101))
		wantField(t, err, domain.EINVALID, "ids")
	})
}
