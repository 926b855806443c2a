package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQAEval: the evaluation prints top-1 and top-3 against the built-in
// catalogue without a database, lists the misses, and refuses a malformed
// file or a database without a catalogue with a clear message.
func TestQAEval(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	ctx := context.Background()
	dir := t.TempDir()
	set := filepath.Join(dir, "set.jsonl")
	os.WriteFile(set, []byte(`{"q": "开面馆要办什么证", "expect": ["B-RESTAURANT"]}

{"q": "换身份证多少钱", "expect": ["330-GAJG-005"]}
{"q": "火星移民", "expect": ["330-GAJG-006"]}
`), 0o644)
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"qa", "eval", "--builtin", set}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "3 questions: top-1 66.7% (2), top-3 66.7% (2)") || !strings.Contains(out.String(), "miss") ||
		!strings.Contains(out.String(), "火星移民") || strings.Contains(out.String(), "开面馆") {
		t.Fatalf("output:\n%s", out.String())
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"q": "x", "expect": ["B-RESTAURANT"]}`+"\n"+`{"q": "y"}`+"\n"), 0o644)
	out.Reset()
	errb.Reset()
	if code := run(ctx, []string{"qa", "eval", "--builtin", bad}, nil, &out, &errb); code != 1 || !strings.Contains(errb.String(), "line 2") {
		t.Fatalf("malformed: exit %d %q", code, errb.String())
	}
	errb.Reset()
	empty := filepath.Join(dir, "data")
	os.Mkdir(empty, 0o755)
	if code := run(ctx, []string{"qa", "eval", "--data", empty, set}, nil, &out, &errb); code != 1 || !strings.Contains(errb.String(), "--builtin") {
		t.Fatalf("no catalogue: exit %d %q", code, errb.String())
	}
}
