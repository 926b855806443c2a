package intake

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

// TestMessageKeys checks that every key the package can emit is registered
// in both languages with the same verbs, and that no registered key is
// unused. Keys are the "intake.…" literals of the source plus the keys built
// from the enumerations.
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
				if s, err := strconv.Unquote(lit.Value); err == nil && strings.HasPrefix(s, "intake.") && !strings.HasSuffix(s, ".") {
					used[s] = true
				}
			}
			return true
		})
	}
	for _, s := range Statuses {
		used[s.Key()] = true
	}
	for _, p := range TripPurposes {
		used[p.Key()] = true
	}
	for _, o := range TripOutcomes {
		used[o.Key()] = true
	}
	for _, rel := range CollectorRelations {
		used[RelationKey(rel)] = true
	}
	for _, w := range []string{"voluntary", "after_acceptance", "accepted", "refused", "later_notice", "caused_by_later_notice", "first_notice", "before_complete"} {
		used["intake.trip.why."+w] = true
	}
	shape := regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)
	for k := range used {
		if !shape.MatchString(k) {
			t.Errorf("key %s does not have the project's shape", k)
		}
		if _, ok := onetrip.Lookup(k); !ok {
			t.Errorf("key %s is used but not registered", k)
		}
	}
	for _, k := range onetrip.Keys() {
		if !strings.HasPrefix(k, "intake.") {
			continue
		}
		m, _ := onetrip.Lookup(k)
		norm := func(s string) string { return strings.Join(verbRE.FindAllString(s, -1), " ") }
		if zh, en := norm(m.ZH()), norm(m.EN()); zh != en || strings.TrimSpace(m.ZH()) == "" || strings.TrimSpace(m.EN()) == "" {
			t.Errorf("%s: verbs differ: %v vs %v", k, zh, en)
		}
		if !used[k] {
			t.Errorf("key %s is registered but never used", k)
		}
	}
}
