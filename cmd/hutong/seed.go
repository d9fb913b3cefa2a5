package main

import (
	"context"
	"flag"
	"fmt"

	"hutong/internal/config"
	"hutong/internal/demo"
	"hutong/postgres"
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
	history, closeHistory, err := demoHistory(ctx, p)
	if err != nil {
		return err
	}
	defer closeHistory()
	res, err := demo.Seed(ctx, demo.Services{Users: s.users, Auth: s.auth, Orgs: s.orgs, Members: s.members, Alliances: s.alliances, Regions: s.regions,
		Projects: s.projects, Calendar: s.calendar, Questions: s.questions, History: history,
		WishServices: &demo.WishServices{Programmes: postgres.NewProgrammeService(p.db), Children: postgres.NewChildService(p.db),
			Wishes: postgres.NewWishService(p.db), Claims: s.claims, OfflineGifts: s.offlineGifts, Matching: s.matching}})
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	fmt.Fprintf(env.Stdout, "Demo data ready at %s\n", p.cfg.BaseURL)
	return res.Print(env.Stdout)
}

// demoHistory opens a second handle on the database whose clock the demo
// moves, so that the past tenders of the demo go through the same
// services, rules and audit at the moments they happened in the story.
func demoHistory(ctx context.Context, p *platform) (*demo.History, func(), error) {
	clock := &demo.Clock{}
	db, err := postgres.Open(ctx, p.dsn, postgres.Options{SecretKey: []byte(p.cfg.SecretKey), Logger: p.log,
		OCDSPrefix: p.cfg.OCDSPrefix, Now: clock.Now, MaxOpenConns: 2})
	if err != nil {
		return nil, nil, fmt.Errorf("open the database for the demo history: %w", err)
	}
	h := &demo.History{Clock: clock, Projects: postgres.NewProjectService(db), Bids: postgres.NewBidService(db),
		Evaluations: postgres.NewEvaluationService(db), Awards: postgres.NewAwardService(db), Contracts: postgres.NewContractService(db)}
	return h, func() { _ = db.Close() }, nil
}
