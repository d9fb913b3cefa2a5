// Package testkit gives tests the real things they run against: a private
// PostgreSQL cluster on tmpfs, started once per test binary, and a fresh
// migrated database per test, cloned from a template by pgtestdb in
// milliseconds and kept for inspection when the test fails.
package testkit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"hutong/internal/pgembed"
)

var (
	clusterOnce sync.Once
	cluster     *pgembed.Cluster
	clusterErr  error
)

// Cluster returns the test binary's PostgreSQL cluster, starting it on
// first use. It fails the test when no PostgreSQL binaries are installed:
// the tests need the real thing, and .ci/run installs it.
func Cluster(tb testing.TB) *pgembed.Cluster {
	tb.Helper()
	clusterOnce.Do(func() {
		reapStale()
		dir, err := os.MkdirTemp(shmDir(), fmt.Sprintf("hutong-test-%d-", os.Getpid()))
		if err != nil {
			clusterErr = err
			return
		}
		cluster, clusterErr = pgembed.Start(context.Background(), pgembed.Options{Dir: dir, Ephemeral: true})
	})
	if clusterErr != nil {
		tb.Fatalf("start the test PostgreSQL cluster: %v", clusterErr)
	}
	return cluster
}

// Main runs a package's tests and then stops its cluster. Use it as
// `func TestMain(m *testing.M) { testkit.Main(m) }`.
func Main(m *testing.M) {
	code := m.Run()
	if cluster != nil {
		if err := cluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "stop the test cluster:", err)
		}
		_ = cluster.Remove()
	}
	os.Exit(code)
}

// shmDir is tmpfs where the machine has it, so that the cluster never
// touches a disk.
func shmDir() string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		return "/dev/shm"
	}
	return os.TempDir()
}

// reapStale stops and removes clusters left by test binaries that died
// before their TestMain could stop them.
func reapStale() {
	dirs, _ := filepath.Glob(filepath.Join(shmDir(), "hutong-test-*"))
	for _, dir := range dirs {
		parts := strings.SplitN(filepath.Base(dir), "-", 4)
		if len(parts) < 4 {
			continue
		}
		owner, err := strconv.Atoi(parts[2])
		if err != nil || alive(owner) {
			continue
		}
		if b, err := os.ReadFile(filepath.Join(dir, "data", "postmaster.pid")); err == nil {
			if pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0]); err == nil && pid > 0 {
				_ = syscall.Kill(pid, syscall.SIGQUIT)
			}
		}
		_ = os.RemoveAll(dir)
	}
}

func alive(pid int) bool {
	return syscall.Kill(pid, 0) == nil
}
