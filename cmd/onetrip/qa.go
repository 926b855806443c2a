package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"onetrip"
	"onetrip/qa"
)

func init() {
	onetrip.Register(onetrip.Messages{
		"cli.qa.source.db":      {"知识库：%s 数据库中已发布的目录、知识条目和同义词", "knowledge base: the published catalogue, entries and synonyms of the %s database"},
		"cli.qa.source.builtin": {"知识库：内置目录（%d 个事项、%d 个一件事）及其常见问题、默认同义词表（未使用数据库）", "knowledge base: the built-in catalogue (%d items, %d bundles) with its FAQ and the default synonym table (no database)"},
		"cli.qa.empty_catalog":  {"数据库中没有已发布的目录；先导入目录，或用 --builtin 对内置目录评测", "the database has no published catalogue; import one, or use --builtin to evaluate against the built-in catalogue"},
		"cli.qa.miss":           {"未命中", "miss"},
		"cli.qa.rank":           {"第 %d 位", "rank %d"},
		"cli.qa.row":            {"%-8s %s  应为 %s  实得 %s", "%-8s %s  expect %s  got %s"},
		"cli.qa.result":         {"问题 %d 个：top-1 %s（%d 个），top-3 %s（%d 个）", "%d questions: top-1 %s (%d), top-3 %s (%d)"},
	})
}

// cmdQAEval asks every question of a JSON-lines file ({"q", "expect"}) and
// prints top-1 and top-3 accuracy, with each question not answered first.
// It reads the database of --data/--db when there is one (what the site
// answers today), otherwise — or with --builtin — the built-in catalogue.
func cmdQAEval(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("qa eval", e)
	var sf storeFlags
	sf.register(fs)
	builtin := fs.Bool("builtin", false, "evaluate against the built-in catalogue and default synonyms, without a database")
	verbose := fs.Bool("v", false, "list every question, not only those missed")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return onetrip.Invalid("cli.args", "onetrip qa eval FILE.jsonl")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return onetrip.Invalid("cli.read_file", fs.Arg(0))
	}
	defer f.Close()
	set, err := qa.ReadEvalSet(f)
	if err != nil {
		return err
	}
	lang := cliLang()
	var src qa.Source
	if _, statErr := os.Stat(sf.data); !*builtin && (sf.dsn() != "" || statErr == nil) {
		s, err := openStore(ctx, e, sf)
		if err != nil {
			return err
		}
		defer s.Close()
		c, err := s.Catalog(ctx)
		if err != nil {
			return err
		}
		if len(c.Items) == 0 {
			return onetrip.Invalid("cli.qa.empty_catalog")
		}
		fmt.Fprintln(e.stdout, onetrip.Render(lang, "cli.qa.source.db", s.Engine()))
		src = s.QA()
	} else {
		b, err := qa.BuiltinSource()
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, onetrip.Render(lang, "cli.qa.source.builtin", len(b.Corpus.Items), len(b.Corpus.Bundles)))
		src = b
	}
	rep, err := qa.Eval(ctx, qa.NewEngine(src), set)
	if err != nil {
		return err
	}
	for _, r := range rep.Rows {
		if r.Rank == 1 && !*verbose {
			continue
		}
		mark := onetrip.Render(lang, "cli.qa.miss")
		if r.Rank > 0 {
			mark = onetrip.Render(lang, "cli.qa.rank", r.Rank)
		}
		fmt.Fprintln(e.stdout, "  "+onetrip.Render(lang, "cli.qa.row", mark, r.Q, strings.Join(r.Expect, ","), strings.Join(r.Got, ",")))
	}
	fmt.Fprintln(e.stdout, onetrip.Render(lang, "cli.qa.result", len(set), qa.Percent(rep.Top1), rep.Top1N, qa.Percent(rep.Top3), rep.Top3N))
	return nil
}
