package blobstore_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hutong/blobstore"
	"hutong/blobstore/blobtest"
	"hutong/domain"
)

func TestStore(t *testing.T) {
	t.Parallel()
	for _, url := range []string{"mem://", blobstore.DefaultURL(t.TempDir())} {
		t.Run(strings.SplitN(url, ":", 2)[0], func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s, err := blobstore.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
			t.Run("OKRoundTrip", func(t *testing.T) {
				if err := s.Put(ctx, "a/b/c", []byte("sealed")); err != nil {
					t.Fatal(err)
				}
				got, err := s.Get(ctx, "a/b/c")
				if err != nil || string(got) != "sealed" {
					t.Fatalf("get = %q, %v", got, err)
				}
				keys, err := s.Keys(ctx, "a/")
				if err != nil || len(keys) != 1 || keys[0] != "a/b/c" {
					t.Fatalf("keys = %v, %v", keys, err)
				}
			})
			t.Run("ErrNotFound", func(t *testing.T) {
				if _, err := s.Get(ctx, "missing"); domain.ErrorCode(err) != domain.ENOTFOUND {
					t.Fatalf("get missing: %v", err)
				}
			})
			t.Run("OKDeleteTwice", func(t *testing.T) {
				if err := s.Put(ctx, "d", []byte("x")); err != nil {
					t.Fatal(err)
				}
				for range 2 {
					if err := s.Delete(ctx, "d"); err != nil {
						t.Fatalf("delete: %v", err)
					}
				}
			})
		})
	}
}

// TestPutFailsCleanly: a bucket whose directory has become unusable (a
// file stands where it was, as on a failed or full disk) refuses writes
// with EUNAVAILABLE and leaves nothing behind, and its error does not
// carry the key.
func TestPutFailsCleanly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	s, dead := blobtest.Broken(t, dir)
	err := s.Put(ctx, "bid-documents/secret-key", []byte("sealed"))
	if domain.ErrorCode(err) != domain.EUNAVAILABLE || strings.Contains(err.Error(), "secret-key") {
		t.Fatalf("put on a dead disk: %v", err)
	}
	if b, _ := os.ReadFile(dead); string(b) != "not a directory" {
		t.Errorf("the file in the bucket's place changed: %q", b)
	}
}

func TestOpenRejectsOtherSchemes(t *testing.T) {
	t.Parallel()
	if _, err := blobstore.Open(context.Background(), "s3://bucket"); err == nil {
		t.Fatal("s3:// opened")
	}
}
