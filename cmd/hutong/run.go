package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"hutong/internal/config"
)

// Env is what a run of the program sees of the outside world; tests pass
// their own.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Ready, when set, receives the address serve listens on once it
	// accepts requests.
	Ready chan<- string
}

// command is one subcommand: its flags, its help and what it does.
type command struct {
	name, usage, help string
	run               func(ctx context.Context, env Env, cfg *config.Config, fs *flag.FlagSet, args []string) error
	flags             func(fs *flag.FlagSet)
}

func commands() []*command {
	return []*command{serveCommand(), workerCommand(), migrateCommand(), seedCommand(), reindexCommand(), searchCommand(), auditCommand(), adminCommand(), ledgerCommand()}
}

const usage = `hutong: the 护童 child-protection service platform.

Usage:
  hutong <command> [flags]

Commands:
%s
Configuration comes from the environment (see the README). Run
"hutong <command> --help" for a command's flags.
`

// errUsage marks an error the user fixes by reading the help.
var errUsage = errors.New("usage")

// Run runs the command named by args[0] and returns the exit status.
func Run(ctx context.Context, args []string, env Env) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(env.Stdout, cmds)
		return map[bool]int{true: 2, false: 0}[len(args) == 0]
	}
	var cmd *command
	for _, c := range cmds {
		if c.name == args[0] {
			cmd = c
		}
	}
	if cmd == nil {
		fmt.Fprintf(env.Stderr, "hutong: unknown command %q\n\n", args[0])
		printUsage(env.Stderr, cmds)
		return 2
	}
	fs := flag.NewFlagSet("hutong "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: hutong %s\n\n%s\n", cmd.usage, cmd.help)
		fs.PrintDefaults()
	}
	if cmd.flags != nil {
		cmd.flags(fs)
	}
	if err := fs.Parse(args[1:]); errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(env.Stdout)
		fs.Usage()
		return 0
	} else if err != nil {
		return 2
	}
	cfg, err := config.FromEnv(env.Getenv)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hutong: configuration:\n  %s\n", strings.ReplaceAll(err.Error(), "\n", "\n  "))
		return 2
	}
	if err := cmd.run(ctx, env, cfg, fs, fs.Args()); errors.Is(err, errUsage) {
		fs.Usage()
		return 2
	} else if err != nil {
		fmt.Fprintf(env.Stderr, "hutong %s: %v\n", cmd.name, err)
		return 1
	}
	return 0
}

func printUsage(w io.Writer, cmds []*command) {
	var b strings.Builder
	for _, c := range cmds {
		fmt.Fprintf(&b, "  %-16s %s\n", c.name, strings.SplitN(c.help, "\n", 2)[0])
	}
	fmt.Fprintf(w, usage, b.String())
}

// newLogger writes JSON lines to stderr at the configured level.
func newLogger(env Env, cfg *config.Config) *slog.Logger {
	return slog.New(slog.NewJSONHandler(env.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
}
