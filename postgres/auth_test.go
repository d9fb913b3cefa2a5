package postgres_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"time"

	"hutong/domain"
)

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	u, err := e.users.Register(ctx, domain.RegisterInput{
		Email: "auth@example.org", Phone: "13700137000", Password: "correct horse battery", DisplayName: "Auth",
	})
	must(t, err)

	t.Run("OK", func(t *testing.T) {
		for _, login := range []string{"auth@example.org", " AUTH@example.org", "+86 137 0013 7000"} {
			got, err := e.auth.Authenticate(ctx, domain.Credentials{Login: login, Password: "correct horse battery", Addr: "10.0.0.1"})
			must(t, err)
			if got.ID != u.ID {
				t.Fatalf("%s signed in as %v", login, got.ID)
			}
		}
	})

	t.Run("ErrBadCredentialsAlike", func(t *testing.T) {
		wrong, err1 := e.auth.Authenticate(ctx, domain.Credentials{Login: "auth@example.org", Password: "wrong password", Addr: "10.0.0.2"})
		_, err2 := e.auth.Authenticate(ctx, domain.Credentials{Login: "nobody@example.org", Password: "wrong password", Addr: "10.0.0.2"})
		_, err3 := e.auth.Authenticate(ctx, domain.Credentials{Login: "garbage", Password: "x", Addr: "10.0.0.2"})
		if wrong != nil {
			t.Fatal("wrong password signed in")
		}
		for _, err := range []error{err1, err2, err3} {
			if err != domain.ErrBadCredentials {
				t.Fatalf("error = %v, want ErrBadCredentials", err)
			}
		}
		// Throttling keeps keyed hashes, never the logins or addresses.
		if n := e.count(t, `SELECT count(*) FROM login_failures WHERE login_key LIKE '%example%' OR addr LIKE '10.%'`); n != 0 {
			t.Fatalf("%d failures stored in the clear", n)
		}
	})
}

func TestAuthenticateThrottle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	u := e.register(t, "Throttled")
	good := domain.Credentials{Login: u.Email, Password: "correct horse battery", Addr: "192.0.2.1"}
	bad := good
	bad.Password = "wrong password"

	t.Run("ErrTooManyPerAccount", func(t *testing.T) {
		for i := 0; i < domain.LoginMaxFailures; i++ {
			_, err := e.auth.Authenticate(ctx, bad)
			wantCode(t, err, domain.EUNAUTHORIZED)
			e.clock.Advance(time.Minute)
		}
		// Even the right password waits until the oldest failure that
		// matters leaves the window: 15 minutes after it, 5 minutes after
		// it was made plus the 5 minutes the clock moved since.
		_, err := e.auth.Authenticate(ctx, good)
		de := wantCode(t, err, domain.ETOOMANY)
		if want := domain.LoginWindow - 5*time.Minute; de.RetryAfter != want {
			t.Fatalf("RetryAfter = %v, want %v", de.RetryAfter, want)
		}
		// From another address the account is still throttled.
		other := good
		other.Addr = "192.0.2.99"
		_, err = e.auth.Authenticate(ctx, other)
		wantCode(t, err, domain.ETOOMANY)
	})

	t.Run("OKAfterWindow", func(t *testing.T) {
		e.clock.Advance(domain.LoginWindow - 5*time.Minute + time.Second)
		_, err := e.auth.Authenticate(ctx, good)
		must(t, err)
		// Success cleared the account's failures.
		if n := e.count(t, `SELECT count(*) FROM login_failures`); n != 0 {
			t.Fatalf("failures left = %d", n)
		}
	})

	t.Run("ErrTooManyPerAddress", func(t *testing.T) {
		for i := 0; i < domain.LoginMaxFailuresPerAddr; i++ {
			c := domain.Credentials{Login: fmt.Sprintf("guess%d@example.org", i), Password: "x", Addr: "198.51.100.7"}
			_, err := e.auth.Authenticate(ctx, c)
			wantCode(t, err, domain.EUNAUTHORIZED)
		}
		fromThere := good
		fromThere.Addr = "198.51.100.7"
		_, err := e.auth.Authenticate(ctx, fromThere)
		de := wantCode(t, err, domain.ETOOMANY)
		if de.RetryAfter != domain.LoginWindow {
			t.Fatalf("RetryAfter = %v, want %v", de.RetryAfter, domain.LoginWindow)
		}
		_, err = e.auth.Authenticate(ctx, good)
		must(t, err)
	})

	t.Run("PruneExpired", func(t *testing.T) {
		e.clock.Advance(domain.LoginWindow + time.Second)
		must(t, e.auth.PruneExpired(ctx))
		if n := e.count(t, `SELECT count(*) FROM login_failures`); n != 0 {
			t.Fatalf("failures left = %d", n)
		}
	})
}

func TestTokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	u := e.register(t, "Token")

	t.Run("OK", func(t *testing.T) {
		tok, secret, err := e.auth.CreateToken(ctx, u.ID, nil)
		must(t, err)
		if !strings.HasPrefix(secret, "hut_") || len(secret) != 4+43 {
			t.Fatalf("secret = %q", secret)
		}
		if len(tok.Scopes) != 1 || tok.Scopes[0] != domain.ScopeAll || !tok.ExpiresAt.Equal(e.clock.Now().Add(domain.TokenLifetime)) {
			t.Fatalf("token = %+v", tok)
		}
		sum := sha256.Sum256([]byte(secret))
		if n := e.count(t, `SELECT count(*) FROM api_tokens WHERE id = $1 AND secret_hash = $2`, tok.ID, sum[:]); n != 1 {
			t.Fatal("the token's SHA-256 is not what is stored")
		}
		got, gotTok, err := e.auth.FindUserByToken(ctx, secret)
		must(t, err)
		if got.ID != u.ID || gotTok.ID != tok.ID {
			t.Fatalf("found %v %v", got.ID, gotTok.ID)
		}
	})

	t.Run("Scopes", func(t *testing.T) {
		tok, secret, err := e.auth.CreateToken(ctx, u.ID, []string{"orgs:read", "orgs:read", " "})
		must(t, err)
		_, found, err := e.auth.FindUserByToken(ctx, secret)
		must(t, err)
		if len(tok.Scopes) != 1 || len(found.Scopes) != 1 || found.Scopes[0] != "orgs:read" {
			t.Fatalf("scopes = %v / %v", tok.Scopes, found.Scopes)
		}
	})

	t.Run("ErrRevoked", func(t *testing.T) {
		tok, secret, err := e.auth.CreateToken(ctx, u.ID, nil)
		must(t, err)
		must(t, e.auth.RevokeToken(ctx, tok.ID))
		_, _, err = e.auth.FindUserByToken(ctx, secret)
		wantCode(t, err, domain.EUNAUTHORIZED)
		wantCode(t, e.auth.RevokeToken(ctx, domain.NewID()), domain.ENOTFOUND)
	})

	t.Run("ErrUnknown", func(t *testing.T) {
		for _, s := range []string{"", "hut_nope", "Bearer x"} {
			_, _, err := e.auth.FindUserByToken(ctx, s)
			wantCode(t, err, domain.EUNAUTHORIZED)
		}
	})

	t.Run("ErrExpired", func(t *testing.T) {
		c := &clock{t: e.clock.Now()}
		e2 := servicesOnClock(t, e, c)
		_, secret, err := e2.auth.CreateToken(ctx, u.ID, nil)
		must(t, err)
		c.Advance(domain.TokenLifetime - time.Second)
		_, _, err = e2.auth.FindUserByToken(ctx, secret)
		must(t, err)
		c.Advance(time.Second)
		_, _, err = e2.auth.FindUserByToken(ctx, secret)
		wantCode(t, err, domain.EUNAUTHORIZED)
	})
}

