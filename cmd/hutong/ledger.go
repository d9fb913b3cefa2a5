package main

import (
	"context"
	"flag"
	"fmt"

	"hutong/internal/config"
	"hutong/postgres"
)

func ledgerCommand() *command {
	return &command{
		name:  "ledger",
		usage: "ledger verify",
		help: "Check the micro-wish ledger: every wish's funded amount and every programme's raised\n" +
			"amount must equal the sum of its ledger entries.\n\n" +
			"Exits 1 and names each wish or programme whose total differs.",
		run: func(ctx context.Context, env Env, cfg *config.Config, _ *flag.FlagSet, args []string) error {
			if len(args) != 1 || args[0] != "verify" {
				return errUsage
			}
			p, err := openPlatform(ctx, cfg, newLogger(env, cfg), false)
			if err != nil {
				return err
			}
			defer p.Close()
			bad, err := postgres.VerifyLedger(ctx, p.db)
			if err != nil {
				return err
			}
			for _, m := range bad {
				fmt.Fprintln(env.Stderr, m.String())
			}
			if len(bad) > 0 {
				return fmt.Errorf("ledger mismatch: %d wishes or programmes differ from their entries", len(bad))
			}
			fmt.Fprintln(env.Stdout, "ledger consistent: every wish and programme equals the sum of its entries")
			return nil
		},
	}
}
