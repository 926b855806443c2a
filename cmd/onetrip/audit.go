package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"onetrip"
	"onetrip/sqlstore"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"cli.audit.problems": {"审计发现 %d 处问题", "the audit found %d problem(s)"},
		"cli.audit.since":    {"--since 应为日期 YYYY-MM-DD，实为 %q", "--since must be a date YYYY-MM-DD, got %q"},
	})
}

// cmdAuditVerify checks the whole database: every case's log against its
// row, the signed checkpoints against the logs, every licence against its
// signed document and seal. A progress bar on standard error, a summary
// on standard output; exit status 1 when anything is wrong.
func cmdAuditVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("audit verify", e)
	var sf storeFlags
	sf.register(fs)
	since := fs.String("since", "", "check only cases changed on or after this date (checkpoints and licences are checked whole)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var from time.Time
	if *since != "" {
		d, err := time.ParseInLocation(time.DateOnly, *since, onetrip.China)
		if err != nil {
			return onetrip.Invalid("cli.audit.since", *since)
		}
		from = d
	}
	s, err := openStore(ctx, e, sf)
	if err != nil {
		return err
	}
	defer s.Close()
	bar := &progressBar{w: e.stderr}
	rep, err := s.Audit(ctx, from, bar.update)
	bar.done()
	if err != nil {
		return err
	}
	printAudit(e.stdout, rep)
	if rep.ProblemCount > 0 {
		return onetrip.Conflict("cli.audit.problems", rep.ProblemCount)
	}
	return nil
}

// cmdAuditCheckpoint writes a signed checkpoint now (the server's job does
// it every hour).
func cmdAuditCheckpoint(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("audit checkpoint", e)
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
	cp, err := s.Checkpoint(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "checkpoint %d: %d cases, %d events, root %s\n", cp.Seq, cp.Cases, cp.Events, cp.Root)
	return nil
}

func printAudit(w io.Writer, r sqlstore.AuditReport) {
	fmt.Fprintf(w, "审计 audit %s: %d 个办件 cases, %d 条事件 events, %d 个证照 licences, %d 个检查点 checkpoints in %s\n",
		r.ID, r.Cases, r.Events, r.Licences, r.Checkpoints, r.FinishedAt.Sub(r.StartedAt).Round(time.Millisecond))
	if r.ProblemCount == 0 {
		fmt.Fprintln(w, "未发现问题 no problems found")
		return
	}
	fmt.Fprintf(w, "发现 %d 处问题 problems:\n", r.ProblemCount)
	for _, p := range r.Problems {
		field := ""
		if p.Field != "" {
			field = " [" + p.Field + "]"
		}
		fmt.Fprintf(w, "  %-10s %s%s: %s\n", p.Kind, p.Subject, field, p.Message)
	}
	if n := r.ProblemCount - len(r.Problems); n > 0 {
		fmt.Fprintf(w, "  … and %d more\n", n)
	}
}

// progressBar draws "stage [#####     ] done/total" on one line of a
// terminal (standard error), redrawn in place.
type progressBar struct {
	w     io.Writer
	stage string
	drawn bool
}

func (b *progressBar) update(stage string, done, total int) {
	if total <= 0 {
		return
	}
	if stage != b.stage && b.drawn {
		fmt.Fprintln(b.w) // the finished stage keeps its line
	}
	const width = 30
	n := min(width, done*width/total)
	fmt.Fprintf(b.w, "\r%-9s [%s%s] %d/%d", stage, strings.Repeat("#", n), strings.Repeat(" ", width-n), done, total)
	b.drawn, b.stage = true, stage
}

func (b *progressBar) done() {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}
