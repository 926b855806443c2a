package main

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/sqlstore"
)

func cmdMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("migrate", e)
	var sf storeFlags
	sf.register(fs)
	if err := parseFlags(fs, args); err != nil {
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
	if err := parseFlags(fs, args); err != nil {
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
	ttlText := fs.String("ttl", "90d", "how long the token lives: days (90d) or a Go duration (36h)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *username == "" {
		return onetrip.Invalid("cli.missing_flag", "user")
	}
	ttl, err := parseTTL(*ttlText)
	if err != nil {
		return err
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
	tok, _, err := s.IssueToken(ctx, u.ID, *name, ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, tok)
	return nil
}

// parseTTL reads a token lifetime: whole days ("90d") or a Go duration
// ("36h"), between one minute and ten years.
func parseTTL(v string) (time.Duration, error) {
	var d time.Duration
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, onetrip.Invalid("cli.ttl", v)
		}
		d = time.Duration(days) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			return 0, onetrip.Invalid("cli.ttl", v)
		}
	}
	if d < time.Minute || d > 10*365*24*time.Hour {
		return 0, onetrip.Invalid("cli.ttl", v)
	}
	return d, nil
}

func init() {
	onetrip.Register(onetrip.Messages{
		"cli.ttl": {"--ttl 应为天数（如 90d）或时长（如 36h），在 1 分钟到 10 年之间，实为 %q", "--ttl must be days (90d) or a duration (36h) between a minute and ten years, got %q"},
	})
}
