package workday

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"onetrip"
)

var verbRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// Every workday.* key the package's code names is registered, in both
// languages with the same verbs, and every kind and status has a name.
func TestMessagesRegistered(t *testing.T) {
	keyRE := regexp.MustCompile(`"(workday\.[a-z_.]+)"`)
	files, _ := filepath.Glob("*.go")
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "messages.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") {
				used[m[1]] = true
			}
		}
	}
	for _, k := range Kinds {
		used[KindKey(k)] = true
	}
	for _, s := range []Status{StatusNormal, StatusDueSoon, StatusOverdue, StatusSuspended} {
		used[s.Key()] = true
	}
	if len(used) < 20 {
		t.Fatalf("found only %d keys: %v", len(used), used)
	}
	for k := range used {
		m, ok := onetrip.Lookup(k)
		if !ok {
			t.Errorf("%s is not registered", k)
			continue
		}
		if m.ZH() == "" || m.EN() == "" {
			t.Errorf("%s: empty text", k)
		}
		zv, ev := verbRE.FindAllString(m.ZH(), -1), verbRE.FindAllString(m.EN(), -1)
		if strings.Join(zv, " ") != strings.Join(ev, " ") {
			t.Errorf("%s: verbs differ: zh %v, en %v", k, zv, ev)
		}
	}
	for _, k := range onetrip.Keys() {
		if strings.HasPrefix(k, "workday.") && !used[k] {
			t.Errorf("%s is registered but never used", k)
		}
	}
	if got := onetrip.Render(onetrip.LangZH, KindKey(KindHearing)); got != "听证" {
		t.Errorf("hearing = %q", got)
	}
	if got := onetrip.Render(onetrip.LangEN, StatusSuspended.Key()); got != "clock stopped" {
		t.Errorf("suspended = %q", got)
	}
}
