package jobs_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/riverqueue/river"

	"hutong/domain"
	"hutong/postgres"
	"hutong/search"
	"hutong/search/bleve"
)

// flakyIndex is a real index that can be taken down: while down, writes
// fail as a lost connection to the search server would.
type flakyIndex struct {
	search.Index
	down atomic.Bool
}

func (f *flakyIndex) Upsert(ctx context.Context, t *search.DocType, docs ...search.Document) error {
	if f.down.Load() {
		return fmt.Errorf("upsert: %w", search.ErrUnavailable)
	}
	return f.Index.Upsert(ctx, t, docs...)
}

func (f *flakyIndex) Delete(ctx context.Context, t *search.DocType, ids ...string) error {
	if f.down.Load() {
		return fmt.Errorf("delete: %w", search.ErrUnavailable)
	}
	return f.Index.Delete(ctx, t, ids...)
}

// TestIndexFollowsOrganizations: an organisation enters the index when
// verified, follows its edits, survives an index outage (the job retries
// and the newest state arrives once the index is back), and leaves the
// index when its verification is withdrawn.
func TestIndexFollowsOrganizations(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	b, err := bleve.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	if err := b.Init(ctx, search.Organizations); err != nil {
		t.Fatal(err)
	}
	idx := &flakyIndex{Index: b}
	orgs := postgres.NewOrganizationService(h.db)
	zh := h.deps.I18n.Localizer(domain.LocaleZH)
	h.deps.Search = idx
	h.deps.SearchSources = []search.Source{search.OrganizationSource(orgs, func(a string) string { return zh.T("area." + a) })}
	h.deps.Mailer = nil
	h.start(t)

	owner := &domain.Actor{User: h.register(t, domain.RegisterInput{Email: "owner@example.org", DisplayName: "负责人"})}
	admin, err := h.users.CreatePlatformAdmin(ctx, domain.RegisterInput{Email: "admin@example.org", Password: "correct horse battery", DisplayName: "管理员"})
	if err != nil {
		t.Fatal(err)
	}
	adminActor := &domain.Actor{User: admin}
	org, err := orgs.CreateOrganization(ctx, owner, domain.OrganizationInput{
		Kind: domain.KindSocialOrg, Name: "锡山区乐助社工事务所", CreditCode: "91350100M000100Y43", RegionCode: "320205",
		ServiceAreas: []string{"psychological"}, Description: "为困境儿童提供心理疏导和课业辅导"})
	if err != nil {
		t.Fatal(err)
	}
	h.waitDone(t, domain.IndexArgs{}.Kind())
	wantIndexed(t, idx, org.ID.String(), 0)

	verified, err := orgs.VerifyOrganization(ctx, adminActor, org.ID, domain.VerificationVerified, "")
	if err != nil {
		t.Fatal(err)
	}
	h.waitDone(t, domain.IndexArgs{}.Kind())
	wantIndexed(t, idx, org.ID.String(), verified.UpdatedAt.UnixMicro())
	res, err := idx.Search(ctx, search.Organizations, search.Query{Text: "心理辅导", Limit: 10})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != org.ID.String() {
		t.Fatalf("search by a synonym of a service area: %+v, %v", res, err)
	}

	owner.Memberships = []*domain.Membership{{OrganizationID: org.ID, Roles: []domain.Role{domain.RoleOwner}}}
	idx.down.Store(true)
	in := domain.OrganizationInput{Name: "锡山区乐助社会工作服务中心", RegionCode: "320205", ServiceAreas: []string{"psychological"}}
	edited, err := orgs.UpdateOrganization(ctx, owner, org.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if ev := h.waitJob(t, domain.IndexArgs{}.Kind()); ev.Kind != river.EventKindJobFailed {
		t.Fatalf("with the index down the job should fail and retry, got %s", ev.Kind)
	}
	idx.down.Store(false)
	h.waitDone(t, domain.IndexArgs{}.Kind())
	wantIndexed(t, idx, org.ID.String(), edited.UpdatedAt.UnixMicro())

	if _, err := orgs.VerifyOrganization(ctx, adminActor, org.ID, domain.VerificationRejected, "资质过期"); err != nil {
		t.Fatal(err)
	}
	h.waitDone(t, domain.IndexArgs{}.Kind())
	wantIndexed(t, idx, org.ID.String(), 0)
}

// wantIndexed checks the indexed version of id; 0 means absent.
func wantIndexed(t *testing.T, idx search.Index, id string, version int64) {
	t.Helper()
	versions, err := idx.Versions(context.Background(), search.Organizations)
	if err != nil {
		t.Fatal(err)
	}
	if got := versions[id]; got != version {
		t.Fatalf("indexed version of %s = %d, want %d (index: %v)", id, got, version, versions)
	}
}
