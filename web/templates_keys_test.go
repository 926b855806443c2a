package web

import (
	"io/fs"
	"regexp"
	"testing"

	"onetrip"
)

// TestTemplateKeysAreRegistered: every message key a template names
// literally ({{$.T "ui.…"}}) exists in both languages — a missing one
// would show the key itself to the user.
func TestTemplateKeysAreRegistered(t *testing.T) {
	key := regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	names, _ := fs.Glob(templateFiles, "templates/*.html")
	for _, n := range names {
		b, err := fs.ReadFile(templateFiles, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllSubmatch(b, -1) {
			k := string(m[1])
			msg, ok := onetrip.Lookup(k)
			if !ok || msg.ZH() == "" || msg.EN() == "" {
				t.Errorf("%s: key %s is not registered in both languages", n, k)
			}
		}
	}
}
