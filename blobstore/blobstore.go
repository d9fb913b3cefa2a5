// Package blobstore keeps files (bid documents, later evidence) in a
// gocloud.dev/blob bucket: a directory on disk (file://) by default, and
// memory (mem://) in tests. It stores opaque bytes under keys; callers
// encrypt what must stay sealed before it reaches the bucket, so a copy
// of the bucket alone reveals nothing.
package blobstore

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/memblob" // mem:// buckets, for tests and throwaway instances
	"gocloud.dev/gcerrors"

	"hutong/domain"
)

// Store is a domain.BlobStore over one gocloud bucket.
type Store struct{ bucket *blob.Bucket }

var _ domain.BlobStore = (*Store)(nil)

// DefaultURL is the bucket under the data directory: file://<dir>/blobs.
func DefaultURL(dataDir string) string {
	abs, err := filepath.Abs(filepath.Join(dataDir, "blobs"))
	if err != nil {
		abs = filepath.Join(dataDir, "blobs")
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

// Open opens the bucket at rawURL (file:// or mem://). A file:// bucket's
// directory is created if missing, so a fresh data directory works; its
// temporary files go beside the blobs (no_tmp_dir), so a write is renamed
// into place atomically on the same file system.
func Open(ctx context.Context, rawURL string) (*Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("blob URL %q: %w", rawURL, err)
	}
	if u.Scheme == "file" {
		if err := os.MkdirAll(u.Path, 0o700); err != nil {
			return nil, fmt.Errorf("blob directory: %w", err)
		}
		b, err := fileblob.OpenBucket(u.Path, &fileblob.Options{NoTempDir: true, DirFileMode: 0o700, Metadata: fileblob.MetadataDontWrite})
		if err != nil {
			return nil, fmt.Errorf("open blob bucket %s: %w", u.Path, err)
		}
		return New(b), nil
	}
	if u.Scheme != "mem" {
		return nil, fmt.Errorf("blob URL %q: only file:// and mem:// buckets are supported", rawURL)
	}
	b, err := blob.OpenBucket(ctx, rawURL)
	if err != nil {
		return nil, fmt.Errorf("open blob bucket: %w", err)
	}
	return New(b), nil
}

// New wraps an open bucket; the Store closes it on Close.
func New(b *blob.Bucket) *Store { return &Store{bucket: b} }

// Put writes data under key, wholly or not at all: gocloud writes to a
// temporary object and commits it on Close. A failed write (a full disk)
// is EUNAVAILABLE, and whatever was started is removed.
func (s *Store) Put(ctx context.Context, key string, data []byte) error {
	err := s.bucket.WriteAll(ctx, key, data, &blob.WriterOptions{ContentType: "application/octet-stream"})
	if err != nil {
		_ = s.bucket.Delete(context.WithoutCancel(ctx), key)
		// The cause is named by its gocloud code only: the driver's message
		// holds the key, which must not reach a log line.
		return fmt.Errorf("%w (blob write: %s)", domain.Errorf(domain.EUNAVAILABLE,
			"document storage is unavailable or full; nothing was stored"), gcerrors.Code(err))
	}
	return nil
}

// Get reads the bytes under key; a missing key is ENOTFOUND.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	data, err := s.bucket.ReadAll(ctx, key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, domain.Errorf(domain.ENOTFOUND, "blob not found")
	} else if err != nil {
		return nil, domain.Errorf(domain.EUNAVAILABLE, "document storage is unavailable")
	}
	return data, nil
}

// Delete removes key; deleting what is already gone succeeds, so that a
// retried clean-up does not fail.
func (s *Store) Delete(ctx context.Context, key string) error {
	err := s.bucket.Delete(ctx, key)
	if err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return fmt.Errorf("delete blob: %w", err)
	}
	return nil
}

// Exists reports whether key holds a blob, for consistency checks.
func (s *Store) Exists(ctx context.Context, key string) (bool, error) {
	return s.bucket.Exists(ctx, key)
}

// Keys lists the keys under prefix, for consistency checks and tests.
func (s *Store) Keys(ctx context.Context, prefix string) ([]string, error) {
	var out []string
	it := s.bucket.List(&blob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		out = append(out, obj.Key)
	}
}

// Close closes the bucket.
func (s *Store) Close() error { return s.bucket.Close() }
