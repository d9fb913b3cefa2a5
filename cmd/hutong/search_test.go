package main

import (
	"context"
	"strings"
	"testing"

	"hutong/domain"
	"hutong/internal/testkit"
	"hutong/postgres"
)

// TestSearchVerifyAndReindex: organisations written while no worker ran
// are missing from the index; `search verify` reports the drift and exits
// 1, `--fix` repairs it, and `reindex` rebuilds with a progress bar.
func TestSearchVerifyAndReindex(t *testing.T) {
	t.Parallel()
	dsn, _, _ := seededDB(t, domain.OrganizationInput{
		Kind: domain.KindSocialOrg, Name: "锡山区乐助社工事务所", CreditCode: "91350100M000100Y43", RegionCode: "320205",
		ServiceAreas: []string{"psychological"}})

	dir := t.TempDir()
	e := func() Env {
		x := externalEnv(t, dsn)
		get := x.Getenv
		x.Getenv = func(k string) string {
			if k == "HUTONG_DATA_DIR" {
				return dir
			}
			return get(k)
		}
		return x
	}
	r := run(t, e(), "search", "verify")
	if r.code != 1 || !strings.Contains(r.stdout.String(), "1 in the database, 0 indexed, 1 missing") {
		t.Fatalf("drifted index: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := run(t, e(), "search", "verify", "--fix"); r.code != 0 {
		t.Fatalf("verify --fix: exit %d, %q", r.code, r.stderr)
	}
	if r := run(t, e(), "search", "verify"); r.code != 0 || !strings.Contains(r.stdout.String(), "1 indexed, 0 missing, 0 stale, 0 extra") {
		t.Fatalf("after fix: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, e(), "reindex", "--type", "organizations")
	if r.code != 0 || !strings.Contains(r.stdout.String(), "organizations: 1 documents") || !strings.Contains(r.stderr.String(), "1/1") {
		t.Fatalf("reindex: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := run(t, e(), "reindex", "--type", "unicorns"); r.code != 1 || !strings.Contains(r.stderr.String(), "unknown search type") {
		t.Fatalf("unknown type: exit %d, %q", r.code, r.stderr)
	}
}

// seededDB returns a migrated database holding one organisation made from
// in and verified by a platform admin (admin@example.org), with the
// services over it; the database closes when the test ends.
func seededDB(t *testing.T, in domain.OrganizationInput) (string, *services, *domain.Actor) {
	t.Helper()
	ctx := context.Background()
	dsn := testkit.DSN(t)
	db, err := postgres.Open(ctx, dsn, postgres.Options{SecretKey: testkit.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := newServices(db)
	owner, err := s.users.Register(ctx, domain.RegisterInput{Email: "owner@example.org", Password: "long-enough-pw", DisplayName: "负责人"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.users.CreatePlatformAdmin(ctx, domain.RegisterInput{Email: "admin@example.org", Password: "long-enough-pw", DisplayName: "管理员"})
	if err != nil {
		t.Fatal(err)
	}
	admin := &domain.Actor{User: u}
	org, err := s.orgs.CreateOrganization(ctx, &domain.Actor{User: owner}, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.orgs.VerifyOrganization(ctx, admin, org.ID, domain.VerificationVerified, ""); err != nil {
		t.Fatal(err)
	}
	return dsn, s, admin
}
