package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"

	"hutong/domain"
	"hutong/internal/config"
)

func adminCommand() *command {
	var email, phone, name *string
	return &command{
		name:  "admin",
		usage: "admin create (--email ADDRESS | --phone NUMBER) --name NAME",
		help: "Create a platform administrator, who verifies organisations.\n\n" +
			"The password is read from the first line of standard input, so that it stays out of the shell\n" +
			"history. An existing account with that login is made an administrator.",
		flags: func(fs *flag.FlagSet) {
			email = fs.String("email", "", "the administrator's email address")
			phone = fs.String("phone", "", "the administrator's mainland mobile number")
			name = fs.String("name", "平台管理员", "the display name")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, _ *flag.FlagSet, args []string) error {
			if len(args) != 1 || args[0] != "create" || (*email == "" && *phone == "") {
				return errUsage
			}
			fmt.Fprintln(env.Stderr, "password (at least 10 characters):")
			line, err := bufio.NewReader(env.Stdin).ReadString('\n')
			if err != nil && line == "" {
				return fmt.Errorf("read the password from standard input: %w", err)
			}
			p, err := openPlatform(ctx, cfg, newLogger(env, cfg), false)
			if err != nil {
				return err
			}
			defer p.Close()
			in := domain.RegisterInput{Email: *email, Phone: *phone, DisplayName: *name, Password: strings.TrimRight(line, "\r\n")}
			u, err := p.svc.users.CreatePlatformAdmin(ctx, in)
			if e := domain.AsError(err); e != nil && len(e.Fields) > 0 {
				return fmt.Errorf("%s: %s", e.Fields[0].Field, e.Fields[0].Message)
			} else if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "platform administrator %s (%s) ready\n", u.DisplayName, u.ID)
			return nil
		},
	}
}
