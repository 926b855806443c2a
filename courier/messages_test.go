package courier

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"onetrip"
)

var verbRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestMessageKeys checks that every key the package can emit is registered,
// zh-CN first (it has Chinese), with the same verbs in both languages.
func TestMessageKeys(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	used := map[string]bool{}
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
				if s, err := strconv.Unquote(lit.Value); err == nil && strings.HasPrefix(s, "courier.") && !strings.HasSuffix(s, ".") {
					used[s] = true
				}
			}
			return true
		})
	}
	for _, s := range Statuses {
		used["courier.status."+s] = true
	}
	for _, z := range Zones {
		used["courier.zone."+string(z)] = true
	}
	for _, p := range Payers {
		used["courier.payer."+string(p)] = true
	}
	used["err.too_long"] = true
	if len(used) < 50 {
		t.Fatalf("only %d keys found: the scan is broken", len(used))
	}
	han := regexp.MustCompile(`\p{Han}`)
	for k := range used {
		m, ok := onetrip.Lookup(k)
		if !ok {
			t.Errorf("key %s is not registered", k)
			continue
		}
		if !han.MatchString(m.ZH()) || m.EN() == "" || han.MatchString(m.EN()) {
			t.Errorf("key %s: zh-CN first, then English: %q", k, m)
		}
		if zh, en := verbRE.FindAllString(m.ZH(), -1), verbRE.FindAllString(m.EN(), -1); !slices.Equal(zh, en) {
			t.Errorf("key %s: verbs %v vs %v", k, zh, en)
		}
	}
	for _, k := range onetrip.Keys() {
		if strings.HasPrefix(k, "courier.") && !used[k] {
			t.Errorf("key %s is registered but never used", k)
		}
	}
}
