// Package config reads Hutong's configuration from the environment into one
// Config struct, once, at start-up. Nothing reads the environment later.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Search backends.
const (
	SearchBleve       = "bleve"
	SearchMeilisearch = "meilisearch"
)

// Config is every setting of a Hutong process. Fields are filled from the
// environment variables named in their comments; see the README table.
type Config struct {
	DatabaseURL       string // DATABASE_URL; empty starts the embedded PostgreSQL
	Addr              string // HUTONG_ADDR, default ":8080"
	DataDir           string // HUTONG_DATA_DIR, default "./var"
	BlobURL           string // HUTONG_BLOB_URL: file:// or mem:// bucket of sealed bid documents, default file://$HUTONG_DATA_DIR/blobs
	BaseURL           string // HUTONG_BASE_URL, default "http://localhost:8080"
	SecretKey         string // HUTONG_SECRET_KEY or the file HUTONG_SECRET_KEY_FILE
	SearchBackend     string // SEARCH_BACKEND: bleve (default) or meilisearch
	MeilisearchURL    string // MEILISEARCH_URL
	MeilisearchAPIKey string // MEILISEARCH_API_KEY or MEILISEARCH_API_KEY_FILE
	StripeSecretKey   string // STRIPE_SECRET_KEY or STRIPE_SECRET_KEY_FILE; empty: offline payments only
	StripeWebhookKey  string // STRIPE_WEBHOOK_SECRET or STRIPE_WEBHOOK_SECRET_FILE
	StripeAPIBase     string // STRIPE_API_BASE: another Stripe API address (stripe-mock in tests); empty: https://api.stripe.com
	SMTPURL           string // SMTP_URL, e.g. smtp://user:pass@host:587?from=noreply@example.org; empty: no email
	OCDSPrefix        string // HUTONG_OCDS_PREFIX, default "ocds-hutong": the ocid prefix of the OCDS export
	LogLevel          slog.Level
}

// Embedded reports whether Hutong runs its own PostgreSQL cluster.
func (c *Config) Embedded() bool { return c.DatabaseURL == "" }

// FromEnv reads the configuration from getenv (os.Getenv in main, a map in
// tests) and validates it.
func FromEnv(getenv func(string) string) (*Config, error) {
	c := &Config{
		DatabaseURL:    getenv("DATABASE_URL"),
		Addr:           or(getenv("HUTONG_ADDR"), ":8080"),
		DataDir:        or(getenv("HUTONG_DATA_DIR"), "./var"),
		BaseURL:        strings.TrimRight(or(getenv("HUTONG_BASE_URL"), "http://localhost:8080"), "/"),
		SearchBackend:  or(getenv("SEARCH_BACKEND"), SearchBleve),
		MeilisearchURL: getenv("MEILISEARCH_URL"),
		SMTPURL:        getenv("SMTP_URL"),
		OCDSPrefix:     or(getenv("HUTONG_OCDS_PREFIX"), "ocds-hutong"),
		StripeAPIBase:  strings.TrimRight(getenv("STRIPE_API_BASE"), "/"),
	}
	c.BlobURL = or(getenv("HUTONG_BLOB_URL"), defaultBlobURL(c.DataDir))
	var errs []error
	secret := func(name string, dst *string) {
		v, err := fromFile(getenv, name)
		if err != nil {
			errs = append(errs, err)
		}
		*dst = v
	}
	secret("HUTONG_SECRET_KEY", &c.SecretKey)
	secret("MEILISEARCH_API_KEY", &c.MeilisearchAPIKey)
	secret("STRIPE_SECRET_KEY", &c.StripeSecretKey)
	secret("STRIPE_WEBHOOK_SECRET", &c.StripeWebhookKey)
	if err := c.LogLevel.UnmarshalText([]byte(or(getenv("LOG_LEVEL"), "info"))); err != nil {
		errs = append(errs, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error, not %q", getenv("LOG_LEVEL")))
	}
	errs = append(errs, c.Validate())
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// fromFile reads NAME, or the file named by NAME_FILE. Setting both is an
// error, since one of them would be silently ignored.
func fromFile(getenv func(string) string, name string) (string, error) {
	v, file := getenv(name), getenv(name+"_FILE")
	if file == "" {
		return v, nil
	}
	if v != "" {
		return "", fmt.Errorf("set %s or %s_FILE, not both", name, name)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("%s_FILE: %w", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}

// Validate checks the settings together and names each wrong variable.
func (c *Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			bad("DATABASE_URL must be a postgres:// URL")
		}
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("HUTONG_BASE_URL must be an http or https URL, not %q", c.BaseURL)
	}
	if c.Addr == "" || !strings.Contains(c.Addr, ":") {
		bad("HUTONG_ADDR must be host:port or :port, not %q", c.Addr)
	}
	if c.SecretKey != "" && len(c.SecretKey) < 32 {
		bad("HUTONG_SECRET_KEY must be at least 32 characters")
	}
	if c.SecretKey == "" && !c.Embedded() {
		bad("HUTONG_SECRET_KEY (or HUTONG_SECRET_KEY_FILE) is required with an external DATABASE_URL, so that every instance shares it")
	}
	switch c.SearchBackend {
	case SearchBleve:
	case SearchMeilisearch:
		if u, err := url.Parse(c.MeilisearchURL); err != nil || u.Host == "" {
			bad("MEILISEARCH_URL is required with SEARCH_BACKEND=meilisearch")
		}
	default:
		bad("SEARCH_BACKEND must be bleve or meilisearch, not %q", c.SearchBackend)
	}
	if u, err := url.Parse(c.BlobURL); err != nil || (u.Scheme != "file" && u.Scheme != "mem") || (u.Scheme == "file" && u.Path == "") {
		bad("HUTONG_BLOB_URL must be a file:///absolute/dir or mem:// URL, not %q", c.BlobURL)
	}
	if c.StripeSecretKey != "" && c.StripeWebhookKey == "" {
		bad("STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY")
	}
	if c.StripeAPIBase != "" {
		if u, err := url.Parse(c.StripeAPIBase); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("STRIPE_API_BASE must be an http or https URL, not %q", c.StripeAPIBase)
		}
	}
	if c.SMTPURL != "" {
		if u, err := url.Parse(c.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			bad("SMTP_URL must be smtp:// or smtps://host:port")
		}
	}
	if !ocdsPrefix.MatchString(c.OCDSPrefix) {
		bad("HUTONG_OCDS_PREFIX must be an OCDS prefix like ocds-213czf (ocds-, then lower-case letters, digits or hyphens), not %q", c.OCDSPrefix)
	}
	return errors.Join(errs...)
}

// ocdsPrefix is what an ocid prefix may be: the registered form is
// "ocds-" and six characters, Hutong's unregistered default is
// "ocds-hutong"; nothing that would break a URL path or a release id
// (which must not contain "#").
var ocdsPrefix = regexp.MustCompile(`^ocds-[a-z0-9][a-z0-9-]{0,40}$`)

// defaultBlobURL is the bucket under the data directory, as an absolute
// file:// URL so that it does not move with the working directory.
func defaultBlobURL(dataDir string) string {
	dir, err := filepath.Abs(filepath.Join(dataDir, "blobs"))
	if err != nil {
		dir = filepath.Join(dataDir, "blobs")
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
