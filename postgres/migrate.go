package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"io"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"

	"hutong/migrations"
)

// The schema has two owners: Hutong's own goose migrations (embedded from
// migrations/) and River's, which the River library ships. Both move
// together: up applies River's then Hutong's, down removes Hutong's then
// River's.

func gooseProvider(db *sql.DB) (*goose.Provider, error) {
	// A session lock keeps two instances starting at once from applying
	// the same migration twice.
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectPostgres, db, migrations.FS,
		goose.WithSessionLocker(locker), goose.WithDisableGlobalRegistry(true))
}

func riverMigrator(db *sql.DB) (*rivermigrate.Migrator[*sql.Tx], error) {
	return rivermigrate.New(riverdatabasesql.New(db), nil)
}

// MigrateUp applies every pending migration, River's and Hutong's.
func MigrateUp(ctx context.Context, db *sql.DB) error {
	rm, err := riverMigrator(db)
	if err != nil {
		return err
	}
	if _, err := rm.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	p, err := gooseProvider(db)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("hutong migrations: %w", err)
	}
	return nil
}

// MigrateDown removes every migration, Hutong's and then River's, leaving
// an empty schema. It is for development and for the test that proves
// every migration reverses.
func MigrateDown(ctx context.Context, db *sql.DB) error {
	p, err := gooseProvider(db)
	if err != nil {
		return err
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		return fmt.Errorf("hutong migrations: %w", err)
	}
	rm, err := riverMigrator(db)
	if err != nil {
		return err
	}
	if _, err := rm.Migrate(ctx, rivermigrate.DirectionDown, &rivermigrate.MigrateOpts{TargetVersion: -1}); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	return nil
}

// MigrationStatus writes one line per migration to w and returns how many
// are pending. serve refuses an external database with pending ones.
func MigrationStatus(ctx context.Context, db *sql.DB, w io.Writer) (int, error) {
	pending := 0
	rm, err := riverMigrator(db)
	if err != nil {
		return 0, err
	}
	res, err := rm.Validate(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("river migrations: %w", err)
	}
	if res.OK {
		fmt.Fprintln(w, "river      applied")
	} else {
		pending++
		for _, m := range res.Messages {
			fmt.Fprintln(w, "river      pending:", m)
		}
	}
	p, err := gooseProvider(db)
	if err != nil {
		return 0, err
	}
	statuses, err := p.Status(ctx)
	if err != nil {
		return 0, fmt.Errorf("hutong migrations: %w", err)
	}
	for _, s := range statuses {
		state := "pending"
		if s.State == goose.StateApplied {
			state = "applied " + s.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
		} else {
			pending++
		}
		fmt.Fprintf(w, "%-10s %s\n", state, s.Source.Path)
	}
	return pending, nil
}
