package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"hutong/domain"
)

// BenchmarkAuthenticate compares a wrong password with an unknown login:
// both verify an argon2id hash, so their times should be alike and the
// answer's timing should not reveal whether an account exists.
func BenchmarkAuthenticate(b *testing.B) {
	e := newEnv(b)
	u := e.register(b, "Bench")
	for _, bc := range []struct{ name, login string }{
		{"WrongPassword", u.Email},
		{"UnknownLogin", "nobody@example.org"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				// A fresh address and key each time keeps throttling out of it.
				c := domain.Credentials{Login: bc.login, Password: "wrong password", Addr: fmt.Sprint(i)}
				_, err := e.auth.Authenticate(context.Background(), c)
				if err != domain.ErrBadCredentials {
					b.Fatal(err)
				}
				_, _ = e.db.SQL().Exec(`DELETE FROM login_failures`)
			}
		})
	}
}
