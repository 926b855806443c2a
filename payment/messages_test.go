package payment

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"onetrip"
)

var verbRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestMessageKeys checks that every key the package uses is registered in
// both languages with the same verbs, and that no registered key is dead.
func TestMessageKeys(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	used := map[string]bool{}
	for _, s := range Statuses {
		used["payment.status."+s] = true
	}
	for _, c := range Channels {
		used["payment.channel."+c] = true
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "messages.go" {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && strings.HasPrefix(s, "payment.") && !strings.HasSuffix(s, ".") {
					used[s] = true
				}
			}
			return true
		})
	}
	if len(used) < 30 {
		t.Fatalf("only %d keys found: the scan is broken", len(used))
	}
	for k := range used {
		if _, ok := onetrip.Lookup(k); !ok {
			t.Errorf("key %s is used but not registered", k)
		}
	}
	norm := func(s string) string {
		return strings.ReplaceAll(strings.Join(verbRE.FindAllString(s, -1), " "), "%q", "%s")
	}
	for _, k := range onetrip.Keys() {
		if !strings.HasPrefix(k, "payment.") {
			continue
		}
		m, _ := onetrip.Lookup(k)
		if norm(m.ZH()) != norm(m.EN()) {
			t.Errorf("%s: verbs differ: %q vs %q", k, m.ZH(), m.EN())
		}
		if !used[k] {
			t.Errorf("key %s is registered but never used", k)
		}
	}
	if StatusLabel(StatusWaived, onetrip.LangZH) != "已减免" || ChannelLabel(ChannelAlipay, onetrip.LangEN) != "Alipay" || ChannelLabel("x", onetrip.LangEN) != "x" {
		t.Error("labels")
	}
}
