package main

import (
	"context"
	"flag"
	"fmt"

	"hutong/internal/config"
	"hutong/internal/demo"
)

func seedCommand() *command {
	var withDemo *bool
	return &command{
		name:  "seed",
		usage: "seed --demo",
		help: "Create demo data: organisations and people from the seed documents, verified, with an alliance.\n\n" +
			"Idempotent: running it again changes nothing. Prints the demo sign-ins.",
		flags: func(fs *flag.FlagSet) {
			withDemo = fs.Bool("demo", false, "create the demo data set (required)")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, _ *flag.FlagSet, args []string) error {
			if !*withDemo || len(args) > 0 {
				return errUsage
			}
			p, err := openPlatform(ctx, cfg, newLogger(env, cfg), true)
			if err != nil {
				return err
			}
			defer p.Close()
			return seedDemo(ctx, env, p)
		},
	}
}

// seedDemo creates the demo data and prints how to sign in.
func seedDemo(ctx context.Context, env Env, p *platform) error {
	s := p.svc
	res, err := demo.Seed(ctx, demo.Services{Users: s.users, Auth: s.auth, Orgs: s.orgs, Members: s.members, Alliances: s.alliances, Regions: s.regions,
		Projects: s.projects, Calendar: s.calendar, Questions: s.questions})
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	fmt.Fprintf(env.Stdout, "Demo data ready at %s\n", p.cfg.BaseURL)
	return res.Print(env.Stdout)
}
