package postgres_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"hutong/domain"
	"hutong/internal/testkit"
	"hutong/postgres"
)

// lockedBuffer is a bytes.Buffer safe for the pool's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *lockedBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *lockedBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// TestLogsKeepNoValues logs every statement at debug level and checks that
// no bound value (an email, a password hash, audit data) reaches the log.
func TestLogsKeepNoValues(t *testing.T) {
	t.Parallel()
	var buf lockedBuffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db, err := postgres.Open(context.Background(), testkit.DSN(t), postgres.Options{SecretKey: testkit.SecretKey, Logger: logger})
	must(t, err)
	defer db.Close()
	e := servicesOn(db, nil)
	u, err := e.users.Register(context.Background(), domain.RegisterInput{
		Email: "leaky.secret@example.org", Password: "correct horse battery", DisplayName: "秘密的名字",
	})
	must(t, err)
	_, err = e.auth.Authenticate(context.Background(), domain.Credentials{Login: u.Email, Password: "correct horse battery"})
	must(t, err)
	_, err = e.users.Register(context.Background(), domain.RegisterInput{
		Email: "leaky.secret@example.org", Password: "correct horse battery", DisplayName: "x",
	})
	wantCode(t, err, domain.ECONFLICT)
	// The audit entry of a new organisation carries its name.
	_, err = e.orgs.CreateOrganization(context.Background(), &domain.Actor{User: u}, orgInput(domain.KindStation, "秘密机构", "320213"))
	must(t, err)
	out := buf.String()
	if !strings.Contains(out, "INSERT INTO") {
		t.Fatalf("no statements logged:\n%s", out)
	}
	for _, secret := range []string{"leaky", "argon2id", "秘密", "correct horse"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q:\n%s", secret, out)
		}
	}
}
