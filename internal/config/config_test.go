package config

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestFromEnvDefaults(t *testing.T) {
	t.Parallel()
	c, err := FromEnv(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Embedded() || c.Addr != ":8080" || c.DataDir != "./var" || c.SearchBackend != SearchBleve ||
		c.BaseURL != "http://localhost:8080" || c.LogLevel != slog.LevelInfo {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestFromEnvErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		vars map[string]string
		want string
	}{
		{"ErrSearchBackend", map[string]string{"SEARCH_BACKEND": "solr"}, "SEARCH_BACKEND must be bleve or meilisearch"},
		{"ErrMeiliWithoutURL", map[string]string{"SEARCH_BACKEND": "meilisearch"}, "MEILISEARCH_URL is required"},
		{"ErrExternalDBWithoutSecret", map[string]string{"DATABASE_URL": "postgres://h/db"}, "HUTONG_SECRET_KEY"},
		{"ErrShortSecret", map[string]string{"HUTONG_SECRET_KEY": "short"}, "at least 32 characters"},
		{"ErrDatabaseURL", map[string]string{"DATABASE_URL": "mysql://h/db", "HUTONG_SECRET_KEY": strings.Repeat("k", 32)}, "DATABASE_URL must be a postgres://"},
		{"ErrBaseURL", map[string]string{"HUTONG_BASE_URL": "localhost"}, "HUTONG_BASE_URL"},
		{"ErrStripeWithoutWebhook", map[string]string{"STRIPE_SECRET_KEY": "sk_test_x"}, "STRIPE_WEBHOOK_SECRET is required"},
		{"ErrSMTP", map[string]string{"SMTP_URL": "http://mail"}, "SMTP_URL"},
		{"ErrLogLevel", map[string]string{"LOG_LEVEL": "verbose"}, "LOG_LEVEL"},
		{"ErrOCDSPrefix", map[string]string{"HUTONG_OCDS_PREFIX": "hutong#1"}, "HUTONG_OCDS_PREFIX"},
		{"ErrSecretAndFile", map[string]string{"HUTONG_SECRET_KEY": strings.Repeat("k", 32), "HUTONG_SECRET_KEY_FILE": "/x"}, "not both"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FromEnv(envOf(tc.vars))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestSecretFromFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "key")
	key := strings.Repeat("s", 40)
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := FromEnv(envOf(map[string]string{"HUTONG_SECRET_KEY_FILE": path, "DATABASE_URL": "postgres://h/db"}))
	if err != nil || c.SecretKey != key {
		t.Fatalf("secret %q, %v", c.SecretKey, err)
	}
}

func TestEnsureSecretKeyIsKept(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "var")
	a := &Config{DataDir: dir}
	if err := a.EnsureSecretKey(); err != nil || len(a.SecretKey) < 32 {
		t.Fatalf("generated %q, %v", a.SecretKey, err)
	}
	b := &Config{DataDir: dir}
	if err := b.EnsureSecretKey(); err != nil || b.SecretKey != a.SecretKey {
		t.Fatalf("second run got %q, want the kept %q (%v)", b.SecretKey, a.SecretKey, err)
	}
	if st, err := os.Stat(filepath.Join(dir, "secret.key")); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secret.key mode: %v, %v", st.Mode(), err)
	}
}
