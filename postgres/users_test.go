package postgres_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"

	"hutong/domain"
	"hutong/postgres"
)

func TestRegister(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		u, err := e.users.Register(ctx, domain.RegisterInput{
			Email: " Li.Hua@Example.ORG ", Phone: "+86 138-0013-8000", Password: "correct horse battery", DisplayName: " 李华 ",
		})
		must(t, err)
		if u.Email != "li.hua@example.org" || u.Phone != "13800138000" || u.DisplayName != "李华" || u.Locale != domain.LocaleZH {
			t.Fatalf("user = %+v", u)
		}
		got, err := e.users.FindUserByID(ctx, u.ID)
		must(t, err)
		if got.Email != u.Email || got.IsPlatformAdmin {
			t.Fatalf("found %+v", got)
		}
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'user.registered' AND actor_id = $1 AND object_id = $2`, u.ID, u.ID.String()); n != 1 {
			t.Fatalf("audit rows = %d", n)
		}
		ns := e.notifications(t, u.ID)
		if len(ns) != 1 || ns[0].Kind != domain.NotifyWelcome || ns[0].Params["name"] != "李华" {
			t.Fatalf("notifications = %+v", ns)
		}
	})

	t.Run("ErrDuplicateEmail", func(t *testing.T) {
		u := e.register(t, "Dup")
		_, err := e.users.Register(ctx, domain.RegisterInput{Email: strings.ToUpper(u.Email), Password: "another password", DisplayName: "X"})
		wantField(t, err, domain.ECONFLICT, "email")
	})

	t.Run("ErrDuplicatePhone", func(t *testing.T) {
		_, err := e.users.Register(ctx, domain.RegisterInput{Phone: "13900139000", Password: "correct horse battery", DisplayName: "A"})
		must(t, err)
		_, err = e.users.Register(ctx, domain.RegisterInput{Phone: "139 0013 9000", Password: "correct horse battery", DisplayName: "B"})
		wantField(t, err, domain.ECONFLICT, "phone")
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := e.users.Register(ctx, domain.RegisterInput{Email: "not-an-email", Password: "short", DisplayName: ""})
		wantField(t, err, domain.EINVALID, "password")
		wantField(t, err, domain.EINVALID, "email")
	})

	t.Run("FailedWritesNothing", func(t *testing.T) {
		u := e.register(t, "Once")
		before := e.count(t, `SELECT count(*) FROM audit_log`) + e.count(t, `SELECT count(*) FROM notifications`) +
			e.count(t, `SELECT count(*) FROM river_job`) + e.count(t, `SELECT count(*) FROM users`)
		_, err := e.users.Register(ctx, domain.RegisterInput{Email: u.Email, Password: "correct horse battery", DisplayName: "Twice"})
		wantCode(t, err, domain.ECONFLICT)
		after := e.count(t, `SELECT count(*) FROM audit_log`) + e.count(t, `SELECT count(*) FROM notifications`) +
			e.count(t, `SELECT count(*) FROM river_job`) + e.count(t, `SELECT count(*) FROM users`)
		if before != after {
			t.Fatalf("rows before %d, after %d", before, after)
		}
	})
}

// TestRegisterRace registers one email from several requests at once:
// one wins, and every other gets ECONFLICT naming the email, whether the
// check before the insert or the unique constraint caught it.
func TestRegisterRace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := e.users.Register(context.Background(), domain.RegisterInput{
				Email: "race@example.org", Password: "correct horse battery", DisplayName: "Racer",
			})
			errs <- err
		}()
	}
	won := 0
	for range 4 {
		if err := <-errs; err == nil {
			won++
		} else {
			wantField(t, err, domain.ECONFLICT, "email")
		}
	}
	if won != 1 {
		t.Fatalf("%d registrations won, want 1", won)
	}
	if n := e.count(t, `SELECT count(*) FROM audit_log`); n != 1 {
		t.Fatalf("audit rows = %d, want 1", n)
	}
}

func TestCreatePlatformAdmin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()

	t.Run("NewAccount", func(t *testing.T) {
		a := e.admin(t)
		if !a.User.IsPlatformAdmin {
			t.Fatal("not an admin")
		}
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'user.admin_created' AND object_id = $1`, a.User.ID.String()); n != 1 {
			t.Fatalf("audit rows = %d", n)
		}
	})

	t.Run("ExistingAccountKeepsPassword", func(t *testing.T) {
		u := e.register(t, "Promoted")
		a, err := e.users.CreatePlatformAdmin(ctx, domain.RegisterInput{Email: u.Email, Password: "a different password", DisplayName: "X"})
		must(t, err)
		if a.ID != u.ID || !a.IsPlatformAdmin {
			t.Fatalf("admin = %+v, want %v promoted", a, u.ID)
		}
		_, err = e.auth.Authenticate(ctx, domain.Credentials{Login: u.Email, Password: "correct horse battery"})
		must(t, err)
	})
}

func TestSetLocale(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	u := e.register(t, "Lang")

	t.Run("OK", func(t *testing.T) {
		must(t, e.users.SetLocale(ctx, u.ID, domain.LocaleEN))
		got, err := e.users.FindUserByID(ctx, u.ID)
		must(t, err)
		if got.Locale != domain.LocaleEN {
			t.Fatalf("locale = %q", got.Locale)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		wantField(t, e.users.SetLocale(ctx, u.ID, "fr"), domain.EINVALID, "locale")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		wantCode(t, e.users.SetLocale(ctx, domain.NewID(), domain.LocaleEN), domain.ENOTFOUND)
		_, err := e.users.FindUserByID(ctx, domain.NewID())
		wantCode(t, err, domain.ENOTFOUND)
	})
}

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	hash, err := postgres.HashPassword("correct horse battery")
	must(t, err)
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(hash, "correct") {
		t.Fatalf("hash = %q", hash)
	}
	other, err := postgres.HashPassword("correct horse battery")
	must(t, err)
	if other == hash {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, tc := range []struct {
		name, hash, password string
		want                 bool
	}{
		{"OK", hash, "correct horse battery", true},
		{"WrongPassword", hash, "correct horse battery!", false},
		// Parameters live in the hash, so older, cheaper hashes still verify.
		{"OtherParams", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$" + keyFor(t), "pw", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := postgres.CheckPassword(tc.hash, tc.password)
			must(t, err)
			if ok != tc.want {
				t.Fatalf("check = %v, want %v", ok, tc.want)
			}
		})
	}
	t.Run("ErrMalformed", func(t *testing.T) {
		if _, err := postgres.CheckPassword("$2a$10$bcrypt", "pw"); err == nil {
			t.Fatal("a malformed hash verified")
		}
	})
}

// keyFor derives the argon2id key of "pw" with the salt "saltsaltsalt"
// and cheap parameters, independently of the package under test.
func keyFor(tb testing.TB) string {
	tb.Helper()
	key := argon2.IDKey([]byte("pw"), []byte("saltsaltsalt"), 1, 1024, 1, 32)
	return base64.RawStdEncoding.EncodeToString(key)
}
