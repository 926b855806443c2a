package couriersim

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

var keyRE = regexp.MustCompile(`^(courier|couriersim|err)\.[a-z_.]+[a-z]$`)

var verbRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestMessageKeys checks that every key the sim emits is registered, zh-CN
// first, with the same verbs in both languages.
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
				s, _ := strconv.Unquote(lit.Value)
				if keyRE.MatchString(s) {
					used[s] = true
				}
			}
			return true
		})
	}
	if len(used) < 5 {
		t.Fatalf("only %d keys found: the scan is broken", len(used))
	}
	han := regexp.MustCompile(`\p{Han}`)
	for k := range used {
		m, ok := onetrip.Lookup(k)
		if !ok {
			t.Errorf("key %s is not registered", k)
			continue
		}
		if !han.MatchString(m.ZH()) || han.MatchString(m.EN()) {
			t.Errorf("key %s: zh-CN first, then English: %q", k, m)
		}
		if !slices.Equal(verbRE.FindAllString(m.ZH(), -1), verbRE.FindAllString(m.EN(), -1)) {
			t.Errorf("key %s: verbs differ", k)
		}
	}
	for _, k := range onetrip.Keys() {
		if strings.HasPrefix(k, "couriersim.") && !used[k] {
			t.Errorf("key %s is registered but never used", k)
		}
	}
}