func TestSessions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	u := e.register(t, "Session")

	t.Run("OK", func(t *testing.T) {
		s, secret, err := e.auth.CreateSession(ctx, u.ID)
		must(t, err)
		if s.CSRFToken == "" || s.CSRFToken == secret || !s.ExpiresAt.Equal(s.CreatedAt.Add(domain.SessionAbsoluteTimeout)) {
			t.Fatalf("session = %+v", s)
		}
		got, gu, err := e.auth.FindSession(ctx, secret)
		must(t, err)
		if got.ID != s.ID || gu.ID != u.ID || got.CSRFToken != s.CSRFToken {
			t.Fatalf("found %+v %v", got, gu.ID)
		}
		_, again, err := e.auth.CreateSession(ctx, u.ID)
		must(t, err)
		if again == secret {
			t.Fatal("a new sign-in reused the session secret")
		}
	})

	t.Run("ErrIdle", func(t *testing.T) {
		c := &clock{t: e.clock.Now()}
		e2 := servicesOnClock(t, e, c)
		_, secret, err := e2.auth.CreateSession(ctx, u.ID)
		must(t, err)
		c.Advance(20 * time.Minute)
		_, _, err = e2.auth.FindSession(ctx, secret) // activity resets the idle clock
		must(t, err)
		c.Advance(20 * time.Minute)
		_, _, err = e2.auth.FindSession(ctx, secret)
		must(t, err)
		c.Advance(domain.SessionIdleTimeout + time.Second)
		_, _, err = e2.auth.FindSession(ctx, secret)
		wantCode(t, err, domain.EUNAUTHORIZED)
		// The timed-out session is gone for good.
		c.Advance(-domain.SessionIdleTimeout)
		_, _, err = e2.auth.FindSession(ctx, secret)
		wantCode(t, err, domain.EUNAUTHORIZED)
	})

	t.Run("ErrAbsolute", func(t *testing.T) {
		c := &clock{t: e.clock.Now()}
		e2 := servicesOnClock(t, e, c)
		_, secret, err := e2.auth.CreateSession(ctx, u.ID)
		must(t, err)
		for elapsed := time.Duration(0); elapsed < domain.SessionAbsoluteTimeout-20*time.Minute; elapsed += 20 * time.Minute {
			c.Advance(20 * time.Minute)
			_, _, err = e2.auth.FindSession(ctx, secret)
			must(t, err)
		}
		c.Advance(20*time.Minute + time.Second)
		_, _, err = e2.auth.FindSession(ctx, secret)
		wantCode(t, err, domain.EUNAUTHORIZED)
	})

	t.Run("PruneExpired", func(t *testing.T) {
		c := &clock{t: e.clock.Now()}
		e2 := servicesOnClock(t, e, c)
		pruned := e.register(t, "Pruned")
		_, _, err := e2.auth.CreateSession(ctx, pruned.ID)
		must(t, err)
		_, _, err = e2.auth.CreateSession(ctx, pruned.ID)
		must(t, err)
		c.Advance(domain.SessionIdleTimeout - time.Second)
		must(t, e2.auth.PruneExpired(ctx))
		if n := e.count(t, `SELECT count(*) FROM sessions WHERE user_id = $1`, pruned.ID); n != 2 {
			t.Fatalf("live sessions pruned: %d left", n)
		}
		c.Advance(2 * time.Second)
		must(t, e2.auth.PruneExpired(ctx))
		if n := e.count(t, `SELECT count(*) FROM sessions WHERE user_id = $1`, pruned.ID); n != 0 {
			t.Fatalf("idle sessions left = %d", n)
		}
	})

	t.Run("DeleteSession", func(t *testing.T) {
		_, secret, err := e.auth.CreateSession(ctx, u.ID)
		must(t, err)
		must(t, e.auth.DeleteSession(ctx, secret))
		_, _, err = e.auth.FindSession(ctx, secret)
		wantCode(t, err, domain.EUNAUTHORIZED)
		must(t, e.auth.DeleteSession(ctx, secret))
	})

	t.Run("DeleteUserSessions", func(t *testing.T) {
		_, s1, err := e.auth.CreateSession(ctx, u.ID)
		must(t, err)
		_, s2, err := e.auth.CreateSession(ctx, u.ID)
		must(t, err)
		must(t, e.auth.DeleteUserSessions(ctx, u.ID))
		for _, s := range []string{s1, s2} {
			_, _, err = e.auth.FindSession(ctx, s)
			wantCode(t, err, domain.EUNAUTHORIZED)
		}
	})
}
