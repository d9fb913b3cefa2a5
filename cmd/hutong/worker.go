package main

import (
	"context"
	"flag"

	"hutong/internal/config"
)

func workerCommand() *command {
	var migrate *bool
	return &command{
		name:  "worker",
		usage: "worker [--migrate]",
		help: "Run only the background workers (search sync, mail, deadlines), for instances that serve no pages.\n\n" +
			"Any number of workers may run against one database; each job is worked once.",
		flags: func(fs *flag.FlagSet) {
			migrate = fs.Bool("migrate", false, "apply pending migrations to the external DATABASE_URL first")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, _ *flag.FlagSet, args []string) error {
			if len(args) > 0 {
				return errUsage
			}
			p, err := openPlatform(ctx, cfg, newLogger(env, cfg), *migrate)
			if err != nil {
				return err
			}
			p.ownsCluster = true
			defer p.Close()
			if err := p.openSearch(ctx); err != nil {
				return err
			}
			client, pool, err := startJobs(ctx, p, true)
			if err != nil {
				return err
			}
			defer pool.Close()
			defer stopJobs(client, true, p.log)
			p.log.Info("workers running")
			<-ctx.Done()
			return nil
		},
	}
}
