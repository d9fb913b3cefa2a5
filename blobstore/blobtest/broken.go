// Package blobtest helps tests of code that stores blobs: buckets that
// fail like a broken disk.
package blobtest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"hutong/blobstore"
)

// Broken opens a file:// bucket under dir and then puts a plain file
// where its blob directory was, so that every write fails as on a broken
// or full disk. Tests in other packages use it to check that a failed
// write leaves nothing behind; it returns the store and the file's path.
func Broken(tb testing.TB, dir string) (*blobstore.Store, string) {
	tb.Helper()
	s, err := blobstore.Open(context.Background(), blobstore.DefaultURL(dir))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	blobs := filepath.Join(dir, "blobs")
	if err := os.RemoveAll(blobs); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(blobs, []byte("not a directory"), 0o600); err != nil {
		tb.Fatal(err)
	}
	return s, blobs
}
