package pgembed

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// Superuser is the cluster's superuser and the owner of its database.
const Superuser = "hutong"

// Options configures a cluster.
type Options struct {
	// Dir holds the cluster: data/, postgres.log and the password file.
	Dir string
	// Ephemeral makes a throwaway cluster for tests: trust auth on
	// loopback, no fsync, no full-page writes, more connections.
	Ephemeral bool
	// Database is created after start when missing ("" for none).
	Database string
	Logger   *slog.Logger
}

// Cluster is a running private PostgreSQL cluster.
type Cluster struct {
	opts     Options
	bindir   string
	as       *runAs
	port     int
	password string
	adopted  bool
}

// Start initialises the cluster on first use and starts it on a free
// loopback port. A cluster left running by a process that died is adopted,
// not started twice.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	bindir, err := FindBinaries()
	if err != nil {
		return nil, err
	}
	as, err := unprivileged()
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	opts.Dir = dir
	c := &Cluster{opts: opts, bindir: bindir, as: as}
	if err := c.init(ctx); err != nil {
		return nil, err
	}
	if err := c.start(ctx); err != nil {
		return nil, err
	}
	if opts.Database != "" {
		if err := c.createDatabase(ctx, opts.Database); err != nil {
			_ = c.Stop()
			return nil, err
		}
	}
	return c, nil
}

func (c *Cluster) dataDir() string { return filepath.Join(c.opts.Dir, "data") }

// init runs initdb when the data folder holds no cluster yet.
func (c *Cluster) init(ctx context.Context) error {
	if err := os.MkdirAll(c.opts.Dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", c.opts.Dir, err)
	}
	pwfile := filepath.Join(c.opts.Dir, "password")
	if _, err := os.Stat(filepath.Join(c.dataDir(), "PG_VERSION")); err == nil {
		return c.readPassword(pwfile)
	}
	args := []string{"-D", c.dataDir(), "-U", Superuser, "-E", "UTF8", "--locale=C", "--no-instructions"}
	if c.opts.Ephemeral {
		args = append(args, "--auth=trust", "--no-sync")
	} else {
		c.password = randomHex(24)
		if err := os.WriteFile(pwfile, []byte(c.password+"\n"), 0o600); err != nil {
			return err
		}
		args = append(args, "--auth=scram-sha-256", "--pwfile="+pwfile)
	}
	if err := c.as.own(c.opts.Dir); err != nil {
		return err
	}
	c.opts.Logger.Info("initialising the embedded PostgreSQL cluster", "dir", c.dataDir())
	return c.run(ctx, "initdb", args...)
}

func (c *Cluster) readPassword(pwfile string) error {
	if c.opts.Ephemeral {
		return nil
	}
	b, err := os.ReadFile(pwfile)
	if err != nil {
		return fmt.Errorf("read the embedded cluster's password: %w", err)
	}
	c.password = strings.TrimSpace(string(b))
	return nil
}

// start starts the server, or adopts one already running on this data
// folder. A port taken between choosing and binding is retried.
func (c *Cluster) start(ctx context.Context) error {
	if port, ok := c.running(ctx); ok {
		c.port, c.adopted = port, true
		c.opts.Logger.Info("adopting the running embedded PostgreSQL", "port", port)
		return nil
	}
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if c.port, err = freePort(); err != nil {
			return err
		}
		if err = c.run(ctx, "pg_ctl", "start", "-w", "-t", "120", "-D", c.dataDir(),
			"-l", filepath.Join(c.opts.Dir, "postgres.log"), "-o", c.serverOptions()); err == nil {
			c.opts.Logger.Info("embedded PostgreSQL started", "port", c.port, "dir", c.dataDir())
			return nil
		}
	}
	return fmt.Errorf("start PostgreSQL (see %s): %w", filepath.Join(c.opts.Dir, "postgres.log"), err)
}

// serverOptions are the postgres settings given on the command line, so
// that the cluster's own configuration files stay as initdb wrote them.
func (c *Cluster) serverOptions() string {
	opts := []string{
		"-c port=" + strconv.Itoa(c.port),
		"-c listen_addresses=127.0.0.1",
		"-c unix_socket_directories=''",
	}
	if c.opts.Ephemeral {
		opts = append(opts, "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
			"-c max_connections=400", "-c shared_buffers=128MB")
	}
	return strings.Join(opts, " ")
}

// running reports whether a server already runs on the data folder, and
// its port from postmaster.pid.
func (c *Cluster) running(ctx context.Context) (int, bool) {
	if c.run(ctx, "pg_ctl", "status", "-D", c.dataDir()) != nil {
		return 0, false
	}
	b, err := os.ReadFile(filepath.Join(c.dataDir(), "postmaster.pid"))
	if err != nil {
		return 0, false
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 4 {
		return 0, false
	}
	port, err := strconv.Atoi(strings.TrimSpace(lines[3]))
	return port, err == nil
}

// Stop shuts the server down (fast mode: open transactions are rolled
// back, data is safe).
func (c *Cluster) Stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, ok := c.running(ctx); !ok {
		return nil
	}
	return c.run(ctx, "pg_ctl", "stop", "-w", "-m", "fast", "-D", c.dataDir())
}

// Adopted reports whether the server was already running when Start was
// called, e.g. started by a `hutong serve` that is still up. Short-lived
// commands leave such a server running.
func (c *Cluster) Adopted() bool { return c.adopted }

// Port is the loopback port the server listens on.
func (c *Cluster) Port() int { return c.port }

// DSN returns a postgres:// URL for database as the superuser.
func (c *Cluster) DSN(database string) string {
	u := url.URL{
		Scheme:   "postgres",
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/" + database,
		RawQuery: "sslmode=disable",
	}
	if c.password != "" {
		u.User = url.UserPassword(Superuser, c.password)
	} else {
		u.User = url.User(Superuser)
	}
	return u.String()
}

// Password is the superuser's password ("" for ephemeral clusters).
func (c *Cluster) Password() string { return c.password }

func (c *Cluster) createDatabase(ctx context.Context, name string) error {
	db, err := sql.Open("pgx", c.DSN("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("connect to the embedded PostgreSQL: %w", err)
	}
	if exists {
		return nil
	}
	_, err = db.ExecContext(ctx, `CREATE DATABASE "`+strings.ReplaceAll(name, `"`, `""`)+`"`)
	return err
}

// run runs a PostgreSQL program as the cluster's account, returning its
// output in the error when it fails.
func (c *Cluster) run(ctx context.Context, program string, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bindir, program), args...)
	cmd.Dir = c.opts.Dir
	c.as.apply(cmd)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", program, err, strings.TrimSpace(out.String()))
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// Remove deletes a stopped cluster's folder.
func (c *Cluster) Remove() error {
	if err := os.RemoveAll(c.opts.Dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
