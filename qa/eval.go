package qa

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"strconv"

	"onetrip"
)

// EvalCase is one line of an evaluation file: a question as a citizen
// typed it and the item or bundle codes that answer it.
type EvalCase struct {
	Q      string   `json:"q"`
	Expect []string `json:"expect"`
}

// ReadEvalSet reads a JSON-lines evaluation file; blank lines are skipped,
// a malformed line is an error naming it.
func ReadEvalSet(r io.Reader) ([]EvalCase, error) {
	var out []EvalCase
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var c EvalCase
		if err := json.Unmarshal(line, &c); err != nil || c.Q == "" || len(c.Expect) == 0 {
			return nil, onetrip.Invalid("qa.eval.line", n)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// EvalRow is how one question of an evaluation fared.
type EvalRow struct {
	EvalCase
	Got  []string // the services of the first three answers
	Rank int      // 1-based rank of the first right answer; 0 when none in the first three
}

// EvalReport is an evaluation's outcome: how many questions were right at
// the top and in the first three, and those as rates.
type EvalReport struct {
	Rows         []EvalRow
	Top1N, Top3N int
	Top1, Top3   float64
}

// Eval asks every question (as a citizen of no particular region) and
// counts an answer right when its service is one of the expected codes.
func Eval(ctx context.Context, e *Engine, set []EvalCase) (EvalReport, error) {
	var rep EvalReport
	for _, c := range set {
		res, err := e.Ask(ctx, Question{Text: c.Q, Lang: onetrip.LangZH, Limit: 3})
		if err != nil && !onetrip.HasCode(err, onetrip.CodeInvalid) {
			return rep, err
		}
		row := EvalRow{EvalCase: c}
		for i, a := range res.Answers {
			if !res.Answered {
				break
			}
			row.Got = append(row.Got, a.Service())
			if row.Rank == 0 && slices.Contains(c.Expect, a.Service()) {
				row.Rank = i + 1
			}
		}
		if row.Rank == 1 {
			rep.Top1N++
		}
		if row.Rank >= 1 {
			rep.Top3N++
		}
		rep.Rows = append(rep.Rows, row)
	}
	if n := len(set); n > 0 {
		rep.Top1, rep.Top3 = float64(rep.Top1N)/float64(n), float64(rep.Top3N)/float64(n)
	}
	return rep, nil
}

// Percent writes a rate as a percentage with one decimal.
func Percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }
