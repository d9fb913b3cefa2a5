package jobs_test

import (
	"context"
	"testing"

	"hutong/domain"
	"hutong/internal/demo"
	"hutong/postgres"
	"hutong/search"
	"hutong/search/bleve"
)

// TestSearchSettingsApplySynonyms follows an admin's synonym edit from the
// transaction to the index: the search_settings job re-runs Init with the
// database's groups, and a search with the package's DocType (as the API
// runs it) then expands the new group.
func TestSearchSettingsApplySynonyms(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	inner, err := bleve.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	idx := search.KeepSettings(inner)
	t.Cleanup(func() { _ = idx.Close() })
	orgs := postgres.NewOrganizationService(h.db)
	synonyms := postgres.NewSynonymService(h.db)
	h.deps.Search, h.deps.Synonyms = idx, synonyms
	h.deps.SearchSources = []search.Source{search.OrganizationSource(orgs, func(a string) string { return a })}

	owner := h.register(t, domain.RegisterInput{Email: "zhou.l@hutong.test", DisplayName: "周琳"})
	admin, err := h.users.CreatePlatformAdmin(ctx, domain.RegisterInput{Email: "admin@hutong.test", Password: "correct horse battery", DisplayName: "管理员"})
	if err != nil {
		t.Fatal(err)
	}
	code, err := demo.CreditCode("52320213MJ6012745")
	if err != nil {
		t.Fatal(err)
	}
	org, err := orgs.CreateOrganization(ctx, &domain.Actor{User: owner}, domain.OrganizationInput{
		Kind: domain.KindStation, Name: "梁溪区儿童主任之家", CreditCode: code, RegionCode: "320213"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orgs.VerifyOrganization(ctx, &domain.Actor{User: admin}, org.ID, domain.VerificationVerified, ""); err != nil {
		t.Fatal(err)
	}
	h.start(t)
	h.waitDone(t, domain.IndexArgs{}.Kind())
	h.waitDone(t, domain.IndexArgs{}.Kind())
	total := func(text string) int {
		t.Helper()
		res, err := idx.Search(ctx, search.Organizations, search.Query{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := total("儿童督导员"); n != 0 {
		t.Fatalf("before the edit 儿童督导员 finds %d organisations", n)
	}
	groups := [][]string{{"儿童主任", "儿童督导员"}, {"社工", "社会工作者"}}
	if _, err := synonyms.ReplaceSynonyms(ctx, &domain.Actor{User: admin}, groups); err != nil {
		t.Fatal(err)
	}
	h.waitDone(t, domain.SearchSettingsArgs{}.Kind())
	if n := total("儿童督导员"); n != 1 {
		t.Fatalf("after the edit 儿童督导员 finds %d organisations, want 1", n)
	}
	if len(search.Organizations.Synonyms) != len(search.Synonyms) {
		t.Fatal("the worker changed the package's DocType")
	}
}
