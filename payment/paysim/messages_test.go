package paysim

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"onetrip"
)

// TestMessageKeys checks that every key the simulator uses is registered
// with the same verbs in both languages.
func TestMessageKeys(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	keyRE := regexp.MustCompile(`"((?:paysim|payment)\.[a-z_.]+[a-z_])"`)
	verbRE := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	used := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(src), -1) {
			used++
			msg, ok := onetrip.Lookup(m[1])
			if !ok {
				t.Errorf("%s: key %s is not registered", name, m[1])
				continue
			}
			norm := func(s string) string {
				return strings.ReplaceAll(strings.Join(verbRE.FindAllString(s, -1), " "), "%q", "%s")
			}
			if norm(msg.ZH()) != norm(msg.EN()) {
				t.Errorf("%s: verbs differ", m[1])
			}
		}
	}
	if used < 15 {
		t.Fatalf("only %d keys found: the scan is broken", used)
	}
}
