package onetrip_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDomainImportsNoAdapters keeps the arrows pointing from the adapters
// to the domain: no domain package imports, directly or through another
// package of the module, the store, the HTTP layers or the wiring.
func TestDomainImportsNoAdapters(t *testing.T) {
	domain := []string{"casework", "policy", "intake", "review", "catalog", "workday", "licence", "seal", "idcode", "org", "region", "auth", "blob"}
	adapters := map[string]bool{"sqlstore": true, "httpapi": true, "web": true, "httpx": true, "server": true, "app": true, "jobs": true, "demo": true, "bench": true}
	imports := func(dir string) []string {
		var out []string
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, im := range af.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				if rest, ok := strings.CutPrefix(p, "onetrip/"); ok {
					out = append(out, rest)
				}
			}
		}
		return out
	}
	for _, d := range domain {
		if _, err := os.Stat(d); err != nil {
			t.Fatalf("domain package %s: %v", d, err)
		}
		seen := map[string]string{d: ""}
		queue := []string{d}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			for _, im := range imports(p) {
				if adapters[strings.SplitN(im, "/", 2)[0]] {
					t.Errorf("%s imports adapter %s (via %s)", d, im, p)
				}
				if _, ok := seen[im]; !ok {
					seen[im] = p
					queue = append(queue, im)
				}
			}
		}
	}
}
