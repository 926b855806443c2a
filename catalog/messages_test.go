package catalog

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

// TestMessageKeys checks that every key the package can emit is registered in
// both languages with the same verbs. Keys are found in the source: literal
// "catalog.…" strings and the rules passed to findings.add.
func TestMessageKeys(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	used := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit: // literal keys
				if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING && strings.HasPrefix(s, "catalog.") &&
					strings.Count(s, ".") >= 1 && !strings.HasSuffix(s, ".") {
					used[s] = true
				}
			case *ast.CallExpr: // findings.add(path, rule, …): rule is "x", "check:x" or "xlsx:x"
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "add" || len(n.Args) < 2 {
					return true
				}
				if lit, ok := n.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					rule, _ := strconv.Unquote(lit.Value)
					ns, r, ok := strings.Cut(rule, ":")
					if !ok {
						ns, r = "lint", rule
					}
					used["catalog."+ns+"."+r] = true
				}
			}
			return true
		})
	}
	if len(used) < 60 {
		t.Fatalf("only %d keys found: the scan is broken", len(used))
	}
	shape := regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`) // the project's key shape
	for k := range used {
		if !shape.MatchString(k) {
			t.Errorf("key %s does not have the project's shape", k)
		}
		if _, ok := onetrip.Lookup(k); !ok {
			t.Errorf("key %s is used but not registered", k)
		}
	}
	for _, k := range onetrip.Keys() {
		if !strings.HasPrefix(k, "catalog.") {
			continue
		}
		m, _ := onetrip.Lookup(k)
		norm := func(s string) string {
			return strings.ReplaceAll(strings.Join(verbRE.FindAllString(s, -1), " "), "%q", "%s")
		}
		if zh, en := norm(m.ZH()), norm(m.EN()); zh != en || strings.TrimSpace(m.ZH()) == "" || strings.TrimSpace(m.EN()) == "" {
			t.Errorf("%s: verbs differ: %v vs %v", k, zh, en)
		}
		if !used[k] {
			t.Errorf("key %s is registered but never used", k)
		}
	}
}

// TestFindingArgs renders every finding of a badly broken catalogue: the
// number of arguments must match the message's verbs.
func TestFindingArgs(t *testing.T) {
	c := mustDemo(t)
	it := &c.Items[0]
	it.Code, it.Kind, it.Level, it.Window, it.Online, it.MaxVisits = "bad", "x", "x", "x", "x", 3
	it.Name, it.Conditions, it.LegalBasis = "", []string{"", "a\nb 其他材料"}, nil
	it.Materials[0] = MaterialSpec{ID: it.Materials[1].ID, Form: "x", Copies: -1, Source: "x"}
	it.Materials[1].Form = FormCopy
	it.Materials[2].Source = "shared:D-NOPE"
	it.PromisedDays, it.StatutoryDays, it.Fee = 5, -1, Fee{Yuan: 100}
	it.Delivery, it.Result = []Delivery{"x", "x"}, Result{Licence: "L-NOPE", Document: "等文件"}
	c.Items[1].Fee.Yuan = -1
	c.Items[1].Materials = nil
	c.Bundles[0].Steps[0].After = []string{"330-SCJG-005", "nope", "nope"}
	c.Bundles[1].LeadKind = "market"
	c.Bundles[2].LeadKind = "nope"
	c.Bundles[3].Steps = append(c.Bundles[3].Steps, Step{Item: "330-NOPE-001"}, c.Bundles[3].Steps[0])
	c.Bundles[4].PromisedDays = 0
	c.Bundles[5].Steps = nil
	c.Version = ""
	c.LicenceTypes[0].Code = "bad"
	c.DepartmentKinds = append(c.DepartmentKinds, DepartmentKind{Kind: "Bad"})
	err := Validate(c)
	e := onetrip.AsError(err)
	rulesSeen := map[string]bool{}
	for _, d := range e.Details {
		rulesSeen[d.Key] = true
		m, _ := onetrip.Lookup(d.Key)
		if n := len(verbRE.FindAllString(m.EN(), -1)); n != len(d.Args) {
			t.Errorf("%s %s: %d args for %d verbs", d.Path, d.Key, len(d.Args), n)
		}
		for _, lang := range onetrip.Langs {
			if s := onetrip.Render(lang, d.Key, d.Args...); strings.Contains(s, "%!") {
				t.Errorf("%s renders badly: %s", d.Key, s)
			}
		}
	}
	if len(rulesSeen) < 30 {
		t.Errorf("only %d distinct keys exercised", len(rulesSeen))
	}
	if !strings.Contains(onetrip.Render(onetrip.LangZH, e.Key, e.Args...), "整份目录不予导入") {
		t.Errorf("summary: %s", e.Error())
	}
}
