package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestBlobURL(t *testing.T) {
	t.Parallel()
	t.Run("OKDefaultUnderDataDir", func(t *testing.T) {
		t.Parallel()
		c, err := FromEnv(envOf(map[string]string{"HUTONG_DATA_DIR": "/srv/hutong"}))
		if err != nil || c.BlobURL != "file:///srv/hutong/blobs" {
			t.Fatalf("blob URL = %q, %v", c.BlobURL, err)
		}
	})
	t.Run("OKRelativeDataDirMadeAbsolute", func(t *testing.T) {
		t.Parallel()
		c, err := FromEnv(envOf(nil))
		abs, _ := filepath.Abs("var/blobs")
		if err != nil || c.BlobURL != "file://"+filepath.ToSlash(abs) {
			t.Fatalf("blob URL = %q, %v", c.BlobURL, err)
		}
	})
	t.Run("OKMemory", func(t *testing.T) {
		t.Parallel()
		if c, err := FromEnv(envOf(map[string]string{"HUTONG_BLOB_URL": "mem://"})); err != nil || c.BlobURL != "mem://" {
			t.Fatalf("blob URL = %v", err)
		}
	})
	t.Run("ErrOtherScheme", func(t *testing.T) {
		t.Parallel()
		_, err := FromEnv(envOf(map[string]string{"HUTONG_BLOB_URL": "s3://bucket"}))
		if err == nil || !strings.Contains(err.Error(), "HUTONG_BLOB_URL") {
			t.Fatalf("err = %v", err)
		}
	})
}
