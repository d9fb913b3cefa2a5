package schema_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"hutong/ocds/schema"
)

// sharedDir is where the workspace keeps the official files this folder
// copies; outside the workspace (CI) it is absent and the test skips.
const sharedDir = "../../../shared/ocds/1.1.5"

// The copies must stay unchanged, or the tests would validate against
// something other than OCDS 1.1.5.
func TestCopiesMatchTheOfficialFiles(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(sharedDir); err != nil {
		t.Skipf("no %s to compare with: %v", sharedDir, err)
	}
	n := 0
	err := fs.WalkDir(schema.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "record-schema.hutong.json" {
			return err
		}
		ours, _ := schema.FS.ReadFile(p)
		theirs, err := os.ReadFile(filepath.Join(sharedDir, p))
		if err != nil {
			t.Errorf("%s has no official counterpart: %v", p, err)
			return nil
		}
		if !bytes.Equal(ours, theirs) {
			t.Errorf("%s differs from %s", p, filepath.Join(sharedDir, p))
		}
		n++
		return nil
	})
	if err != nil || n < 30 {
		t.Fatalf("compared %d files, err %v", n, err)
	}
}
