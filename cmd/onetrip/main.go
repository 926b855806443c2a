// Command onetrip is the one binary of the platform: the server and the
// administrative commands of the DESIGN contract.
//
//	onetrip serve [--addr 127.0.0.1:8080] [--data ./onetrip-data] [--db DSN] [--demo]
//	onetrip migrate
//	onetrip user add --username U --role R [--region CODE] [--department ID] [--center ID] [--password-stdin]
//	onetrip token issue --user U
//	onetrip import catalog FILE
//	onetrip export catalog [--format json|xlsx] [--out FILE]
//	onetrip verify FILE
//	onetrip audit verify [--since DATE]
//	onetrip audit checkpoint
//	onetrip backup --out FILE    onetrip restore --in FILE
//	onetrip openapi
//
// Every command takes --data and --db (or ONETRIP_DB).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"onetrip"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// command is one subcommand.
type command struct {
	name  string
	usage string
	run   func(ctx context.Context, env *env, args []string) error
}

// env is what every command gets.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
}

var commands = []command{
	{"serve", "run the server (--demo loads the demo data set into an empty database)", cmdServe},
	{"migrate", "apply pending database migrations and exit", cmdMigrate},
	{"user add", "create an account (--password-stdin reads the password from standard input)", cmdUserAdd},
	{"token issue", "print a new API bearer token for a user", cmdTokenIssue},
	{"import catalog", "import a catalogue file (JSON or .xlsx); any problem rejects it whole", cmdImportCatalog},
	{"export catalog", "write the published catalogue (--format json|xlsx, --out FILE)", cmdExportCatalog},
	{"verify", "check an exported licence file offline (signature, identifier, expiry; no database)", cmdVerify},
	{"audit verify", "check the whole database: case logs, checkpoints, licences (--since DATE); exit 1 on any problem", cmdAuditVerify},
	{"audit checkpoint", "write a signed checkpoint of every case's log now", cmdAuditCheckpoint},
	{"backup", "write a consistent online backup of the embedded database and uploads (--out FILE.tar.gz)", cmdBackup},
	{"archive run", "archive every closed case whose quiet period is over now, as the job does (--quiet-days 0: every closed case)", cmdArchiveRun},
	{"archive trim", "remove from the upload store the files of archived cases that their packages hold (downloads then read the packages)", cmdArchiveTrim},
	{"archive check", "run the 四性检测 on an archive package file with no database (--key PEM: the seal to trust); exit 1 on any problem", cmdArchiveCheck},
	{"qa eval", "print top-1 and top-3 accuracy of question answering on a JSON-lines file of {\"q\", \"expect\"} (--builtin: the built-in catalogue, no database)", cmdQAEval},
	{"openapi", "print the API's OpenAPI 3.1 document (no database needed)", cmdOpenAPI},
	{"restore", "restore a backup into an empty --data directory (--in FILE.tar.gz)", cmdRestore},
	{"provider-sim", "run the simulator of a provider department's system over the built-in registries (--platform URL, drills --delay, --fail-every, --hang)", cmdProviderSim},
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			err := c.run(ctx, e, args[len(words):])
			if err == nil {
				return 0
			}
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			var oe *onetrip.Error
			if errors.As(err, &oe) && oe.Code != onetrip.CodeInternal {
				fmt.Fprintln(stderr, "onetrip:", onetrip.Render(cliLang(), oe.Key, oe.Args...))
				for _, d := range oe.Details {
					fmt.Fprintf(stderr, "  %s: %s\n", d.Path, onetrip.Render(cliLang(), d.Key, d.Args...))
				}
			} else {
				fmt.Fprintln(stderr, "onetrip:", err)
			}
			return 1
		}
	}
	fmt.Fprintf(stderr, "onetrip: unknown command %q\n\n", strings.Join(args, " "))
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "onetrip — one-window government service platform (最多跑一次)")
	fmt.Fprintln(w, "\nUsage: onetrip COMMAND [flags]   (every command takes --data DIR and --db DSN; ONETRIP_DB may give the DSN)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.usage)
	}
}

// storeFlags are the flags every command shares.
type storeFlags struct {
	data string
	db   string
}

func (f *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.data, "data", "./onetrip-data", "directory of the embedded database, blobs and keys")
	fs.StringVar(&f.db, "db", "", "PostgreSQL DSN (postgres://…); default: ONETRIP_DB, else the embedded SQLite in --data")
}

func (f *storeFlags) dsn() string {
	if f.db != "" {
		return f.db
	}
	return os.Getenv("ONETRIP_DB")
}

func newFlagSet(name string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet("onetrip "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseFlags parses flags wherever they stand among the arguments, as
// people type them (onetrip import catalog FILE --data DIR); after "--"
// everything is an argument. fs.Args() are the arguments in order.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
	return fs.Parse(append([]string{"--"}, positional...))
}
