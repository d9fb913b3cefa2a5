package main

import (
	"context"
	"flag"
	"fmt"

	"hutong/internal/config"
)

func auditCommand() *command {
	return &command{
		name:  "audit",
		usage: "audit verify",
		help: "Check the hash chain of the audit log.\n\n" +
			"Exits 1 and names the first broken entry when any entry was altered or removed.",
		run: func(ctx context.Context, env Env, cfg *config.Config, _ *flag.FlagSet, args []string) error {
			if len(args) != 1 || args[0] != "verify" {
				return errUsage
			}
			p, err := openPlatform(ctx, cfg, newLogger(env, cfg), false)
			if err != nil {
				return err
			}
			defer p.Close()
			brk, n, err := p.svc.audit.VerifyAudit(ctx)
			if err != nil {
				return err
			}
			if brk != nil {
				return fmt.Errorf("audit log broken at entry %d: %s (%d entries checked)", brk.Seq, brk.Reason, n)
			}
			fmt.Fprintf(env.Stdout, "audit log intact: %d entries\n", n)
			return nil
		},
	}
}
