package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"onetrip"
)

var keyShape = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)
var templateKey = regexp.MustCompile(`\bT "([a-z0-9_.]+)"`)
var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// TestMessageCatalogue fails when a message key used in the code or the
// templates is missing from the catalogue, or when a message lacks its zh-CN
// or en text or the two disagree on their format verbs.
func TestMessageCatalogue(t *testing.T) {
	keys := onetrip.Keys()
	if len(keys) < 100 {
		t.Fatalf("only %d keys registered: is every package linked in?", len(keys))
	}
	prefixes := map[string]bool{}
	for _, k := range keys {
		prefixes[strings.SplitN(k, ".", 2)[0]] = true
		m, _ := onetrip.Lookup(k)
		if strings.TrimSpace(m.ZH()) == "" || strings.TrimSpace(m.EN()) == "" {
			t.Errorf("%s: missing zh-CN or en text", k)
		}
		// %q and %s are the same argument in two typographies (English
		// quotes it, Chinese uses “”), so they count as one verb.
		norm := func(s string) string {
			return strings.ReplaceAll(strings.Join(verb.FindAllString(s, -1), " "), "%q", "%s")
		}
		zv, ev := norm(m.ZH()), norm(m.EN())
		if zv != ev {
			t.Errorf("%s: zh-CN verbs %v, en verbs %v", k, zv, ev)
		}
	}
	root := filepath.Join("..", "..")
	used := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "onetrip-data") {
			return filepath.SkipDir
		}
		switch {
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err == nil && keyShape.MatchString(s) && prefixes[strings.SplitN(s, ".", 2)[0]] {
					used[s] = path
				}
				return true
			})
		case strings.HasSuffix(path, ".html"):
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
				used[m[1]] = path
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, where := range used {
		if _, ok := onetrip.Lookup(k); !ok {
			t.Errorf("%s: message key %q is not in the catalogue", where, k)
		}
	}
}
