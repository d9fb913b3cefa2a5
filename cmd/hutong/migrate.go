package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"

	"hutong/internal/config"
	"hutong/postgres"
)

func migrateCommand() *command {
	return &command{
		name:  "migrate",
		usage: "migrate up|down|status",
		help: "Apply, reverse or list database migrations (Hutong's and River's).\n\n" +
			"  up      apply every pending migration\n" +
			"  down    reverse every migration, leaving an empty schema (destroys data)\n" +
			"  status  list migrations and whether each is applied; exits 1 when any is pending",
		run: runMigrate,
	}
}

func runMigrate(ctx context.Context, env Env, cfg *config.Config, _ *flag.FlagSet, args []string) error {
	if len(args) != 1 {
		return errUsage
	}
	p, err := openCluster(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer p.Close()
	db, err := sql.Open("pgx", p.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	switch args[0] {
	case "up":
		if err := postgres.MigrateUp(ctx, db); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "migrations applied")
	case "down":
		if err := postgres.MigrateDown(ctx, db); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "every migration reversed")
	case "status":
		pending, err := postgres.MigrationStatus(ctx, db, env.Stdout)
		if err != nil {
			return err
		}
		if pending > 0 {
			return fmt.Errorf("%d migrations pending", pending)
		}
	default:
		return errUsage
	}
	return nil
}

// openCluster finds the database without touching its schema: the
// external DATABASE_URL, or the embedded cluster started for the command.
func openCluster(ctx context.Context, env Env, cfg *config.Config) (*platform, error) {
	p := &platform{cfg: cfg, log: newLogger(env, cfg), dsn: cfg.DatabaseURL}
	if !cfg.Embedded() {
		return p, nil
	}
	if err := cfg.EnsureSecretKey(); err != nil {
		return nil, err
	}
	c, err := startEmbedded(ctx, cfg, p.log)
	if err != nil {
		return nil, err
	}
	p.cluster, p.dsn = c, c.DSN("hutong")
	return p, nil
}
