package main

import (
	"os"
	"testing"
	"time"
)

// embeddedDir makes a data dir that the unprivileged PostgreSQL account
// can reach when the benchmark runs as root.
func embeddedDir(b *testing.B) string {
	dir, err := os.MkdirTemp("/dev/shm", "hutong-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	return dir + "/var"
}

func benchEnv(dataDir string) Env {
	return env(map[string]string{"HUTONG_DATA_DIR": dataDir, "HUTONG_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error"})
}

// BenchmarkServeColdStart measures `hutong serve` from nothing to ready on
// the embedded defaults: initdb, cluster start, migrations, listening.
func BenchmarkServeColdStart(b *testing.B) {
	var total time.Duration
	for i := 0; i < b.N; i++ {
		total += measureStart(b, embeddedDir(b))
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-ready")
}

// BenchmarkServeWarmStart measures a restart on an existing data dir: the
// cluster starts, the schema is found current, the server listens.
func BenchmarkServeWarmStart(b *testing.B) {
	dir := embeddedDir(b)
	measureStart(b, dir)
	var total time.Duration
	for i := 0; i < b.N; i++ {
		total += measureStart(b, dir)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-ready")
}

// measureStart returns the time from starting serve to its ready signal;
// the shutdown that follows is not counted.
func measureStart(b *testing.B, dir string) time.Duration {
	b.Helper()
	t0 := time.Now()
	_, stop := startServe(b, benchEnv(dir))
	d := time.Since(t0)
	if code := stop(); code != 0 {
		b.Fatalf("serve exited %d", code)
	}
	return d
}
