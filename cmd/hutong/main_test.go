package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"hutong/domain"
	"hutong/internal/testkit"
	"hutong/postgres"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// syncBuffer is a bytes.Buffer safe to write from the program while the
// test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type result struct {
	code           int
	stdout, stderr *syncBuffer
}

// env returns an environment with vars set, and nothing else.
func env(vars map[string]string) Env {
	return Env{
		Getenv: func(k string) string { return vars[k] },
		Stdin:  strings.NewReader(""),
		Stdout: &syncBuffer{}, Stderr: &syncBuffer{},
	}
}

func run(t testing.TB, e Env, args ...string) result {
	t.Helper()
	code := Run(context.Background(), args, e)
	return result{code, e.Stdout.(*syncBuffer), e.Stderr.(*syncBuffer)}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, env(nil), c.name, "--help")
			if r.code != 0 || !strings.Contains(r.stdout.String(), "Usage: hutong "+c.name) {
				t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
			}
		})
	}
	if r := run(t, env(nil), "frobnicate"); r.code != 2 || !strings.Contains(r.stderr.String(), "unknown command") {
		t.Fatalf("unknown command: exit %d, %q", r.code, r.stderr)
	}
}

func TestBadConfigurationStopsStartup(t *testing.T) {
	t.Parallel()
	r := run(t, env(map[string]string{"SEARCH_BACKEND": "elastic", "LOG_LEVEL": "loud"}), "serve")
	if r.code != 2 {
		t.Fatalf("exit %d, want 2", r.code)
	}
	for _, want := range []string{"SEARCH_BACKEND must be bleve or meilisearch", "LOG_LEVEL"} {
		if !strings.Contains(r.stderr.String(), want) {
			t.Errorf("stderr %q lacks %q", r.stderr, want)
		}
	}
}

// startServe runs serve in the background and returns its address and a
// function that stops it and returns its exit status.
func startServe(t testing.TB, e Env, args ...string) (string, func() int) {
	t.Helper()
	ready := make(chan string, 1)
	e.Ready = ready
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Run(ctx, append([]string{"serve"}, args...), e) }()
	select {
	case addr := <-ready:
		return addr, func() int { cancel(); return <-done }
	case code := <-done:
		cancel()
		t.Fatalf("serve exited %d before ready: %s", code, e.Stderr.(*syncBuffer))
	case <-time.After(2 * time.Minute):
		cancel()
		t.Fatalf("serve not ready: %s", e.Stderr.(*syncBuffer))
	}
	return "", nil
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// externalEnv runs against an external database, with the data dir (and
// so the Bleve index) in the test's own temporary folder.
func externalEnv(t testing.TB, dsn string) Env {
	return env(map[string]string{
		"DATABASE_URL": dsn, "HUTONG_ADDR": "127.0.0.1:0", "HUTONG_DATA_DIR": t.TempDir(),
		"HUTONG_SECRET_KEY": string(testkit.SecretKey), "LOG_LEVEL": "warn",
	})
}

func TestServeExternalDatabase(t *testing.T) {
	t.Parallel()
	addr, stop := startServe(t, externalEnv(t, testkit.DSN(t)))
	for _, path := range []string{"/healthz", "/readyz", "/api/openapi.json", "/"} {
		if code, body := get(t, "http://"+addr+path); code != http.StatusOK {
			t.Errorf("GET %s = %d: %s", path, code, body)
		}
	}
	for path, ctype := range map[string]string{"/api/v1/nothing-here": "application/problem+json", "/nothing-here": "text/html"} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) {
			t.Errorf("GET %s = %d %s, want 404 %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), ctype)
		}
	}
	if code := stop(); code != 0 {
		t.Fatalf("serve exited %d after SIGTERM-like cancel", code)
	}
}

func TestServeRefusesOutdatedSchema(t *testing.T) {
	t.Parallel()
	c := testkit.Cluster(t)
	admin, err := sql.Open("pgx", c.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := "outdated_" + strings.ReplaceAll(domain.NewID().String(), "-", "")
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	e := externalEnv(t, c.DSN(name))
	r := run(t, e, "serve")
	if r.code != 1 || !strings.Contains(r.stderr.String(), "schema is out of date") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if r := run(t, e, "migrate", "status"); r.code != 1 || !strings.Contains(r.stdout.String(), "pending") {
		t.Fatalf("migrate status: exit %d, %q", r.code, r.stdout)
	}
	if r := run(t, e, "migrate", "up"); r.code != 0 {
		t.Fatalf("migrate up: exit %d, %q", r.code, r.stderr)
	}
	if r := run(t, e, "migrate", "status"); r.code != 0 {
		t.Fatalf("migrate status after up: exit %d, %q", r.code, r.stdout)
	}
}

func TestAuditVerify(t *testing.T) {
	t.Parallel()
	dsn := testkit.DSN(t)
	db, err := postgres.Open(context.Background(), dsn, postgres.Options{SecretKey: testkit.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	users := postgres.NewUserService(db)
	for i := 0; i < 3; i++ {
		_, err := users.Register(context.Background(), domain.RegisterInput{
			Email: fmt.Sprintf("audit%d@example.org", i), Password: "long-enough-pw", DisplayName: "审计测试"})
		if err != nil {
			t.Fatal(err)
		}
	}
	e := externalEnv(t, dsn)
	if r := run(t, e, "audit", "verify"); r.code != 0 || !strings.Contains(r.stdout.String(), "intact") {
		t.Fatalf("intact log: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	tamper := `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
		UPDATE audit_log SET data = '{"email":"forged@example.org"}' WHERE seq = 2;`
	if _, err := db.SQL().Exec(tamper); err != nil {
		t.Fatal(err)
	}
	r := run(t, externalEnv(t, dsn), "audit", "verify")
	if r.code != 1 || !strings.Contains(r.stderr.String(), "entry 2") {
		t.Fatalf("tampered log: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestServeEmbedded runs the first README command's path: no DATABASE_URL,
// so serve starts its own cluster under the data dir, migrates, seeds the
// demo data, serves, and stops the cluster on shutdown; a second start
// finds the data again.
func TestServeEmbedded(t *testing.T) {
	t.Parallel()
	dir, err := os.MkdirTemp("/dev/shm", "hutong-embedded-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"HUTONG_DATA_DIR": dir + "/var", "HUTONG_ADDR": "127.0.0.1:0", "LOG_LEVEL": "warn"}
	e := env(vars)
	addr, stop := startServe(t, e, "--demo")
	if !strings.Contains(e.Stdout.(*syncBuffer).String(), "admin@hutong.demo") {
		t.Errorf("demo sign-ins not printed: %q", e.Stdout.(*syncBuffer))
	}
	if code, body := get(t, "http://"+addr+"/readyz"); code != http.StatusOK {
		t.Fatalf("readyz %d: %s", code, body)
	}
	if code := stop(); code != 0 {
		t.Fatalf("first serve exited %d: %s", code, e.Stderr.(*syncBuffer))
	}
	e2 := env(vars)
	addr, stop = startServe(t, e2)
	code, body := get(t, "http://"+addr+"/api/v1/organizations?limit=100")
	if code != http.StatusOK || !strings.Contains(body, "无锡市民政局") {
		t.Errorf("after restart, demo organisations missing: %d %s", code, body)
	}
	if code := stop(); code != 0 {
		t.Fatalf("second serve exited %d: %s", code, e2.Stderr.(*syncBuffer))
	}
}
