// Package postgres implements Hutong's domain services on PostgreSQL
// through GORM. Every write runs in one transaction that checks the
// policy, writes the rows, appends the audit entry and inserts the River
// jobs, so that a failed request leaves nothing behind.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	gormpg "gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// Options configures a DB. The zero value works: a discarding logger and
// the wall clock.
type Options struct {
	// SecretKey keys the hashes that throttling stores instead of the
	// logins and addresses of failed sign-ins, which are personal data.
	SecretKey []byte
	// Logger receives slow and failed queries, never their bound values.
	Logger *slog.Logger
	// Now is the clock every service reads; tests move it to expire
	// sessions and throttling windows.
	Now func() time.Time
	// MaxOpenConns caps the connection pool; 0 means 10, which leaves room
	// for other instances on a default max_connections of 100.
	MaxOpenConns int
	// OCDSPrefix starts the ocid of every project's OCDS releases; ""
	// means ocds.DefaultPrefix (HUTONG_OCDS_PREFIX sets it).
	OCDSPrefix string
}

// DB is an open database with the GORM handle and the River client that
// every service shares.
type DB struct {
	sql   *sql.DB
	gorm  *gorm.DB
	river *river.Client[*sql.Tx]
	opts  Options
	// dummyHash is verified against for unknown logins so that they take
	// as long as a wrong password.
	dummyHash string
}

// Open connects to dsn through pgx and checks that the server answers.
// It never migrates: the schema belongs to goose (see MigrateUp).
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxOpenConns == 0 {
		opts.MaxOpenConns = 10
	}
	sqlDB, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db, err := newDB(sqlDB, opts)
	if err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	if err := db.Ping(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	return db, nil
}

func newDB(sqlDB *sql.DB, opts Options) (*DB, error) {
	sqlDB.SetMaxOpenConns(opts.MaxOpenConns)
	sqlDB.SetMaxIdleConns(opts.MaxOpenConns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{sql: sqlDB, opts: opts}
	g, err := gorm.Open(gormpg.New(gormpg.Config{Conn: sqlDB}), &gorm.Config{
		// Services open their own transactions around whole requests; a
		// hidden one around each statement would only cost round trips.
		SkipDefaultTransaction: true,
		// PrepareStmt stays off: pgx already prepares and caches every
		// statement per connection, and GORM's wrapper would hide the
		// *sql.Tx that River needs to insert jobs in our transactions.
		PrepareStmt: false,
		NowFunc:     db.now,
		Logger:      newGormLogger(opts.Logger),
		// Open pings with the caller's context and maps the error itself.
		DisableAutomaticPing: true,
	})
	if err != nil {
		return nil, fmt.Errorf("open gorm: %w", err)
	}
	db.gorm = g
	// A client without workers or queues only inserts; the worker process
	// builds its own client on pgx to work the jobs.
	db.river, err = river.NewClient(riverdatabasesql.New(sqlDB), &river.Config{Logger: opts.Logger})
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	db.dummyHash, err = hashPassword("dummy password for unknown logins")
	if err != nil {
		return nil, err
	}
	return db, nil
}

// Close closes the connection pool.
func (db *DB) Close() error { return db.sql.Close() }

// Ping checks that the database answers, for /readyz.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.sql.PingContext(ctx); err != nil {
		return mapError(fmt.Errorf("ping database: %w", err))
	}
	return nil
}

// SQL returns the underlying pool, for migrations and River's workers.
func (db *DB) SQL() *sql.DB { return db.sql }

// Gorm returns the GORM handle, for packages that need a query this
// package does not offer yet.
func (db *DB) Gorm() *gorm.DB { return db.gorm }

// now is the service clock in UTC at the microsecond precision PostgreSQL
// stores, so that a value read back equals the value written.
func (db *DB) now() time.Time {
	return db.opts.Now().UTC().Truncate(time.Microsecond)
}

// conn returns the GORM handle bound to ctx, for reads outside a
// transaction.
func (db *DB) conn(ctx context.Context) *gorm.DB { return db.gorm.WithContext(ctx) }

// tx runs fn in one transaction, committed when fn returns nil and rolled
// back otherwise. Errors come back mapped to domain codes.
func (db *DB) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return mapError(db.gorm.WithContext(ctx).Transaction(fn))
}

// sqlTx digs the *sql.Tx out of a GORM transaction so that River inserts
// its job rows in the same transaction as the write.
func sqlTx(tx *gorm.DB) (*sql.Tx, error) {
	switch p := tx.Statement.ConnPool.(type) {
	case *sql.Tx:
		return p, nil
	case *gorm.PreparedStmtTX:
		if t, ok := p.Tx.(*sql.Tx); ok {
			return t, nil
		}
	}
	return nil, errors.New("postgres: not inside a transaction")
}
