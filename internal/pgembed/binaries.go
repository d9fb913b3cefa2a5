// Package pgembed runs a private PostgreSQL cluster from the machine's own
// PostgreSQL binaries: the embedded default of `hutong serve` (data under
// $HUTONG_DATA_DIR/pg) and the throwaway cluster of the tests (on tmpfs,
// fsync off). It shells out to initdb and pg_ctl, the supported way to run
// a cluster, rather than reimplementing any of it.
package pgembed

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrNoBinaries says that no PostgreSQL server binaries were found, and
// what to do about it.
var ErrNoBinaries = errors.New("no PostgreSQL server binaries found (looked at `pg_config --bindir`, PATH and /usr/lib/postgresql/*/bin): " +
	"install them (Debian/Ubuntu: `apt-get install postgresql`; macOS: `brew install postgresql@16`) " +
	"or set DATABASE_URL to an existing PostgreSQL server")

// FindBinaries returns the folder holding initdb, pg_ctl and postgres. It
// tries `pg_config --bindir`, then PATH, then the newest
// /usr/lib/postgresql/<version>/bin, and answers ErrNoBinaries otherwise.
func FindBinaries() (string, error) {
	var candidates []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		candidates = append(candidates, strings.TrimSpace(string(out)))
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		candidates = append(candidates, filepath.Dir(p))
	}
	candidates = append(candidates, debianBinDirs()...)
	for _, dir := range candidates {
		if hasServer(dir) {
			return dir, nil
		}
	}
	return "", ErrNoBinaries
}

// debianBinDirs lists /usr/lib/postgresql/*/bin, newest major version first.
func debianBinDirs() []string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	version := func(d string) int {
		v, _ := strconv.Atoi(filepath.Base(filepath.Dir(d)))
		return v
	}
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	return dirs
}

func hasServer(dir string) bool {
	for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.IsDir() {
			return false
		}
	}
	return true
}
