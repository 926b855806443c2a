package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"onetrip"
	"onetrip/sqlstore"
)

func cmdMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("migrate", e)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := openStore(ctx, e, sf)
	if err != nil {
		return err
	}
	defer s.Close()
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "schema version %d (%s)\n", v, s.Engine())
	return nil
}

func init() {
	onetrip.Register(onetrip.Messages{
		"cli.password_stdin": {"请用 --password-stdin 从标准输入提供密码", "give the password on standard input with --password-stdin"},
		"cli.missing_flag":   {"缺少参数 --%s", "missing flag --%s"},
	})
}

func cmdUserAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("user add", e)
	var sf storeFlags
	sf.register(fs)
	var nu sqlstore.NewUser
	var role string
	fs.StringVar(&nu.Username, "username", "", "login name")
	fs.StringVar(&nu.Name, "name", "", "display name (default: the username)")
	fs.StringVar(&role, "role", "", "applicant, agent, clerk, reviewer, supervisor, admin or system")
	fs.StringVar(&nu.Region, "region", "", "region code of the scope, e.g. 330802")
	fs.StringVar(&nu.Department, "department", "", "department id for reviewers and systems, e.g. 330802-market")
	fs.StringVar(&nu.Center, "center", "", "service centre id for clerks and agents, e.g. 330802-center")
	fs.StringVar(&nu.IDNumber, "id-number", "", "an applicant's citizen ID or USCC")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if nu.Username == "" {
		return onetrip.Invalid("cli.missing_flag", "username")
	}
	if role == "" {
		return onetrip.Invalid("cli.missing_flag", "role")
	}
	nu.Role = onetrip.Role(role)
	if !*pwStdin {
		return onetrip.Invalid("cli.password_stdin")
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return onetrip.Invalid("cli.password_stdin")
	}
	nu.Password = strings.TrimRight(line, "\r\n")
	s, err := openStore(ctx, e, sf)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.CreateUser(ctx, nu)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "created user %s (%s) id %s\n", u.Username, u.Role, u.ID)
	return nil
}

func cmdTokenIssue(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("token issue", e)
	var sf storeFlags
	sf.register(fs)
	username := fs.String("user", "", "username")
	name := fs.String("name", "cli", "a label for the token")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" {
		return onetrip.Invalid("cli.missing_flag", "user")
	}
	s, err := openStore(ctx, e, sf)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.UserByName(ctx, *username)
	if err != nil {
		return err
	}
	tok, _, err := s.IssueToken(ctx, u.ID, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, tok)
	return nil
}
