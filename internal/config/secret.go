package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// EnsureSecretKey fills SecretKey in embedded mode when none was given: it
// reads $HUTONG_DATA_DIR/secret.key, creating it with 32 random bytes on
// first run, so that sessions and keyed hashes survive restarts.
func (c *Config) EnsureSecretKey() error {
	if c.SecretKey != "" {
		return nil
	}
	path := filepath.Join(c.DataDir, "secret.key")
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(c.DataDir, 0o755); err != nil {
			return fmt.Errorf("create data dir: %w", err)
		}
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return err
		}
		b = []byte(hex.EncodeToString(key))
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	} else if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	c.SecretKey = strings.TrimSpace(string(b))
	return nil
}
