package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"

	"hutong/domain"
)

// auditEnv is a database with a few audited changes: registrations, an
// organisation, a member and a verification.
func auditEnv(t *testing.T) (*env, *domain.Actor, *domain.Organization) {
	t.Helper()
	e := newEnv(t)
	owner := e.actor(t, e.register(t, "Owner"))
	org := e.createOrg(t, owner, domain.KindSocialOrg, "审计机构", "320213")
	owner = e.actor(t, owner.User)
	staff := e.register(t, "Staff")
	_, err := e.members.AddMember(context.Background(), owner, org.ID, domain.MemberInput{UserID: staff.ID, Roles: []domain.Role{domain.RoleStaff}})
	must(t, err)
	_, err = e.orgs.VerifyOrganization(context.Background(), e.admin(t), org.ID, domain.VerificationVerified, "ok")
	must(t, err)
	return e, owner, org
}

// tamper runs statements on audit_log with its append-only trigger off.
func tamper(t *testing.T, e *env, stmts ...string) {
	t.Helper()
	stmts = append([]string{`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`}, stmts...)
	for _, s := range stmts {
		if _, err := e.db.SQL().Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestVerifyAudit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		e, _, _ := auditEnv(t)
		brk, n, err := e.audit.VerifyAudit(ctx)
		must(t, err)
		if brk != nil || n != 6 {
			t.Fatalf("break %+v after %d entries, want none after 6", brk, n)
		}
	})

	t.Run("ErrAppendOnly", func(t *testing.T) {
		t.Parallel()
		e, _, _ := auditEnv(t)
		for _, s := range []string{`UPDATE audit_log SET action = 'x' WHERE seq = 1`, `DELETE FROM audit_log WHERE seq = 6`} {
			if _, err := e.db.SQL().Exec(s); err == nil {
				t.Fatalf("%s succeeded on an append-only table", s)
			}
		}
	})

	for _, tc := range []struct {
		name  string
		stmts []string
		want  domain.AuditBreak
	}{
		{"ErrAlteredData", []string{`UPDATE audit_log SET data = '{"note": "changed"}' WHERE seq = 3`},
			domain.AuditBreak{Seq: 3, Reason: "content does not match its hash"}},
		{"ErrAlteredTime", []string{`UPDATE audit_log SET created_at = created_at - interval '1 day' WHERE seq = 2`},
			domain.AuditBreak{Seq: 2, Reason: "content does not match its hash"}},
		{"ErrRehashedRow", []string{`UPDATE audit_log SET hash = sha256(hash) WHERE seq = 4`},
			domain.AuditBreak{Seq: 4, Reason: "content does not match its hash"}},
		{"ErrDeletedMiddle", []string{`DELETE FROM audit_log WHERE seq = 3`},
			domain.AuditBreak{Seq: 3, Reason: "entry missing"}},
		{"ErrDeletedLast", []string{`DELETE FROM audit_log WHERE seq >= 5`},
			domain.AuditBreak{Seq: 5, Reason: "entry missing"}},
		{"ErrDeletedAll", []string{`DELETE FROM audit_log`},
			domain.AuditBreak{Seq: 1, Reason: "entry missing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e, _, _ := auditEnv(t)
			tamper(t, e, tc.stmts...)
			brk, _, err := e.audit.VerifyAudit(ctx)
			must(t, err)
			if brk == nil || *brk != tc.want {
				t.Fatalf("break = %+v, want %+v", brk, tc.want)
			}
		})
	}
}

// TestVerifyAuditForgedTip rewrites the newest entry with a correctly
// recomputed hash; only the recorded chain head can tell.
func TestVerifyAuditForgedTip(t *testing.T) {
	t.Parallel()
	e, _, _ := auditEnv(t)
	ctx := context.Background()
	es, _, err := e.audit.FindAuditEntries(ctx, e.admin(t), nil, domain.Page{Limit: 1})
	must(t, err)
	last := es[0]
	last.Data = []byte(`{"note":"forged"}`)
	forged := last.ComputeHash()
	tamper(t, e, fmt.Sprintf(`UPDATE audit_log SET data = '%s', hash = decode('%x', 'hex') WHERE seq = %d`, last.Data, forged, last.Seq))
	brk, n, err := e.audit.VerifyAudit(ctx)
	must(t, err)
	want := domain.AuditBreak{Seq: last.Seq, Reason: "chain head does not match the last entry"}
	if brk == nil || *brk != want || n != last.Seq {
		t.Fatalf("break = %+v after %d, want %+v", brk, n, want)
	}
}

// TestAuditConcurrency appends from many transactions at once; the lock
// on audit_head keeps one unbroken chain.
func TestAuditConcurrency(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	owner := e.actor(t, e.register(t, "Owner"))
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 20 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := e.users.Register(ctx, domain.RegisterInput{
				Email: fmt.Sprintf("burst%d@example.org", i), Password: "correct horse battery", DisplayName: "Burst",
			})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := e.orgs.CreateOrganization(ctx, owner, orgInput(domain.KindStation, fmt.Sprintf("并发机构%d", i), "320213"))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	brk, n, err := e.audit.VerifyAudit(ctx)
	must(t, err)
	if brk != nil || n != 41 {
		t.Fatalf("break %+v after %d entries, want none after 41", brk, n)
	}
}

func TestFindAuditEntries(t *testing.T) {
	t.Parallel()
	e, owner, org := auditEnv(t)
	ctx := context.Background()

	t.Run("OrgOwnerPages", func(t *testing.T) {
		var seqs []int64
		page := domain.Page{Limit: 2}
		for {
			es, next, err := e.audit.FindAuditEntries(ctx, owner, &org.ID, page)
			must(t, err)
			for _, x := range es {
				if x.OrganizationID == nil || *x.OrganizationID != org.ID {
					t.Fatalf("entry of another organisation: %+v", x)
				}
				seqs = append(seqs, x.Seq)
			}
			if next == "" {
				break
			}
			page.Cursor = next
		}
		// 2 created the organisation, 4 added a member, 6 verified it.
		if fmt.Sprint(seqs) != "[6 4 2]" {
			t.Fatalf("seqs = %v, want [6 4 2]", seqs)
		}
	})

	t.Run("PlatformAdminAll", func(t *testing.T) {
		es, next, err := e.audit.FindAuditEntries(ctx, e.admin(t), nil, domain.Page{})
		must(t, err)
		if len(es) != 7 || next != "" || es[0].Action != domain.AuditAdminCreated || es[6].Action != domain.AuditUserRegistered {
			t.Fatalf("%d entries, next %q", len(es), next)
		}
	})

	t.Run("ErrPolicy", func(t *testing.T) {
		stranger := e.actor(t, e.register(t, "Stranger"))
		_, _, err := e.audit.FindAuditEntries(ctx, stranger, &org.ID, domain.Page{})
		wantCode(t, err, domain.EFORBIDDEN)
		_, _, err = e.audit.FindAuditEntries(ctx, owner, nil, domain.Page{})
		wantCode(t, err, domain.EFORBIDDEN)
		_, _, err = e.audit.FindAuditEntries(ctx, nil, &org.ID, domain.Page{})
		wantCode(t, err, domain.EUNAUTHORIZED)
		missing := uuid.New()
		_, _, err = e.audit.FindAuditEntries(ctx, owner, &missing, domain.Page{})
		wantCode(t, err, domain.ENOTFOUND)
		other := domain.Cursor{ID: uuid.New()}.Encode()
		_, _, err = e.audit.FindAuditEntries(ctx, owner, &org.ID, domain.Page{Cursor: other})
		wantField(t, err, domain.EINVALID, "cursor")
	})
}
